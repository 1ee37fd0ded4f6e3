"""Which pages go into which shard of the search index (search.py runs Pagefind on each).

Pagefind's memory follows the words it indexes, so a shard is bounded by an
estimate of them (`indexed_words`): the words of the page's
`data-pagefind-body` less its `data-pagefind-ignore` parts. Bytes of HTML
would not do: a page of plain prose holds twice the words per byte of a
linked article, and Pagefind twice the memory. The plan is the pages in path
order, cut into consecutive runs within the budget: the same pages give the
same shards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

BASE_MB = 12
KB_PER_WORD = 0.7
"""Pagefind 1.5's peak memory, measured on generated pages (1,000 pages of 100
words: 82 MB; of 1,250 words: 864 MB) and on bench/corpus.py's articles: about
BASE_MB + KB_PER_WORD per word indexed."""
SHARD_MB = 200
"""The memory a shard may take by default: the whole build stays under 350 MB
at 5,000 articles (the builder holds about 110 MB while Pagefind runs), and
each shard past the first costs a reader's first search about 3 requests."""


def shard_words(megabytes: float) -> int:
    """The words a shard may hold for Pagefind to peak near `megabytes` (at least one)."""
    return max(1, int((megabytes - BASE_MB) * 1000 / KB_PER_WORD))


SHARD_WORDS = shard_words(SHARD_MB)


@dataclass(frozen=True, slots=True)
class Page:
    """A page Pagefind will index: its path under the site folder, and about
    how many words of it are indexed (what memory follows)."""

    path: str
    size: int


_TAG_NAME = re.compile(rb"<([A-Za-z][\w-]*)")
_TAG = re.compile(rb"<[^>]*>")
VOID = frozenset(b"area base br col embed hr img input link meta source track wbr".split())


def indexed_words(html: bytes) -> int | None:
    """About how many words Pagefind indexes in `html`: those from the tag marked
    `data-pagefind-body` to its end, less the elements marked
    `data-pagefind-ignore`; None if nothing is marked as the body. On the safe
    side: text that only mentions the attributes can make it larger, never smaller."""
    start = html.rfind(b"<", 0, html.find(b"data-pagefind-body") + 1)
    if start < 0:
        return None
    kept = []
    at = keep = start
    while (mark := html.find(b"data-pagefind-ignore", at)) >= 0:
        at = mark + 1
        tag = html.rfind(b"<", start, mark)
        name = _TAG_NAME.match(html, tag) if tag >= 0 and html.find(b">", tag, mark) < 0 else None
        if name is None:  # the words in text, not in a tag
            continue
        kept.append(html[keep:tag])
        at = keep = _element_end(html, tag, name.group(1).lower())
    kept.append(html[keep:])
    return sum(_words(part) for part in kept)


def _words(html: bytes) -> int:
    return len(_TAG.sub(b" ", html).split())


def _element_end(html: bytes, start: int, name: bytes) -> int:
    """Where the element whose start tag begins at `start` ends (after its end tag)."""
    opened = html.find(b">", start) + 1 or len(html)
    if name in VOID:
        return opened
    tags = re.compile(rb"<(/?)" + re.escape(name) + rb"[\s/>]", re.IGNORECASE)
    depth = 1
    for tag in tags.finditer(html, opened):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html.find(b">", tag.start()) + 1 or len(html)
    return len(html)


def pages_to_index(folder: Path) -> list[Page]:
    """The HTML pages under `folder` that Pagefind indexes, by path: those
    with a `data-pagefind-body`, or, when none has one, all (as Pagefind does)."""
    marked: list[Page] = []
    unmarked: list[Page] = []
    for path in sorted(folder.rglob("*.html"), key=lambda p: p.relative_to(folder).as_posix()):
        rel = path.relative_to(folder).as_posix()
        html = path.read_bytes()
        size = indexed_words(html)
        if size is not None:
            marked.append(Page(rel, size))
        elif not marked:
            unmarked.append(Page(rel, _words(html)))
    return marked or unmarked


def plan_shards(pages: Iterable[Page], budget: int = SHARD_WORDS) -> list[list[str]]:
    """The pages' paths cut, in their order, into runs of at most `budget`
    indexed words; a page larger than the budget is a shard of its own."""
    shards: list[list[str]] = []
    used = 0
    for page in pages:
        if not shards or used + page.size > budget:
            shards.append([])
            used = 0
        shards[-1].append(page.path)
        used += page.size
    return shards
