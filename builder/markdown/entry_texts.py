"""Markdown outside article bodies, parsed once per text: definitions, summaries, bodies.

    text = parse_text("A [[veto]] stops it.")
    text.links                       -> (WikiLink("veto", "", "[[veto]]"),)
    text.html({"veto": target})      -> '<p>A <a href="glossary/#veto" class="ref ref-term">veto</a> stops it.</p>\\n'
    text.plain_text({"veto": "veto"}) -> "A veto stops it."

Such a text gets [[id]] links and nothing else the builder adds (no
auto-links, quotes or block ids). What a link shows and where it leads
depend on the whole site and on the depth of the page it stands on, so the
parse leaves a slot for each link, which `html` and `plain_text` fill. The
parse depends on the text alone: it is kept between builds (the dev server
rebuilds on every save; parsing them all again made a build of content/
take 1.2 times as long) and shared by validation and linking, and it is
read-only, so sharing is safe.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from markdown_it.token import Token

from builder.markdown import make_markdown
from builder.markdown.plaintext import BREAK_TYPES, TEXT_TYPES, collapse
from builder.markdown.wikilinks import LinkTarget, WikiLink, link_html

_SLOT = LinkTarget("", "", "")
"""What the wikilinks rule is told every id leads to, so that it makes a link to leave a slot for."""


@dataclass(frozen=True, slots=True)
class ParsedText:
    links: tuple[WikiLink, ...]
    """Every [[id]] that is a link (none inside code), in reading order."""
    html_pieces: tuple[str, ...]
    """The HTML around the links: one more piece than links."""
    text_pieces: tuple[str, ...]
    """The plain text around the links, whitespace not yet collapsed."""
    too_deep: int | None = None
    """Where nesting stopped the parse (a line, -1 in a paragraph), else None."""

    def html(self, targets: Mapping[str, LinkTarget]) -> str:
        """The HTML, each link going to its target (an id with none stays text)."""
        return _fill(self.html_pieces, [link_html(link, targets.get(link.entry_id)) for link in self.links])

    def plain_text(self, labels: Mapping[str, str]) -> str:
        """One line of plain text; a bare [[id]] reads as its label."""
        words = [link.words or labels.get(link.entry_id, link.entry_id) for link in self.links]
        return collapse(_fill(self.text_pieces, words))


def _fill(pieces: tuple[str, ...], slots: list[str]) -> str:
    return "".join(part for pair in zip(pieces, [*slots, ""]) for part in pair)


_MD = make_markdown()


@functools.lru_cache(maxsize=4096)
def parse_text(text: str) -> ParsedText:
    tokens = _MD.parse(text, env := {"link_for": lambda entry_id: _SLOT})
    links: list[WikiLink] = []
    html, plain = _Pieces(), _Pieces()
    for index, token in enumerate(tokens):
        if token.type == "inline":
            plain.add(" ")
            _add_inline(token.children or [], links, html, plain)
        else:
            html.add(_render_token(tokens, index))
    return ParsedText(tuple(links), html.pieces(), plain.pieces(), env.get("too_deep"))


def _add_inline(children: list[Token], links: list[WikiLink], html: _Pieces, plain: _Pieces) -> None:
    index = 0
    while index < len(children):
        child = children[index]
        if child.type == "link_open" and "wikilink" in child.meta:
            links.append(child.meta["wikilink"])
            html.cut()
            plain.cut()
            while children[index].type != "link_close":
                index += 1  # the slot stands for the whole link, words and all
            index += 1
            continue
        html.add(_render_token(children, index))
        if child.type in TEXT_TYPES:
            plain.add(child.content)
        elif child.type in BREAK_TYPES:
            plain.add(" ")
        index += 1


class _Pieces:
    """Text collected between slots."""

    def __init__(self):
        self._done: list[str] = []
        self._run: list[str] = []

    def add(self, text: str) -> None:
        self._run.append(text)

    def cut(self) -> None:
        self._done.append("".join(self._run))
        self._run = []

    def pieces(self) -> tuple[str, ...]:
        return (*self._done, "".join(self._run))


def _render_token(tokens: list[Token], index: int) -> str:
    """One token as markdown-it's renderer renders it in place."""
    rule = _MD.renderer.rules.get(tokens[index].type)
    if rule is not None:
        return rule(tokens, index, _MD.options, {})
    return _MD.renderer.renderToken(tokens, index, _MD.options, {})
