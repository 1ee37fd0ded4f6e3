"""Which pages go into which shard of the search index (search.py runs Pagefind on each).

Pagefind's memory follows the words it indexes, so a shard is bounded by an
estimate of them: the bytes of HTML Pagefind indexes (`indexed_bytes`), the
page's `data-pagefind-body` less its `data-pagefind-ignore` parts. The plan
is the pages in path order, cut into consecutive runs within the budget: the
same pages give the same shards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SHARD_BYTES = 5_000_000
"""A shard's budget of indexed HTML. Measured on the scale corpus
(bench/corpus.py, Pagefind 1.5), Pagefind's peak is about 12 MB + 36 MB per MB
indexed (25 articles: 34 MB, 100: 100 MB, 200: 188 MB): at 1,000 articles a
3 MB shard peaked at 120-123 MB and a 5 MB one at 199 MB. 5 MB keeps the
whole build under 350 MB at 5,000 articles (the builder holds about 110 MB
while Pagefind runs) with 40% fewer shards, so fewer requests per search,
than 3 MB. `build --search-shard-mb` sets another."""


@dataclass(frozen=True, slots=True)
class Page:
    """A page Pagefind will index: its path under the site folder, and how
    many bytes of its HTML are indexed (what memory follows)."""

    path: str
    size: int


_TAG_NAME = re.compile(rb"<([A-Za-z][\w-]*)")
VOID = frozenset(b"area base br col embed hr img input link meta source track wbr".split())


def indexed_bytes(html: bytes) -> int | None:
    """Bytes of `html` from the tag marked `data-pagefind-body` to its end, less the
    elements marked `data-pagefind-ignore`; None if nothing is marked as the
    body. An estimate on the safe side: the markup counts, and text that only
    mentions the attributes can make it larger, never smaller."""
    start = html.rfind(b"<", 0, html.find(b"data-pagefind-body") + 1)
    if start < 0:
        return None
    size = len(html) - start
    at = start
    while (mark := html.find(b"data-pagefind-ignore", at)) >= 0:
        at = mark + 1
        tag = html.rfind(b"<", start, mark)
        name = _TAG_NAME.match(html, tag) if tag >= 0 and html.find(b">", tag, mark) < 0 else None
        if name is None:  # the words in text, not in a tag
            continue
        at = _element_end(html, tag, name.group(1).lower())
        size -= at - tag
    return size


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
        size = indexed_bytes(html)
        if size is not None:
            marked.append(Page(rel, size))
        elif not marked:
            unmarked.append(Page(rel, len(html)))
    return marked or unmarked


def plan_shards(pages: Iterable[Page], budget: int = SHARD_BYTES) -> list[list[str]]:
    """The pages' paths cut, in their order, into runs of at most `budget`
    indexed bytes; a page larger than the budget is a shard of its own."""
    shards: list[list[str]] = []
    used = 0
    for page in pages:
        if not shards or used + page.size > budget:
            shards.append([])
            used = 0
        shards[-1].append(page.path)
        used += page.size
    return shards
