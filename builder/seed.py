"""A raw seed document -> a headline and the Markdown paragraphs of an article.

Seeds are articles as copied from a web page: one line per paragraph, with
the page's clutter between them. The rules are few and simple, so an editor
can predict them (docs/SPEC.md, "new"):

1. Text: UTF-8 (a BOM is dropped), any line endings. A NUL byte means a
   binary file and invalid UTF-8 an unknown encoding: both are refused, as
   is a seed with no text.
2. Paragraphs: every non-blank line is a paragraph, except in a hard-wrapped
   text, where lines that follow each other (every line but the last 50 to
   100 characters long) are joined into one.
3. Clutter is dropped, each only when it is a whole line:
   - share and page furniture: `Share`, `Tweet`, `Email`, `Print`,
     `Advertisement`, `Subscribe ...`, `Listen to this article`, `5 min read`...;
   - breadcrumbs: short parts between separators, `World | Politics`;
   - photo credits: a short line (at most 15 words, not ending in a full
     stop) naming a picture agency (Getty Images, AFP, Reuters, AP, EPA,
     Shutterstock...) or starting `Photo:`, `Image:`, `Credit:`, `Photo by`;
   - bylines and date stamps: a short line starting `By Name`, `Published`,
     `Updated` or `Last updated`.
4. The picture above a credit: its caption (the last line before the credit)
   is kept in italics; short lines without a full stop above the caption
   (the picture's alternative text) are dropped.
5. The headline is the first line left, when it comes before any long
   paragraph, has at most 25 words and does not end in a full stop; it
   becomes the title (a trailing ` | Section` of up to three words is cut)
   and leaves the body.
6. A short line (at most 12 words) without closing punctuation, standing
   between paragraphs, becomes a `##` heading.

Every paragraph keeps the seed's words exactly: Markdown's special
characters are escaped, so the article passes the seed check unedited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SEED_BYTES = 5_000_000
"""A seed is one article; anything larger is not one."""

SHARE_LINE = re.compile(
    r"(share|share (this|the) (article|story|page)|share on \w+|tweet|email|e-mail|print|"
    r"copy link|link copied|save|save article|bookmark|comments?|\d+ comments?|"
    r"advertisement|sponsored|sponsored content|story continues below( advertisement)?|"
    r"listen( to this article)?|\d+ min(ute)? (read|listen)|subscribe( .*)?|sign up( .*)?|"
    r"follow( us)?( on \w+)?|read more|facebook|twitter|x|linkedin|whatsapp|reddit|flipboard|"
    r"opinion|analysis|commentary|news|contributor|staff writer)[.:!]?",
    re.IGNORECASE)
CREDIT_AGENCY = re.compile(
    r"\b(getty images|getty|afp|reuters|ap photo|associated press|epa|efe|shutterstock|"
    r"alamy|pool|kcna via|sputnik|tass|xinhua|yonhap|anadolu|bloomberg via)\b", re.IGNORECASE)
CREDIT_START = re.compile(r"(photo|photograph|image|picture|credit|photo illustration)s?\s*(:|by\b)",
                          re.IGNORECASE)
BYLINE = re.compile(r"(?:[Bb]y|[Ww]ritten by)\s+[A-Z]|(?i:published|updated|last updated|posted)\b")
CLOSING_MARKS = ".!?:;,\"”’)»"
"""A line ending in one of these is (part of) a sentence, not a heading or label."""
WRAP_MIN, WRAP_MAX = 50, 100


class SeedError(Exception):
    """The seed cannot become an article; `line`/`column` say where, when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line, self.column = line, column


@dataclass(frozen=True, slots=True)
class Dropped:
    line: int
    """1-based line in the seed."""
    why: str
    text: str


@dataclass(frozen=True, slots=True)
class Draft:
    """What a seed gives an article."""

    headline: str
    """The title found in the seed, or '' when none was."""
    markdown: str
    """The body: paragraphs separated by blank lines."""
    paragraphs: int
    dropped: tuple[Dropped, ...]


@dataclass(slots=True)
class _Line:
    number: int
    text: str
    run: int
    """Index of its run of non-blank lines."""
    role: str = "paragraph"
    """paragraph, heading, caption, headline or dropped."""


def decode(data: bytes) -> str:
    """The seed's text with `\\n` line endings, or SeedError saying why not."""
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _position(data[:nul])
        raise SeedError("this is a binary file (a NUL byte), not text: give the article as a "
                        "UTF-8 text file", line, column)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position(data[:error.start])
        raise SeedError(f"the seed is not UTF-8 (byte 0x{data[error.start]:02x}): save it as "
                        "UTF-8 text", line, column) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SeedError("the seed is empty: there is no text to make an article from")
    return text


def _position(before: bytes) -> tuple[int, int]:
    text = before.decode("utf-8-sig", errors="replace")
    return text.count("\n") + 1, len(text) - (text.rfind("\n") + 1) + 1


