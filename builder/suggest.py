"""`python -m builder suggest`: what in the articles is worth curating.

Reads the validated content and the articles as the site shows them (plain
text of each paragraph, the curated names already found in it), and lists:

- names: capitalised multi-word names, acronyms and names after titles, with
  a likely `kind` where a cue says so, for actors.yaml;
- terms: names of things, places and events ("Korean War"), phrases in
  quotes or parentheses and repeated noun phrases, for glossary.yaml;
- claims: sentences with figures or superlatives that no fact box or event
  quotes yet, for facts.yaml;
- dates: dates and years in the text that no timeline event covers;
- unused: actors and terms that nothing mentions, links to or lists, and
  sources that nothing cites.

Each suggestion carries every place it occurs (`path:line:column`, and the
paragraph's id for links) and a YAML stub to paste. Within a section the most
frequent come first, then the earliest. Rules only, no model: the rules are
documented in docs/SPEC.md ("suggest") and the word lists are in lexicon.py.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from builder import lexicon as lx
from builder import model
from builder.dates import PartialDate
from builder.diagnostics import Diagnostic, has_errors
from builder.link import Linked, build_matcher, link_content
from builder.load import load_content
from builder.markdown.block_ids import Block
from builder.english import (Claim, Token, capitalised_runs, dates_in, figures, is_place,
                             is_demonym, is_term_word, name_tail, people_of, person_cue, sentences,
                             superlatives, words_of)
from builder.markdown.wikilinks import WIKILINK
from builder.new import slugify, yaml_scalar
from builder.validate import validate

SECTIONS = {
    "names": "Names: people, countries, organisations",
    "terms": "Terms",
    "claims": "Claims to check: figures and superlatives no fact box quotes yet",
    "dates": "Dates not on the timeline",
    "unused": "Unused: entries nothing mentions, links to or lists; sources nothing cites",
}
TARGETS = {"names": "content/actors.yaml", "terms": "content/glossary.yaml",
           "claims": "content/facts.yaml", "dates": "content/timeline.yaml", "unused": ""}


@dataclass(frozen=True, slots=True)
class Place:
    path: str
    line: int
    column: int
    slug: str = ""
    """The article's slug, '' for a place in a YAML file."""
    block_id: str = ""
    """The paragraph's id on the article page."""

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Suggestion:
    section: str
    text: str
    places: tuple[Place, ...]
    note: str
    """Why: the cue for a kind, "in quotes", "figure", ..."""
    stub: str
    """YAML to paste into TARGETS[section]; '' for unused entries."""

    @property
    def count(self) -> int:
        return len(self.places)


@dataclass
class Report:
    sections: dict[str, list[Suggestion]]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def suggest(root: Path) -> Report:
    """Suggestions for the project at `root`; content errors come back as diagnostics."""
    root = Path(root)
    content, diagnostics = validate(load_content(root), root)
    if content is None or has_errors(diagnostics):
        return Report({name: [] for name in SECTIONS}, diagnostics)
    # Seeds are not read: suggest lists what to curate, the build checks the words.
    linked = link_content(content, {})
    return Report(_Reader(content, linked).suggestions())


# -- reading the articles -------------------------------------------------------

