"""Plain text of a block's inline tokens, with a map back to the tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

TEXT_TYPES = ("text", "code_inline")
BREAK_TYPES = ("softbreak", "hardbreak")
_IRREGULAR_SPACE = re.compile(r"[^\S ]|\s{2,}")
"""Whitespace that collapsing changes: a run of two or more, or one that is not a space."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of the plain text copied from one token."""

    start: int
    """Where it starts in the plain text."""
    child: int
    """Index of the token it comes from."""
    offset: int
    """Where it starts in that token's content."""
    length: int


def plain_text(children: list[Token]) -> tuple[str, list[Piece]]:
    """Text with markup removed and whitespace collapsed to single spaces.

    Returns the text and the pieces it is made of, so a range of the text
    can be traced back to the tokens (see `covered`). A space that stands for
    a line break belongs to no piece. Text between irregular whitespace is
    copied in one piece: most tokens are a single piece.
    """
    parts: list[str] = []
    pieces: list[Piece] = []
    size = 0
    last_space = True  # collapse leading whitespace away

    def emit(text: str, index: int, offset: int) -> None:
        nonlocal size, last_space
        if last_space and text.startswith(" "):
            text, offset = text[1:], offset + 1
        if text:
            parts.append(text)
            pieces.append(Piece(size, index, offset, len(text)))
            size += len(text)
            last_space = text.endswith(" ")

    for index, token in enumerate(children):
        if token.type in BREAK_TYPES:
            if not last_space:
                parts.append(" ")
                size += 1
                last_space = True
            continue
        if token.type not in TEXT_TYPES:
            continue
        content, position = token.content, 0
        for run in _IRREGULAR_SPACE.finditer(content):
            emit(content[position:run.start()], index, position)
            emit(" ", index, run.start())
            position = run.end()
        emit(content[position:], index, position)
    return "".join(parts).rstrip(" "), pieces


def covered(pieces: list[Piece], start: int, end: int) -> dict[int, tuple[int, int]]:
    """For the plain-text range [start, end): token index -> (first, last) offset in its content."""
    result: dict[int, tuple[int, int]] = {}
    for piece in pieces:
        low, high = max(start, piece.start), min(end, piece.start + piece.length)
        if low >= high:
            continue
        first = piece.offset + low - piece.start
        last = piece.offset + high - piece.start - 1
        if piece.child in result:
            first = result[piece.child][0]
        result[piece.child] = (first, last)
    return result


def plain_text_only(children: list[Token]) -> str:
    """The same text as plain_text(), without the pieces: for just reading it."""
    parts = []
    for token in children:
        if token.type in TEXT_TYPES:
            parts.append(token.content)
        elif token.type in BREAK_TYPES:
            parts.append(" ")
    return collapse("".join(parts))


def collapse(text: str) -> str:
    return " ".join(text.split())
