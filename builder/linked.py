"""What linking gives every later stage: the site's Markdown rendered, its mentions and quotes placed.

Plain, frozen data (link.py makes it; parts, pages, structured data, usage
and data.json read it), as model.py is for validated content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder import model
from builder.backlinks import Backlink
from builder.diagnostics import Diagnostic
from builder.markdown.block_ids import Block


@dataclass(frozen=True, slots=True)
class Html:
    """One Markdown text rendered for each page depth (links are relative)."""

    by_prefix: dict[str, str]

    def at(self, prefix: str) -> str:
        return self.by_prefix[prefix]


@dataclass(frozen=True, slots=True)
class Chunk:
    """A top-level block of an article and the boxes that stand beside it."""

    html: str
    boxes: tuple[str, ...]
    """Ids of facts and events whose quote lies in this block, in marker order."""


@dataclass(frozen=True, slots=True)
class LinkedArticle:
    article: model.Article
    chunks: tuple[Chunk, ...]
    blocks: tuple[Block, ...]
    summary: Html | None
    description: str
    """The summary's first sentence as plain text, or ''."""
    author_id: str | None
    """The actor the `author` field names, if it names one."""
    note_numbers: dict[str, int]
    """Fact or event id -> the number its marker and note show, in reading order from 1."""


@dataclass(frozen=True, slots=True)
class Linked:
    content: model.Content
    articles: tuple[LinkedArticle, ...]
    markdown: dict[tuple[str, str], Html]
    """(entry id, field) -> rendered Markdown of that field."""
    backlinks: dict[str, tuple[tuple[str, tuple[Backlink, ...]], ...]]
    """Entry id -> its mentions in articles, in reading order: (article slug,
    the mentions in it) for each article that mentions it. Entries in file order."""
    mentions: dict[str, int]
    """Entry id -> how many backlinks it has (paragraphs that mention it)."""
    placements: dict[str, tuple[str, str]]
    """Fact or event id -> (article slug, block id) of its quote."""
    referenced_by: dict[str, tuple[str, ...]]
    """Entry id -> ids of entries whose fields or Markdown name it, in file order."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    key_points: tuple[Html, ...] = ()
    """The site's key points (site.yaml), rendered."""
