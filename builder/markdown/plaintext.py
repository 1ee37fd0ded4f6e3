"""Plain text of a block's inline tokens, with a map back to the tokens."""

from __future__ import annotations

from markdown_it.token import Token

TEXT_TYPES = ("text", "code_inline")
BREAK_TYPES = ("softbreak", "hardbreak")


def plain_text(children: list[Token]) -> tuple[str, list[tuple[int, int] | None]]:
    """Text with markup removed and whitespace collapsed to single spaces.

    Returns the text and, for each of its characters, (child index, offset in
    that child's content), or None for a space that stands for a line break.
    """
    chars: list[str] = []
    where: list[tuple[int, int] | None] = []
    for index, token in enumerate(children):
        if token.type in BREAK_TYPES:
            if chars and chars[-1] != " ":
                chars.append(" ")
                where.append(None)
            continue
        if token.type not in TEXT_TYPES:
            continue
        for offset, char in enumerate(token.content):
            if char.isspace():
                if not chars or chars[-1] == " ":
                    continue
                char = " "
            chars.append(char)
            where.append((index, offset))
    while chars and chars[-1] == " ":
        chars.pop()
        where.pop()
    return "".join(chars), where


def collapse(text: str) -> str:
    return " ".join(text.split())
