"""`[[id]]` and `[[id|words]]`: links to any entry, by id.

    [[kim-jong-un]] met [[putin|the Russian leader]].
    ->
    <a class="ref ref-actor" href="actors/kim-jong-un/">Kim Jong Un</a> met
    <a class="ref ref-actor" href="actors/putin/">the Russian leader</a>.

`env["link_for"](id)` returns a LinkTarget (href, label, kind, preview) for
the page being rendered, or None for an unknown id (validation reports those).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

WIKILINK = re.compile(r"\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]*))?\]\]")


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


def wikilinks_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = WIKILINK.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        entry_id = match.group(1).strip()
        words = (match.group(2) or "").strip()
        link_for = state.env.get("link_for")
        target = link_for(entry_id) if link_for else None
        if target is None:
            token = state.push("text", "", 0)
            token.content = words or entry_id
        else:
            token = state.push("link_open", "a", 1)
            token.attrs = {"href": target.href, "class": f"ref ref-{target.kind}"}
            if target.preview:
                token.attrs["data-preview"] = target.preview
            token.meta = {"entry": entry_id}
            text = state.push("text", "", 0)
            text.content = words or target.label
            state.push("link_close", "a", -1)
    state.pos = match.end()
    return True