def draft(text: str) -> Draft:
    """Apply the rules above to a decoded seed."""
    lines = _paragraph_lines(text)
    dropped = _drop_clutter(lines)
    kept = [line for line in lines if line.role != "dropped"]
    headline = _take_headline(kept)
    body = [line for line in kept if line.role != "headline"]
    _mark_headings(body)
    blocks = [_markdown(line) for line in body]
    markdown = "\n\n".join(blocks) + ("\n" if blocks else "")
    paragraphs = sum(1 for line in body if line.role != "heading")
    return Draft(headline, markdown, paragraphs, tuple(sorted(dropped, key=lambda d: d.line)))


def _drop_clutter(lines: list[_Line]) -> list[Dropped]:
    """Rules 3 and 4: mark clutter and the picture text above a credit as dropped."""
    dropped: list[Dropped] = []

    def drop(line: _Line, why: str) -> None:
        line.role = "dropped"
        dropped.append(Dropped(line.number, why, line.text))

    for index, line in enumerate(lines):
        if SHARE_LINE.fullmatch(line.text):
            drop(line, "share or page line")
        elif _is_breadcrumb(line.text):
            drop(line, "breadcrumb")
        elif _is_credit(line.text):
            drop(line, "photo credit")
            _mark_picture(lines[:index], drop)
        elif _words(line.text) <= 12 and BYLINE.match(line.text) and not _ends_sentence(line.text):
            drop(line, "byline or date stamp")
    return dropped


def _take_headline(kept: list[_Line]) -> str:
    """Rule 5: the first line left is the headline when it reads as one; '' if not."""
    if kept and kept[0].role == "paragraph" and _words(kept[0].text) <= 25 \
            and not kept[0].text.endswith("."):
        kept[0].role = "headline"
        return _without_section(kept[0].text)
    return ""


def _mark_headings(body: list[_Line]) -> None:
    """Rule 6: a short unpunctuated line between paragraphs is a heading."""
    for position, line in enumerate(body):
        if (line.role == "paragraph" and 0 < position < len(body) - 1
                and _words(line.text) <= 12 and not _ends_sentence(line.text)):
            line.role = "heading"


def _paragraph_lines(text: str) -> list[_Line]:
    runs: list[list[tuple[int, str]]] = [[]]
    for number, raw in enumerate(text.split("\n"), 1):
        stripped = " ".join(raw.split())
        if stripped:
            runs[-1].append((number, stripped))
        elif runs[-1]:
            runs.append([])
    lines = []
    for run_index, run in enumerate(r for r in runs if r):
        if len(run) > 1 and all(WRAP_MIN <= len(t) <= WRAP_MAX for _, t in run[:-1]):
            lines.append(_Line(run[0][0], " ".join(t for _, t in run), run_index))
        else:
            lines += [_Line(number, t, run_index) for number, t in run]
    return lines


def _is_breadcrumb(text: str) -> bool:
    """'World | Politics', 'Home › News › Europe': short parts between separators."""
    parts = re.split(r"\s+[|›»>/]\s+", text)
    return len(parts) > 1 and all(0 < _words(p) <= 3 for p in parts) and not _ends_sentence(text)


def _is_credit(text: str) -> bool:
    if _words(text) > 15 or text.endswith("."):
        return False
    return bool(CREDIT_AGENCY.search(text) or CREDIT_START.match(text))


def _mark_picture(before: list[_Line], drop) -> None:
    """The caption is the last line kept before a credit; short unpunctuated
    lines just above it, in its run, are the picture's alternative text."""
    kept = [line for line in before if line.role != "dropped"]
    if not kept:
        return
    caption = kept[-1]
    caption.role = "caption"
    for line in reversed(kept[:-1]):
        if line.run != caption.run or _words(line.text) > 12 or _ends_sentence(line.text):
            break
        drop(line, "picture text")


def _ends_sentence(text: str) -> bool:
    return text.endswith(tuple(CLOSING_MARKS))


def _words(text: str) -> int:
    return len(text.split())


def _without_section(headline: str) -> str:
    """'What To Make of It? | Opinion' -> 'What To Make of It?'."""
    title, bar, section = headline.rpartition(" | ")
    return title.strip() if bar and title.strip() and _words(section) <= 3 else headline


# -- Markdown that reads back as exactly the seed's words ---------------------

_INLINE = re.compile(r"[\\`*_\[\]<~]|&(?=#?[A-Za-z0-9]+;)")
_LINE_START = re.compile(r"(#{1,6}(?=\s|$)|[>+=-]|\d{1,9}(?=[.)]))")


def escape(text: str) -> str:
    """Text as Markdown that renders to the same characters: inline markers,
    entity-like `&...;` and block markers at the start are backslash-escaped."""
    text = _escape_inline(text)
    match = _LINE_START.match(text)
    if match:
        end = match.end()
        if match.group(0)[0].isdigit():
            return text[:end] + "\\" + text[end:]
        return "\\" + text
    return text


def _escape_inline(text: str) -> str:
    return _INLINE.sub(lambda m: "\\" + m.group(0), text)


def _markdown(line: _Line) -> str:
    if line.role == "heading":
        # Any '#' could close the heading: escape them all.
        return "## " + _escape_inline(line.text).replace("#", "\\#")
    if line.role == "caption":
        return f"*{escape(line.text)}*"
    return escape(line.text)
