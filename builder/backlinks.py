"""Who mentions and who names an entry: backlinks to paragraphs, references between entries.

    The article's paragraph p_what-to-make-of mentions "Putin" ->
    backlinks["putin"] == (Backlink("kim-putin", "p_what-to-make-of", 1,
                                    Snippet.of("What to make of ", "Putin", "’s short stay …")),)
"""

from __future__ import annotations

from dataclasses import dataclass

from builder import model
from builder.markdown.autolink import Mention
from builder.markdown.block_ids import Block

SNIPPET_CHARS = 90
REFERENCE_FIELDS = ("sources", "related", "actors", "see_also", "claimed_by")
"""Fields that name other entries; a Markdown [[id]] names one too, and so do the sources of
a fact's series points."""


CUT_BEFORE, CUT_AFTER = "… ", " …"
"""What stands for the text a snippet leaves out, before and after."""


@dataclass(frozen=True, slots=True)
class Snippet:
    """The words and the text around them (`before`, `words`, `after`), kept
    as one window of text, where the words lie in it, and whether it was cut
    at either side: the ellipses are added when read. A '…' in a string makes
    Python store each of its characters in two bytes, and three strings took
    about twice the memory: at N=5000 the parent holds 173,000 snippets, and
    this form saved it 36 MB (bench/scale.py). Make one with `Snippet.of`."""

    text: str
    start: int
    end: int
    cut_before: bool
    cut_after: bool

    @classmethod
    def of(cls, before: str, words: str, after: str) -> Snippet:
        cut_before, cut_after = before.startswith(CUT_BEFORE), after.endswith(CUT_AFTER)
        before = before[len(CUT_BEFORE):] if cut_before else before
        after = after[:-len(CUT_AFTER)] if cut_after else after
        return cls(before + words + after, len(before), len(before) + len(words), cut_before, cut_after)

    @property
    def before(self) -> str:
        return (CUT_BEFORE if self.cut_before else "") + self.text[:self.start]

    @property
    def words(self) -> str:
        return self.text[self.start:self.end]

    @property
    def after(self) -> str:
        return self.text[self.end:] + (CUT_AFTER if self.cut_after else "")


@dataclass(frozen=True, slots=True)
class Backlink:
    """One mention of an entry in an article, with where to find it."""

    slug: str
    block_id: str
    number: int
    """The paragraph's place in its article (headings not counted), from 1."""
    snippet: Snippet


def article_backlinks(slug: str, blocks: tuple[Block, ...],
                      mentions: tuple[Mention, ...]) -> dict[str, tuple[Backlink, ...]]:
    """Entry id -> one backlink per paragraph of the article that mentions it, in reading order."""
    # A tight list item's second paragraph shares its id: count each id once.
    ids = dict.fromkeys(b.id for b in blocks if b.kind != "heading")
    numbers = {block_id: n for n, block_id in enumerate(ids, 1)}
    texts: dict[str, str] = {}
    for block in blocks:
        texts.setdefault(block.id, block.text)
    result: dict[str, list[Backlink]] = {}
    seen = set()
    for mention in mentions:
        key = (mention.entry_id, mention.block_id)
        if key in seen:
            continue
        seen.add(key)
        result.setdefault(mention.entry_id, []).append(Backlink(
            slug, mention.block_id, numbers.get(mention.block_id, 0),
            snippet(texts.get(mention.block_id, ""), mention.words)))
    return {entry_id: tuple(links) for entry_id, links in result.items()}


def snippet(text: str, words: str) -> Snippet:
    """A short window of `text` around the first occurrence of `words`."""
    start = text.find(words) if words else -1
    if start < 0:
        cut = text if len(text) <= 2 * SNIPPET_CHARS else text[:2 * SNIPPET_CHARS].rsplit(" ", 1)[0] + CUT_AFTER
        return Snippet.of(cut, "", "")
    before = text[:start]
    after = text[start + len(words):]
    if len(before) > SNIPPET_CHARS:
        before = CUT_BEFORE + before[-SNIPPET_CHARS:].split(" ", 1)[-1]
    if len(after) > SNIPPET_CHARS:
        after = after[:SNIPPET_CHARS].rsplit(" ", 1)[0] + CUT_AFTER
    return Snippet.of(before, words, after)


def references(content: model.Content, named_in_text: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """Entry id -> ids of the entries that name it, in file order.

    `named_in_text` gives, per entry, the ids its Markdown fields link with [[id]].
    """
    result: dict[str, dict[str, None]] = {}  # ordered sets: an entry named by thousands stays linear
    for entry in content.entries.values():
        named = [ref.id for ref in _field_references(entry)] + named_in_text.get(entry.id, [])
        for target in named:
            if target != entry.id:
                result.setdefault(target, {})[entry.id] = None
    return {k: tuple(v) for k, v in result.items()}


def _field_references(entry: model.Entry) -> list[model.Reference]:
    found = []
    for name in REFERENCE_FIELDS:
        value = getattr(entry, name, None)
        if isinstance(value, model.Reference):
            found.append(value)
        elif value:
            found += value
    for point in getattr(entry, "series", ()):
        found += point.sources
    return found
