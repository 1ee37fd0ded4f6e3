"""The articles as `suggest` reads them: each paragraph's plain text (as link
renders it), its sentences and words, what is curated in it already, and
where its words stand in the file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from builder import model
from builder.link import Linked, build_matcher
from builder.markdown.block_ids import Block
from builder.suggest.english import Token, sentences, words_of
from builder.suggest.report import Place


@dataclass(slots=True)
class Paragraph:
    """A paragraph or list item of an article (headings are not read)."""

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
class Candidate:
    """A name or term found, with every place it occurs."""

    text: str
    kind: str = ""
    occurrences: list[tuple[Paragraph, int, int]] = field(default_factory=list)
    cues: dict[str, str] = field(default_factory=dict)
    """kind -> the words that suggest it, first seen."""
    aliases: list[str] = field(default_factory=list)
    note: str = ""

    def add(self, block: Paragraph, start: int, end: int) -> None:
        self.occurrences.append((block, start, end))

    def cue(self, kind: str, words: str) -> None:
        self.cues.setdefault(kind, words)

    @property
    def first(self) -> tuple[int, int]:
        return min((b.order, s) for b, s, _ in self.occurrences)

    @property
    def rank(self) -> tuple:
        return (-len(self.occurrences), self.first, self.text)


class Reader:
    """What every section of suggestions reads: the paragraphs, the names
    curated already, and the ids taken (stubs get new ones)."""

    def __init__(self, content: model.Content, linked: Linked):
        self.content = content
        self.linked = linked
        self.blocks = _paragraphs(content, linked)
        self.ids = set(content.entries)
        self.curated = {name.casefold() for actor in content.actors
                        for name in (actor.name, *actor.aliases)}
        self.curated |= {name.casefold() for term in content.terms
                         for name in (term.term, *term.aliases)}
        # A word seen capitalised inside a sentence is a name wherever it stands;
        # one seen capitalised only at sentence starts is a common word.
        self.mid_capitals = {t.word for b in self.blocks for _, _, tokens in b.sentences
                             for i, t in enumerate(tokens) if i and t.capitalised}

    def place(self, block: Paragraph, start: int, end: int) -> Place:
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

    def is_curated(self, candidate: Candidate) -> bool:
        return candidate.text.casefold() in self.curated or any(
            b.overlaps(b.covered, s, e) for b, s, e in candidate.occurrences)

    def new_id(self, base: str) -> str:
        """`base`, or `base-2`, `base-3`...: an id no entry or earlier stub has."""
        base = base.strip("-") or "entry"
        entry_id, n = base, 2
        while entry_id in self.ids:
            entry_id, n = f"{base}-{n}", n + 1
        self.ids.add(entry_id)
        return entry_id


def _paragraphs(content: model.Content, linked: Linked) -> list[Paragraph]:
    matcher = build_matcher(content)
    quotes = [e.quote.text for e in (*content.facts, *content.events) if e.quote]
    blocks = []
    for item in linked.articles:
        lines = item.article.body.text.split("\n")
        for block in item.blocks:
            if block.kind == "heading" or not block.text:
                continue
            covered = [(s, e) for s, e, _ in matcher.find(block.text)]
            quoted = [(m.start(), m.end()) for q in quotes
                      for m in re.finditer(re.escape(q), block.text)]
            rest = lines[block.line:]
            blocks.append(Paragraph(
                item.article, block, len(blocks), covered, quoted,
                source="\n".join(rest[:_paragraph_length(rest)]),
                sentences=[(s, e, words_of(block.text, s, e)) for s, e in sentences(block.text)]))
    return blocks


def _paragraph_length(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if not line.strip():
            return index
    return len(lines)
