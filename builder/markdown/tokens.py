"""Small token constructors the core rules share."""

from __future__ import annotations

from markdown_it.token import Token


def text_token(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def html_token(content: str) -> Token:
    """Raw HTML that the builder itself writes (content's own HTML is shown as text)."""
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def without_empty_text(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if not (t.type == "text" and t.content == "")]
