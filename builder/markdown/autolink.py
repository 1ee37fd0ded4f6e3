"""Auto-linking: names of actors and glossary terms in article bodies become links.

    Putin's visit to Pyongyang  (actors: putin "Putin", north-korea alias "Pyongyang")
    ->
    <a class="mention mention-actor" href="../../actors/putin/">Putin's</a> visit to
    <a class="mention mention-actor" href="../../actors/north-korea/">Pyongyang</a>

Rules (SPEC, Auto-linking): whole words only, hyphens and apostrophes belong
to the word; the longest match wins; a possessive 's / ’s still matches and
belongs to the link; actors match case-sensitively, terms case-insensitively
unless `case_sensitive`. Nothing is found inside headings, links or code.
Every mention is recorded in `env["mentions"]`; only the first mention of an
entry in each section becomes a link (a section is the text under a `#` or
`##` heading, or the whole text when it has none), as Wikipedia links an
entry once (MOS:DUPLINK): a name linked again and again is noise. An
`[[id]]` link counts as that first link.

`env["matcher"]` is a NameMatcher compiled once per build.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from builder.markdown.tokens import text_token, without_empty_text

WORD_PUNCTUATION = "-'\u2019_"
POSSESSIVES = ("'s", "\u2019s")


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    entry_id: str
    case_sensitive: bool


@dataclass(frozen=True, slots=True)
class Mention:
    entry_id: str
    block_id: str
    words: str
    """The words as they stand in the text (possessive included)."""
    linked: bool


def is_word_char(char: str) -> bool:
    return char.isalnum() or char in WORD_PUNCTUATION


class NameMatcher:
    """All names of all entries in one Aho-Corasick automaton.

    Keys are lower-cased so one pass finds case-insensitive terms too; a
    case-sensitive name is checked against the original text afterwards.
    """

    def __init__(self, names: list[Name]):
        self._automaton = ahocorasick.Automaton()
        by_key: dict[str, list[Name]] = {}
        for name in names:
            key = _lower(name.text)
            if key.strip():
                by_key.setdefault(key, []).append(name)
        for key, candidates in by_key.items():
            self._automaton.add_word(key, (len(key), tuple(candidates)))
        self._empty = not by_key
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, entry_id), leftmost-longest, end past any possessive."""
        if self._empty:
            return []
        lowered = _lower(text)
        found = []
        for last, (length, candidates) in self._automaton.iter(lowered):
            start, end = last + 1 - length, last + 1
            if start > 0 and is_word_char(text[start - 1]):
                continue
            if end < len(text) and is_word_char(text[end]):
                if text[end:end + 2] in POSSESSIVES and (
                        end + 2 == len(text) or not is_word_char(text[end + 2])):
                    end += 2
                else:
                    continue
            words = text[start:last + 1]
            for name in candidates:
                if not name.case_sensitive or words == name.text:
                    found.append((start, end, name.entry_id))
                    break
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        chosen, reach = [], 0
        for start, end, entry_id in found:
            if start >= reach:
                chosen.append((start, end, entry_id))
                reach = end
        return chosen


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters lower-case to two; keep offsets aligned with the original.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def autolink_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("block_ids", "autolink", _autolink_rule)


SECTION_HEADINGS = ("h1", "h2")
"""Headings that start a new section: each entry is linked again after one."""


def _autolink_rule(state: StateCore) -> None:
    matcher: NameMatcher | None = state.env.get("matcher")
    mentions: list[Mention] | None = state.env.get("mentions")
    link_for = state.env.get("link_for")
    if matcher is None or link_for is None:
        return
    linked: set[str] = set()
    for token in state.tokens:
        if token.type == "heading_open" and token.tag in SECTION_HEADINGS:
            linked = set()
        block_id = token.meta.get("block_id") if token.type == "inline" else None
        if not block_id or token.meta.get("block_kind") == "heading" or not token.children:
            continue
        token.children = _link_names(token.children, block_id, matcher, link_for, mentions, linked)


def _link_names(children, block_id, matcher, link_for, mentions, linked: set[str]) -> list[Token]:
    """Link the names in one block's inline tokens; `linked` holds the entries
    already linked in this section, and gains those linked here."""
    result: list[Token] = []
    depth = 0
    for child in children:
        if child.type == "link_open":
            depth += 1
            entry_id = child.meta.get("entry")
            if entry_id:
                linked.add(entry_id)
                if mentions is not None:
                    mentions.append(Mention(entry_id, block_id, "", True))
        elif child.type == "link_close":
            depth -= 1
        if child.type != "text" or depth > 0:
            result.append(child)
            continue
        text, position = child.content, 0
        for start, end, entry_id in matcher.find(text):
            first = entry_id not in linked
            target = link_for(entry_id) if first else None
            if mentions is not None:
                mentions.append(Mention(entry_id, block_id, text[start:end], target is not None))
            if target is None:
                continue
            linked.add(entry_id)
            result.append(text_token(text[position:start]))
            link = Token("link_open", "a", 1)
            link.attrs = {"href": target.href, "class": f"mention mention-{target.kind}"}
            if target.preview:
                link.attrs["data-preview"] = target.preview
            link.meta = {"entry": entry_id, "mention": True}
            result += [link, text_token(text[start:end]), Token("link_close", "a", -1)]
            position = end
        result.append(text_token(text[position:]) if position else child)
    return without_empty_text(result)
