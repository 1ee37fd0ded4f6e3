"""Stable, content-derived ids for every paragraph, heading and list item.

    What to make of Russian President Vladimir Putin's short stay...
    ->
    <p id="p_what-to-make-of-russian-president">...

Ids come from the first words, so they survive edits elsewhere in the text,
and contain an underscore, which entry ids cannot, so they never clash with
an entry's `#<id>`. A paragraph hidden in a tight list gives its id to the
`<li>`. Runs only when `env["blocks"]` is a list; it receives a Block for each.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from builder.markdown.plaintext import plain_text_only
from builder.urls import block_anchor

WORDS_IN_ID = 6


@dataclass(frozen=True, slots=True)
class Block:
    id: str
    kind: str
    """paragraph, heading or item."""
    text: str
    """Plain text, whitespace collapsed; `[[id|words]]` read as its words."""
    line: int
    """0-based line in the Markdown source."""


def block_ids_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("text_join", "block_ids", _block_ids_rule)


def slug_words(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)[:WORDS_IN_ID]
    return "-".join(words) or hashlib.sha1(text.encode()).hexdigest()[:8]


def _block_ids_rule(state: StateCore) -> None:
    blocks = state.env.get("blocks")
    if blocks is None:
        # Only article bodies get ids: other texts share pages and could repeat them.
        return
    used: set[str] = set()
    tokens = state.tokens
    open_items: list[int] = []
    for index, token in enumerate(tokens):
        if token.type == "list_item_open":
            open_items.append(index)
        elif token.type == "list_item_close":
            open_items.pop()
        if token.type != "inline" or index == 0:
            continue
        opener = tokens[index - 1]
        if opener.type == "heading_open":
            kind, holder = "heading", opener
        elif opener.type == "paragraph_open":
            kind, holder = "paragraph", opener
            if opener.hidden and open_items:
                item = tokens[open_items[-1]]
                if item.attrs.get("id"):
                    # A second paragraph in a tight item: the item already has its id.
                    token.meta["block_id"] = item.attrs["id"]
                    text = plain_text_only(token.children or [])
                    blocks.append(Block(item.attrs["id"], "item", text, (token.map or [0])[0]))
                    continue
                kind, holder = "item", item
        else:
            continue
        text = plain_text_only(token.children or [])
        words, n = slug_words(text), 1
        block_id = block_anchor(kind, words)
        while block_id in used:
            n += 1
            block_id = block_anchor(kind, words, n)
        used.add(block_id)
        holder.attrSet("id", block_id)
        token.meta["block_id"] = block_id
        token.meta["block_kind"] = kind
        blocks.append(Block(block_id, kind, text, (token.map or [0])[0]))
