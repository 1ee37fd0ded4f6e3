"""`[[id]]` and `[[id|words]]`: links to any entry, by id.

    [[kim-jong-un]] met [[putin|the Russian leader]].
    ->
    <a class="ref ref-actor" href="actors/kim-jong-un/">Kim Jong Un</a> met
    <a class="ref ref-actor" href="actors/putin/">the Russian leader</a>.

This rule is the only reader of the syntax: whatever needs the links of a
text (validation, backlinks, previews) parses it, so `[[id]]` inside code
is never taken for a link.

`env["link_for"](id)` returns a LinkTarget (href, label, kind, preview) for
the page being rendered, or None for an unknown id (validation reports those),
which leaves the words as text. A link's opening token carries its id as
`meta["entry"]` and the WikiLink as `meta["wikilink"]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

_WIKILINK = re.compile(r"\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]*))?\]\]")


@dataclass(frozen=True, slots=True)
class LinkTarget:
    href: str
    label: str
    """The entry's display name, shown by a bare [[id]]."""
    kind: str
    """actor, term, fact, event or source: becomes a CSS class."""
    preview: str = ""
    """What a preview of the entry shows, as JSON (builder/previews.py), for
    explainer.js; written into the link's data-preview attribute."""


@dataclass(frozen=True, slots=True)
class WikiLink:
    """One `[[id]]` or `[[id|words]]` as the parser read it."""

    entry_id: str
    words: str
    """The words after `|`, or '' for a bare [[id]]."""
    source: str
    """As written, brackets and all: to find it in the file."""


def wikilinks_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _WIKILINK.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        link = WikiLink(match.group(1).strip(), (match.group(2) or "").strip(), match.group(0))
        link_for = state.env.get("link_for")
        _push(state, link, link_for(link.entry_id) if link_for else None)
    state.pos = match.end()
    return True


def _push(state: StateInline, link: WikiLink, target: LinkTarget | None) -> None:
    if target is None:
        token = state.push("text", "", 0)
        token.content = link.words or link.entry_id
        return
    token = state.push("link_open", "a", 1)
    token.attrs = {"href": target.href, "class": f"ref ref-{target.kind}"}
    if target.preview:
        token.attrs["data-preview"] = target.preview
    token.meta = {"entry": link.entry_id, "wikilink": link}
    text = state.push("text", "", 0)
    text.content = link.words or target.label
    state.push("link_close", "a", -1)


def link_html(link: WikiLink, target: LinkTarget | None) -> str:
    """The HTML the tokens of `_push` render to, for filling a parsed text's slots."""
    words = escapeHtml(link.words or (target.label if target else link.entry_id))
    if target is None:
        return words
    preview = f' data-preview="{escapeHtml(target.preview)}"' if target.preview else ""
    return f'<a href="{escapeHtml(target.href)}" class="ref ref-{escapeHtml(target.kind)}"{preview}>{words}</a>'
