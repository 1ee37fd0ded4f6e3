"""Who mentions and who names an entry: backlinks to paragraphs, references between entries.

    The article's paragraph p_what-to-make-of mentions "Putin" ->
    backlinks["putin"] == (Backlink("kim-putin", "p_what-to-make-of", 1,
                                    Snippet("What to make of ", "Putin", "’s short stay …")),)
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


@dataclass(frozen=True, slots=True)
class Snippet:
    before: str
    words: str
    after: str


@dataclass(frozen=True, slots=True)
class Backlink:
    """One mention of an entry in an article, with where to find it."""

    slug: str
    block_id: str
    number: int
    """The paragraph's place in its article (headings not counted), from 1."""
    snippet: Snippet


def backlinks(mentions: list[tuple[str, Mention]],
              blocks: dict[str, tuple[Block, ...]]) -> dict[str, tuple[Backlink, ...]]:
    """Entry id -> one backlink per paragraph that mentions it, in reading order.

    `mentions` are (article slug, mention); `blocks` the blocks of each article by slug.
    """
    texts, numbers = {}, {}
    for slug, article_blocks in blocks.items():
        # A tight list item's second paragraph shares its id: count each id once.
        ids = list(dict.fromkeys(b.id for b in article_blocks if b.kind != "heading"))
        numbers.update({(slug, block_id): n for n, block_id in enumerate(ids, 1)})
        for block in article_blocks:
            texts.setdefault((slug, block.id), block.text)
    result: dict[str, list[Backlink]] = {}
    seen = set()
    for slug, mention in mentions:
        key = (mention.entry_id, slug, mention.block_id)
        if key in seen:
            continue
        seen.add(key)
        place = (slug, mention.block_id)
        result.setdefault(mention.entry_id, []).append(
            Backlink(slug, mention.block_id, numbers.get(place, 0),
                     snippet(texts.get(place, ""), mention.words)))
    return {k: tuple(v) for k, v in result.items()}


def snippet(text: str, words: str) -> Snippet:
    """A short window of `text` around the first occurrence of `words`."""
    start = text.find(words) if words else -1
    if start < 0:
        cut = text if len(text) <= 2 * SNIPPET_CHARS else text[:2 * SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
        return Snippet(cut, "", "")
    before = text[:start]
    after = text[start + len(words):]
    if len(before) > SNIPPET_CHARS:
        before = "… " + before[-SNIPPET_CHARS:].split(" ", 1)[-1]
    if len(after) > SNIPPET_CHARS:
        after = after[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return Snippet(before, words, after)


def references(content: model.Content, named_in_text: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """Entry id -> ids of the entries that name it, in file order.

    `named_in_text` gives, per entry, the ids its Markdown fields link with [[id]].
    """
    result: dict[str, list[str]] = {}
    for entry in content.entries.values():
        named = [ref.id for ref in _field_references(entry)] + named_in_text.get(entry.id, [])
        for target in named:
            bucket = result.setdefault(target, [])
            if entry.id not in bucket and target != entry.id:
                bucket.append(entry.id)
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
