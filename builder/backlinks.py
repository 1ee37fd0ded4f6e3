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
from builder.snippets import Snippet, snippet

REFERENCE_FIELDS = ("sources", "related", "actors", "see_also", "claimed_by")
"""Fields that name other entries; a Markdown [[id]] names one too, and so do the sources of
a fact's series points."""


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
