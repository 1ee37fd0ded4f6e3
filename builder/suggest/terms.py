"""Terms: phrases in quotes or parentheses, prefixed compounds, repeated noun
phrases and the names of things, places and events; stubs for glossary.yaml."""

from __future__ import annotations

import re

from builder.new import slugify
from builder.suggest import lexicon as lx
from builder.suggest import stubs
from builder.suggest.english import Token, is_term_word
from builder.suggest.reading import Candidate, Paragraph, Reader
from builder.suggest.report import Suggestion

QUOTED = ((r"[“\"]([^”\"]+)[”\"]", "in quotes", 5), (r"\(([^()]+)\)", "in parentheses", 4))
"""Pattern, note, and the most words a phrase so marked may have."""


def terms(reader: Reader, named: list[Candidate]) -> list[Candidate]:
    """`named` (names of things found among the names) and the phrases found, one per
    phrase whatever its case, ranked."""
    merged: dict[str, Candidate] = {}
    for term in named + _phrases(reader):
        key = term.text.casefold()
        if key in merged:
            known = merged[key]
            seen = {(b.order, s) for b, s, _ in known.occurrences}
            known.occurrences += [o for o in term.occurrences if (o[0].order, o[1]) not in seen]
        else:
            merged[key] = term
    return sorted(merged.values(), key=lambda c: c.rank)


def _phrases(reader: Reader) -> list[Candidate]:
    """Phrases in quotes or parentheses, prefixed compounds, and noun phrases
    that occur twice or more."""
    quoted: dict[str, Candidate] = {}
    counted: dict[str, Candidate] = {}
    for block in reader.blocks:
        _read_quoted(block, quoted)
        for _, _, tokens in block.sentences:
            _count_compounds(block, tokens, counted)
            _count_noun_phrases(block, tokens, counted)
    # Quoted words count wherever they occur, quoted or not.
    for key, candidate in quoted.items():
        pattern = re.compile(r"(?<![\w’'-])" + re.escape(key) + r"(?![\w’'-])", re.IGNORECASE)
        for block in reader.blocks:
            for match in pattern.finditer(block.text):
                candidate.add(block, match.start(), match.end())
    found = {**counted, **quoted}
    result = [c for c in found.values() if c.occurrences and not reader.is_curated(c)
              and (c.note != "repeated" or len(c.occurrences) >= 2)]
    # A phrase inside a longer one found as often says nothing more.
    return [c for c in result if not any(
        o is not c and len(o.occurrences) >= len(c.occurrences)
        and re.search(r"(?<!\w)" + re.escape(c.text.casefold()) + r"(?!\w)", o.text.casefold())
        and o.note == "repeated" == c.note for o in result)]


def _read_quoted(block: Paragraph, quoted: dict[str, Candidate]) -> None:
    """Short phrases in quotes or parentheses (not sentences, numbers or acronyms)."""
    for pattern, note, most in QUOTED:
        for match in re.finditer(pattern, block.text):
            phrase = match.group(1).strip()
            words = phrase.split()
            if (1 <= len(words) <= most and phrase[-1] not in ".,;:!?"
                    and words[0].lower() not in lx.STOPWORDS and re.search(r"[^\W\d_]", phrase)
                    and not re.fullmatch(r"(?:[A-Z]\.?){2,}", phrase)):
                quoted.setdefault(phrase.casefold(), Candidate(phrase, "term", note=note))


def _count_compounds(block: Paragraph, tokens: list[Token], counted: dict[str, Candidate]) -> None:
    """'anti-Western', 'non-proliferation': a prefix, a hyphen and a word."""
    for token in tokens:
        word = token.word.lower()
        if word.startswith(lx.TERM_PREFIXES) and word.count("-") == 1 \
                and len(word.split("-")[1]) > 3:
            counted.setdefault(word, Candidate(word, "term", note="a prefixed compound")) \
                .add(block, token.start, token.start + len(token.word))


def _count_noun_phrases(block: Paragraph, tokens: list[Token], counted: dict[str, Candidate]) -> None:
    """Every run of three, then two, lowercase words that may form a noun phrase."""
    for n in (3, 2):
        for i in range(len(tokens) - n + 1):
            gram = tokens[i:i + n]
            if all(is_term_word(t) for t in gram) and all(
                    block.text[a.end:b.start] == " " for a, b in zip(gram, gram[1:])):
                start, end = gram[0].start, gram[-1].end
                phrase = block.text[start:end]
                counted.setdefault(phrase.casefold(), Candidate(phrase, "term", note="repeated")) \
                    .add(block, start, end)


def term_suggestion(reader: Reader, c: Candidate) -> Suggestion:
    return Suggestion("terms", c.text, reader.places(c.occurrences), c.note,
                      stubs.term(reader.new_id(slugify(c.text)), c))
