"""Small token constructors the core rules share."""

from __future__ import annotations

import dataclasses

from markdown_it.token import Token

_FIELDS = ("type", "tag", "nesting", "attrs", "map", "level", "children", "content",
           "markup", "info", "meta", "block", "hidden")
_new = object.__new__


def new_token(type_: str, tag: str, nesting: int, content: str = "",
              attrs: dict | None = None, meta: dict | None = None) -> Token:
    """Token(type_, tag, nesting) with `content`, made without the dataclass's
    __init__ and __post_init__: auto-linking makes a few hundred per article,
    and the constructor took a seventh of linking one."""
    token = _new(Token)
    token.type, token.tag, token.nesting, token.attrs = type_, tag, nesting, attrs or {}
    token.map, token.level, token.children, token.content = None, 0, None, content
    token.markup, token.info, token.meta, token.block, token.hidden = "", "", meta or {}, False, False
    return token


if tuple(f.name for f in dataclasses.fields(Token)) != _FIELDS:  # another markdown-it-py
    def new_token(type_: str, tag: str, nesting: int, content: str = "",  # noqa: F811
                  attrs: dict | None = None, meta: dict | None = None) -> Token:
        token = Token(type_, tag, nesting, attrs=attrs or {}, content=content, meta=meta or {})
        return token


def text_token(content: str) -> Token:
    return new_token("text", "", 0, content)


def html_token(content: str) -> Token:
    """Raw HTML that the builder itself writes (content's own HTML is shown as text)."""
    return new_token("html_inline", "", 0, content)


def without_empty_text(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if not (t.type == "text" and t.content == "")]
