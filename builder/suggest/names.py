"""Names: runs of capitalised words, acronyms and names after titles, each
with the cue that says what it is; stubs for actors.yaml."""

from __future__ import annotations

from builder.new import slugify
from builder.suggest import lexicon as lx
from builder.suggest import stubs
from builder.suggest.english import Token, capitalised_runs, is_demonym, is_place, name_tail, person_cue
from builder.suggest.kinds import kind_of, merge_aliases, read_acronym_pairs
from builder.suggest.reading import Candidate, Paragraph, Reader
from builder.suggest.report import Suggestion


def names(reader: Reader) -> tuple[list[Candidate], list[Candidate]]:
    """Names not curated yet, ranked; and those whose last word makes them a term ("Korean War")."""
    found: dict[str, Candidate] = {}
    for block in reader.blocks:
        for _, _, tokens in block.sentences:
            for run in capitalised_runs(tokens, block.text):
                _read_run(reader, block, tokens, run, found)
    read_acronym_pairs(found)
    candidates = [c for c in found.values() if not reader.is_curated(c)]
    for candidate in candidates:
        candidate.kind, candidate.note = kind_of(candidate)
    candidates = merge_aliases(candidates)
    ranked = sorted((c for c in candidates if c.kind != "term"), key=lambda c: c.rank)
    terms = [c for c in candidates if c.kind == "term"]
    return ranked, terms


def _read_run(reader: Reader, block: Paragraph, tokens: list[Token], run: list[int],
              found: dict[str, Candidate]) -> None:
    """The name in a run of capitalised words, if there is one, and its cue."""
    text = block.text
    run = _after_organization(tokens, _without_sentence_start(tokens, run, reader.mid_capitals))
    if not run:
        return
    run, cue = _after_title(tokens, run)
    while run and tokens[run[0]].text in lx.CONNECTORS:
        run = run[1:]
    if not run or _is_no_name(tokens, run, text):
        return
    start, end = tokens[run[0]].start, tokens[run[-1]].start + len(tokens[run[-1]].word)
    tail, tail_kind = name_tail(tokens, run[-1], text)
    if tail is not None:
        end = tail.start + len(tail.word)
    name = text[start:end]
    if name in lx.REGIONS or name in lx.MONTHS or name in lx.WEEKDAYS:
        return
    candidate = found.setdefault(name, Candidate(name))
    candidate.add(block, start, end)
    if tail_kind:
        candidate.cue(tail_kind, name)
    elif cue:
        candidate.cue("person", cue)
    else:
        person = person_cue(tokens, run, text)
        if person:
            candidate.cue("person", person)
        elif run[0] > 0 and tokens[run[0] - 1].text == "at" and text[tokens[run[0] - 1].end:start] == " ":
            candidate.cue("organization", f"at {name}")


def _without_sentence_start(tokens: list[Token], run: list[int], mid_capitals: set[str]) -> list[int]:
    """The first word of a sentence: a function word is no part of a name,
    and a lone word never capitalised elsewhere is a common one."""
    if run[0] == 0:
        first = tokens[0]
        if first.word.lower() in lx.STOPWORDS or (len(run) == 1 and first.word not in mid_capitals):
            return run[1:]
    return run


def _after_organization(tokens: list[Token], run: list[int]) -> list[int]:
    """"National Security Council Asia policy director": the place after an
    organisation's name belongs to what follows."""
    for position, index in enumerate(run[:-1]):
        if tokens[index].word in lx.ORGANIZATION_WORDS and is_place(tokens[run[position + 1]].word):
            return run[:position + 1]
    return run


def _after_title(tokens: list[Token], run: list[int]) -> tuple[list[int], str]:
    """"President Vladimir Putin": the name after the title, and the title as a
    cue; no name when the run is only a title ("the Russian President")."""
    titles = [i for i, index in enumerate(run) if tokens[index].word in lx.PERSON_TITLES]
    if not titles:
        return run, ""
    after = run[titles[-1] + 1:]
    if after and tokens[after[0]].text == "of":
        after = after[2:]
    if not after:
        return [], ""
    if {tokens[i].word for i in after} & (lx.ORGANIZATION_WORDS | lx.TERM_HEADS):
        return run, ""
    return after, " ".join(tokens[i].word for i in run[titles[-1]:])


def _is_no_name(tokens: list[Token], run: list[int], text: str) -> bool:
    """An adjective ("Russian technology", "North Korean leader"), or one word
    that names nothing: an everyday acronym, a numeral, a function word."""
    last = tokens[run[-1]]
    following = tokens[run[-1] + 1] if run[-1] + 1 < len(tokens) else None
    if (len(run) <= 2 and is_demonym(last.word) and following is not None
            and text[last.end:following.start] == " " and following.text[0].islower()
            and following.text not in lx.STOPWORDS):
        return True
    return len(run) == 1 and (last.word in lx.EVERYDAY_ACRONYMS or last.word in lx.ROMAN_NUMERALS
                              or last.word.lower() in lx.STOPWORDS or len(last.word) < 2)


def name_suggestion(reader: Reader, c: Candidate) -> Suggestion:
    stub = stubs.actor(reader.new_id(slugify(c.text)), c)
    return Suggestion("names", c.text, reader.places(c.occurrences), f"{c.kind}: {c.note}", stub)
