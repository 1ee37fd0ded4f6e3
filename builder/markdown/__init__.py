"""Markdown with the explainer's plugins.

`make_markdown()` gives a CommonMark parser with raw HTML shown as text and
the plugins in the order they must run:

1. wikilinks (inline): `[[id]]` / `[[id|words]]` become links.
2. block ids (core, after text_join): every paragraph, heading and list item
   gets a stable id; needs the inline text, so runs after inline parsing.
3. autolink (core): names and terms in article bodies become links and are
   recorded as mentions; needs the block ids to say where each one is.
4. quotes (core): words quoted by fact boxes and events are marked; runs last
   so its marks also wrap the links autolink made.

The wikilinks rule is the only reader of `[[id]]`: whatever needs the links
of a text parses it (entry_texts.py for texts outside article bodies).
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from builder.markdown.autolink import autolink_plugin
from builder.markdown.block_ids import block_ids_plugin
from builder.markdown.quotes import quotes_plugin
from builder.markdown.wikilinks import wikilinks_plugin

MAX_NESTING = 100
"""Quotes, lists and links nested deeper than this are not parsed: markdown-it
drops what lies deeper (its default of 20 did so silently). Parsing recurses
a few frames per level, so this stays far below Python's recursion limit."""


def make_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                   "maxNesting": MAX_NESTING})
    md.enable("table")
    md.enable("strikethrough")
    # Images would load from anywhere; pages must make no request to another host.
    md.disable("image")
    md.use(wikilinks_plugin)
    md.use(block_ids_plugin)
    md.use(autolink_plugin)
    md.use(quotes_plugin)
    _note_deep_nesting(md)
    return md


def _note_deep_nesting(md: MarkdownIt) -> None:
    """Where markdown-it stops for nesting, set env["too_deep"] to the line
    (0-based, in the text), or -1 inside a paragraph, so callers can report it."""
    block_tokenize, inline_tokenize = md.block.tokenize, md.inline.tokenize

    def block(state, start_line: int, end_line: int) -> None:
        if state.level >= MAX_NESTING:
            state.env.setdefault("too_deep", start_line)
        block_tokenize(state, start_line, end_line)

    def inline(state) -> None:
        if state.level >= MAX_NESTING:
            state.env.setdefault("too_deep", -1)
        inline_tokenize(state)

    md.block.tokenize, md.inline.tokenize = block, inline