@dataclass(slots=True)
class _Block:
    article: model.Article
    block: Block
    order: int
    covered: list[tuple[int, int]]
    """Spans of curated names and terms in the text."""
    quoted: list[tuple[int, int]]
    """Spans of fact and event quotes in the text."""
    source: str = ""
    """The block's Markdown: its lines of the article, up to a blank line."""
    sentences: list[tuple[int, int, list[Token]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.block.text

    def overlaps(self, spans, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in spans)


@dataclass(slots=True)
class _Candidate:
    text: str
    kind: str = ""
    occurrences: list[tuple[_Block, int, int]] = field(default_factory=list)
    cues: dict[str, str] = field(default_factory=dict)
    """kind -> the words that suggest it, first seen."""
    aliases: list[str] = field(default_factory=list)
    note: str = ""

    def add(self, block: _Block, start: int, end: int) -> None:
        self.occurrences.append((block, start, end))

    def cue(self, kind: str, words: str) -> None:
        self.cues.setdefault(kind, words)

    @property
    def first(self) -> tuple[int, int]:
        return min((b.order, s) for b, s, _ in self.occurrences)

    @property
    def rank(self) -> tuple:
        return (-len(self.occurrences), self.first, self.text)


class _Reader:
    def __init__(self, content: model.Content, linked: Linked):
        self.content = content
        self.linked = linked
        self.blocks = self._blocks()
        self.ids = set(content.entries)
        self.curated = {name.casefold() for actor in content.actors
                        for name in (actor.name, *actor.aliases)}
        self.curated |= {name.casefold() for term in content.terms
                         for name in (term.term, *term.aliases)}
        # A word seen capitalised inside a sentence is a name wherever it stands;
        # one seen capitalised only at sentence starts is a common word.
        self.mid_capitals = {t.word for b in self.blocks for _, _, tokens in b.sentences
                             for i, t in enumerate(tokens) if i and t.capitalised}

    def _blocks(self) -> list[_Block]:
        matcher = build_matcher(self.content)
        quotes = [e.quote.text for e in (*self.content.facts, *self.content.events) if e.quote]
        blocks = []
        for item in self.linked.articles:
            lines = item.article.body.text.split("\n")
            for block in item.blocks:
                if block.kind == "heading" or not block.text:
                    continue
                covered = [(s, e) for s, e, _ in matcher.find(block.text)]
                quoted = [(m.start(), m.end()) for q in quotes
                          for m in re.finditer(re.escape(q), block.text)]
                rest = lines[block.line:]
                blocks.append(_Block(
                    item.article, block, len(blocks), covered, quoted,
                    source="\n".join(rest[:_paragraph_length(rest)]),
                    sentences=[(s, e, words_of(block.text, s, e)) for s, e in sentences(block.text)]))
        return blocks

    def suggestions(self) -> dict[str, list[Suggestion]]:
        names, terms = self._names()
        terms = self._merge_terms(terms + self._phrases())
        return {
            "names": [self._name_suggestion(c) for c in names],
            "terms": [self._term_suggestion(c) for c in terms],
            "claims": self._claims(),
            "dates": self._dates(),
            "unused": self._unused(),
        }

    # -- places ----------------------------------------------------------------
    def place(self, block: _Block, start: int, end: int) -> Place:
        """Where the words at [start, end) of a block's plain text stand in its file."""
        article, words = block.article, block.text[start:end]
        first_line = article.body.origin.line + block.block.line
        source = block.source
        pattern = r"\s+".join(re.escape(w) for w in words.split())
        matches = list(re.finditer(pattern, source)) if pattern else []
        nth = block.text.count(words, 0, start)
        line, column = first_line, 1
        if matches:
            index = matches[min(nth, len(matches) - 1)].start()
            line += source.count("\n", 0, index)
            column = index - (source.rfind("\n", 0, index) + 1) + 1
        return Place(article.origin.path, line, column, article.slug, block.block.id)

    def places(self, occurrences) -> tuple[Place, ...]:
        ordered = sorted(occurrences, key=lambda o: (o[0].order, o[1]))
        return tuple(self.place(b, s, e) for b, s, e in ordered)

    def is_curated(self, candidate: _Candidate) -> bool:
        return candidate.text.casefold() in self.curated or any(
            b.overlaps(b.covered, s, e) for b, s, e in candidate.occurrences)

    # -- names -----------------------------------------------------------------
    def _names(self) -> tuple[list[_Candidate], list[_Candidate]]:
        found: dict[str, _Candidate] = {}
        for block in self.blocks:
            for _, _, tokens in block.sentences:
                for run in capitalised_runs(tokens, block.text):
                    self._read_run(block, tokens, run, found)
        self._read_acronym_pairs(found)
        candidates = [c for c in found.values() if not self.is_curated(c)]
        for candidate in candidates:
            candidate.kind, candidate.note = _kind(candidate)
        candidates = _merge_aliases(candidates)
        names = sorted((c for c in candidates if c.kind != "term"), key=lambda c: c.rank)
        terms = [c for c in candidates if c.kind == "term"]
        return names, terms

    def _read_run(self, block: _Block, tokens: list[Token], run: list[int],
                  found: dict[str, _Candidate]) -> None:
        text = block.text
        if run[0] == 0:
            # The first word of a sentence: a function word is no part of a name,
            # and a lone word never capitalised elsewhere is a common one.
            first = tokens[0]
            if first.word.lower() in lx.STOPWORDS or (
                    len(run) == 1 and first.word not in self.mid_capitals):
                run = run[1:]
        for position, index in enumerate(run[:-1]):
            # "National Security Council Asia policy director": the place after an
            # organisation's name belongs to what follows.
            if tokens[index].word in lx.ORGANIZATION_WORDS and is_place(tokens[run[position + 1]].word):
                run = run[:position + 1]
                break
        if not run:
            return
        cue = ""
        titles = [i for i, index in enumerate(run) if tokens[index].word in lx.PERSON_TITLES]
        if titles:
            after = run[titles[-1] + 1:]
            if after and tokens[after[0]].text == "of":
                after = after[2:]
            words = {tokens[i].word for i in after}
            if after and not words & (lx.ORGANIZATION_WORDS | lx.TERM_HEADS):
                cue = " ".join(tokens[i].word for i in run[titles[-1]:])
                run = after
            elif not after:
                return  # only a title: "the Russian President"
        while run and tokens[run[0]].text in lx.CONNECTORS:
            run = run[1:]
        if not run:
            return
        last = tokens[run[-1]]
        following = tokens[run[-1] + 1] if run[-1] + 1 < len(tokens) else None
        if (len(run) <= 2 and is_demonym(last.word) and following is not None
                and text[last.end:following.start] == " " and following.text[0].islower()
                and following.text not in lx.STOPWORDS):
            return  # an adjective: "Russian technology", "North Korean leader"
        if len(run) == 1 and (last.word in lx.EVERYDAY_ACRONYMS or last.word in lx.ROMAN_NUMERALS
                              or last.word.lower() in lx.STOPWORDS or len(last.word) < 2):
            return
        start, end = tokens[run[0]].start, last.start + len(last.word)
        tail, tail_kind = name_tail(tokens, run[-1], text)
        if tail is not None:
            end = tail.start + len(tail.word)
        name = text[start:end]
        if name in lx.REGIONS or name in lx.MONTHS or name in lx.WEEKDAYS:
            return
        candidate = found.setdefault(name, _Candidate(name))
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

    def _read_acronym_pairs(self, found: dict[str, _Candidate]) -> None:
        """'Center for Strategic and International Studies (CSIS)': the acronym is an alias."""
        for name, candidate in list(found.items()):
            for block, _, end in candidate.occurrences:
                match = re.match(r" \(((?:[A-Z]\.?){2,})\)", block.text[end:])
                acronym = match.group(1) if match else ""
                if acronym and acronym in found and acronym != name:
                    other = found.pop(acronym)
                    candidate.occurrences += other.occurrences
                    candidate.aliases.append(acronym)
                    break

    def _name_suggestion(self, c: _Candidate) -> Suggestion:
        entry_id = self._new_id(slugify(c.text))
        lines = [f"- id: {entry_id}", f"  name: {yaml_scalar(c.text)}",
                 f"  kind: {c.kind}" + (f"  # {c.note}" if c.note else "")]
        if c.aliases:
            lines.append(f"  aliases: {_flow_list(c.aliases)}")
        return Suggestion("names", c.text, self.places(c.occurrences), f"{c.kind}: {c.note}",
                          "\n".join(lines) + "\n")

    # -- terms -----------------------------------------------------------------
    def _phrases(self) -> list[_Candidate]:
        """Phrases in quotes or parentheses, prefixed compounds, and noun phrases
        that occur twice or more."""
        quoted: dict[str, _Candidate] = {}
        counted: dict[str, _Candidate] = {}
        for block in self.blocks:
            for pattern, note, most in ((r"[“\"]([^”\"]+)[”\"]", "in quotes", 5),
                                        (r"\(([^()]+)\)", "in parentheses", 4)):
                for match in re.finditer(pattern, block.text):
                    phrase = match.group(1).strip()
                    words = phrase.split()
                    if (1 <= len(words) <= most and phrase[-1] not in ".,;:!?"
                            and words[0].lower() not in lx.STOPWORDS and re.search(r"[^\W\d_]", phrase)
                            and not re.fullmatch(r"(?:[A-Z]\.?){2,}", phrase)):
                        quoted.setdefault(phrase.casefold(), _Candidate(phrase, "term", note=note))
            for _, _, tokens in block.sentences:
                for token in tokens:
                    word = token.word.lower()
                    if word.startswith(lx.TERM_PREFIXES) and word.count("-") == 1 \
                            and len(word.split("-")[1]) > 3:
                        counted.setdefault(word, _Candidate(word, "term", note="a prefixed compound")) \
                            .add(block, token.start, token.start + len(token.word))
                for n in (3, 2):
                    for i in range(len(tokens) - n + 1):
                        gram = tokens[i:i + n]
                        if all(is_term_word(t) for t in gram) and all(
                                block.text[a.end:b.start] == " " for a, b in zip(gram, gram[1:])):
                            start, end = gram[0].start, gram[-1].end
                            phrase = block.text[start:end]
                            counted.setdefault(phrase.casefold(), _Candidate(phrase, "term", note="repeated")) \
                                .add(block, start, end)
        # Quoted words count wherever they occur, quoted or not.
        for key, candidate in quoted.items():
            pattern = re.compile(r"(?<![\w’'-])" + re.escape(key) + r"(?![\w’'-])", re.IGNORECASE)
            for block in self.blocks:
                for match in pattern.finditer(block.text):
                    candidate.add(block, match.start(), match.end())
        found = {**counted, **quoted}
        result = [c for c in found.values() if c.occurrences and not self.is_curated(c)
                  and (c.note != "repeated" or len(c.occurrences) >= 2)]
        # A phrase inside a longer one found as often says nothing more.
        return [c for c in result if not any(
            o is not c and len(o.occurrences) >= len(c.occurrences)
            and re.search(r"(?<!\w)" + re.escape(c.text.casefold()) + r"(?!\w)", o.text.casefold())
            and o.note == "repeated" == c.note for o in result)]

    def _merge_terms(self, terms: list[_Candidate]) -> list[_Candidate]:
        merged: dict[str, _Candidate] = {}
        for term in terms:
            key = term.text.casefold()
            if key in merged:
                known = merged[key]
                seen = {(b.order, s) for b, s, _ in known.occurrences}
                known.occurrences += [o for o in term.occurrences if (o[0].order, o[1]) not in seen]
            else:
                merged[key] = term
        return sorted(merged.values(), key=lambda c: c.rank)

    def _term_suggestion(self, c: _Candidate) -> Suggestion:
        entry_id = self._new_id(slugify(c.text))
        lines = [f"- id: {entry_id}", f"  term: {yaml_scalar(c.text)}"]
        if c.aliases:
            lines.append(f"  aliases: {_flow_list(c.aliases)}")
        lines.append("  definition:   # one or two sentences, Markdown")
        return Suggestion("terms", c.text, self.places(c.occurrences), c.note,
                          "\n".join(lines) + "\n")

    # -- claims ----------------------------------------------------------------
    def _claims(self) -> list[Suggestion]:
        result = []
        for block in self.blocks:
            for start, end, tokens in block.sentences:
                if block.overlaps(block.quoted, start, end):
                    continue
                claims = figures(tokens, block.text) + superlatives(tokens, block.text)
                if not claims:
                    continue
                claims.sort(key=lambda c: c.start)
                stubs = [self._fact_stub(c) for c in claims]
                note = "; ".join(f"{c.kind}: {c.quote}" for c in claims)
                sentence = block.text[start:end]
                result.append(Suggestion("claims", sentence, (self.place(block, start, end),),
                                         note, "".join(stubs)))
        return result

    def _fact_stub(self, claim: Claim) -> str:
        entry_id = self._new_id("fact-" + slugify(" ".join(claim.quote.split()[:6])))
        lines = [f"- id: {entry_id}", f"  title: {yaml_scalar(claim.quote[0].upper() + claim.quote[1:])}"]
        if claim.value is not None:
            lines += ["  kind: figure", f"  value: {claim.value:g}" if isinstance(claim.value, float)
                      else f"  value: {claim.value}"]
            if claim.qualifier:
                lines.append(f"  qualifier: {claim.qualifier}")
            if claim.unit:
                lines.append(f"  unit: {yaml_scalar(claim.unit)}")
        else:
            lines.append("  kind: context")
        lines += ["  status: reported   # confirmed, reported, unconfirmed or disputed: check it",
                  f"  quote: {yaml_scalar(claim.quote)}",
                  "  # claimed_by: the actor who makes the claim",
                  "  # sources: [ids of the sources that check it]"]
        return "\n".join(lines) + "\n"

    # -- dates -----------------------------------------------------------------
    def _dates(self) -> list[Suggestion]:
        found: dict[str, tuple[PartialDate, list]] = {}
        for block in self.blocks:
            for start, end, date in dates_in(block.text, block.article.published):
                if block.overlaps(block.quoted, start, end) or self._on_timeline(date):
                    continue
                found.setdefault(date.iso, (date, []))[1].append((block, start, end))
        result = []
        for date, occurrences in found.values():
            block, start, end = min(occurrences, key=lambda o: (o[0].order, o[1]))
            words = block.text[start:end]
            entry_id = self._new_id(f"ev-{date.iso}")
            stub = (f"- id: {entry_id}\n  date: {date.iso}\n"
                    "  title:   # what happened, in a few words\n"
                    f"  quote: {yaml_scalar(words)}\n")
            result.append((-len(occurrences), (block.order, start),
                           Suggestion("dates", words, self.places(occurrences), date.text, stub)))
        return [s for *_, s in sorted(result, key=lambda r: r[:2])]

    def _on_timeline(self, date: PartialDate) -> bool:
        return any(e.date.first_day <= date.last_day and date.first_day <= (e.end or e.date).last_day
                   for e in self.content.events)

    # -- unused ----------------------------------------------------------------
    def _unused(self) -> list[Suggestion]:
        used = set(self.linked.backlinks) | set(self.linked.referenced_by)
        for article in self.content.articles:
            used.add(article.author)
            for text in (article.body, article.summary):
                if text is not None:
                    used |= {m.group(1).strip() for m in WIKILINK.finditer(text.text)}
        result = []
        for entries, what in ((self.content.actors, "mentioned, linked or listed nowhere: mention"),
                              (self.content.terms, "mentioned, linked or listed nowhere: mention"),
                              (self.content.sources, "cited nowhere: cite")):
            for entry in entries:
                if entry.id not in used:
                    origin = entry.origin
                    result.append(Suggestion(
                        "unused", entry.id, (Place(origin.path, origin.line, origin.column),),
                        f"'{entry.id}' is {what} it or remove it", ""))
        return result

    def _new_id(self, base: str) -> str:
        base = base.strip("-") or "entry"
        entry_id, n = base, 2
        while entry_id in self.ids:
            entry_id, n = f"{base}-{n}", n + 1
        self.ids.add(entry_id)
        return entry_id


# -- kinds and aliases -----------------------------------------------------------


def _kind(c: _Candidate) -> tuple[str, str]:
    """The likely kind and the cue that says so."""
    words = c.text.split()
    if "person" in c.cues:
        return "person", f'"{c.cues["person"]}"'
    if "group" in c.cues:
        return "group", f'"{c.cues["group"]}"'
    if set(words) & lx.ORGANIZATION_WORDS:
        return "organization", f'"{next(w for w in words if w in lx.ORGANIZATION_WORDS)}"'
    if "organization" in c.cues and words[-1] not in lx.TERM_HEADS \
            and c.text not in lx.COUNTRY_CAPITALS and c.text not in lx.CAPITALS:
        return "organization", f'"{c.cues["organization"]}"'
    if words[-1] in lx.TERM_HEADS:
        return "term", f'a name of a thing, place or event ("{words[-1]}")'
    if c.text in lx.COUNTRY_CAPITALS or c.text in lx.COUNTRY_ACRONYMS:
        return "country", "a country"
    if c.text in lx.CAPITALS:
        return "country", f"the capital of {lx.CAPITALS[c.text]}: perhaps an alias of it"
    country = people_of(c.text)
    if country:
        return "country", f"the people of {country}: perhaps an alias of it"
    if len(words) == 1 and words[0].replace(".", "").isupper():
        return "organization", "an acronym (a guess)"
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        return "person", "a guess: no cue in the text"
    return "organization", "a guess: no cue in the text"


def _merge_aliases(candidates: list[_Candidate]) -> list[_Candidate]:
    """A name that begins or ends a longer one becomes its alias, in the longer
    name found most often: 'Security Council' of 'U.N. Security Council' (the
    same kind), 'Putin' of 'Vladimir Putin' (one word without a kind of its
    own, only into a person's name)."""
    by_rank = sorted(candidates, key=lambda c: c.rank)
    merged: set[int] = set()
    for short in sorted(candidates, key=lambda c: (len(c.text.split()), c.rank)):
        words = short.text.split()
        n = len(words)
        if short.aliases:
            continue  # it has aliases of its own ("CSIS"): a name in its own right
        if n == 1 and not (short.kind == "person" or short.note.startswith("a guess")):
            continue

        def fits(home: _Candidate) -> bool:
            home_words = home.text.split()
            return (home is not short and id(home) not in merged and len(home_words) > n
                    and (home_words[:n] == words or home_words[-n:] == words)
                    and home.kind == ("person" if n == 1 else short.kind))

        homes = [c for c in by_rank if fits(c)]
        if not homes:
            continue
        # The long form an article last named before the short one, else the most frequent.
        before = [c for c in homes if c.first < short.first]
        home = max(before, key=lambda c: c.first) if before else homes[0]
        if home is not None:
            home.occurrences += short.occurrences
            home.aliases.append(short.text)
            merged.add(id(short))
    return [c for c in candidates if id(c) not in merged]


def _flow_list(items: list[str]) -> str:
    """[a, b] in YAML, quoting what a flow list needs quoted ("Kim, Jr.")."""
    return yaml.safe_dump(items, default_flow_style=True, allow_unicode=True, width=10_000).strip()


def _paragraph_length(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if not line.strip():
            return index
    return len(lines)


# -- output ---------------------------------------------------------------------

def format_text(report: Report) -> str:
    """Each section as YAML for its file: the place and reason as a comment,
    then the stub, so a section can be pasted whole."""
    out = []
    for section, title in SECTIONS.items():
        items = report.sections[section]
        target = f" -> {TARGETS[section]}" if TARGETS[section] else ""
        out.append(f"# == {title}{target}: {len(items)}")
        for item in items:
            times = f", {item.count} times" if item.count > 1 else ""
            text = item.text if len(item.text) <= 120 else item.text[:117].rsplit(" ", 1)[0] + " ..."
            out.append(f"# {item.places[0].format()}: {text}{times} ({item.note})")
            if item.stub:
                out.append(item.stub.rstrip("\n"))
        out.append("")
    return "\n".join(out)


def format_yaml(report: Report) -> str:
    data = {section: [{
        "text": item.text,
        "count": item.count,
        "at": [place.format() for place in item.places],
        "note": item.note,
        "file": TARGETS[section] or None,
        "stub": item.stub or None,
    } for item in items] for section, items in report.sections.items()}
    return yaml.dump(data, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=100)


class _BlockDumper(yaml.SafeDumper):
    """Stubs as literal blocks (`stub: |`), readable as they will be pasted."""


_BlockDumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


def run(root: Path, output: str) -> int:
    """The command: the report on stdout, content errors on stderr."""
    report = suggest(root)
    for diagnostic in report.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    if not report.ok:
        print("suggest needs content that validates: fix the errors above first", file=sys.stderr)
        return 1
    sys.stdout.write(format_yaml(report) if output == "yaml" else format_text(report))
    return 0
