"""A short window of a paragraph around the words that mention an entry, as backlinks show it.

    snippet("What to make of Putin’s short stay?", "Putin")
        == Snippet.of("What to make of ", "Putin", "’s short stay?")
"""

from __future__ import annotations

from dataclasses import dataclass

SNIPPET_CHARS = 90
"""At most this many characters on either side of the words."""

CUT_BEFORE, CUT_AFTER = "… ", " …"
"""What stands for the text a snippet leaves out, before and after."""


@dataclass(frozen=True, slots=True)
class Snippet:
    """The words and the text around them (`before`, `words`, `after`), kept
    as one window of text, where the words lie in it, and whether it was cut
    at either side: the ellipses are added when read. A '…' in a string makes
    Python store each of its characters in two bytes, and three strings took
    about twice the memory: at N=5000 the parent holds 173,000 snippets, and
    this form saved it 36 MB (bench/scale.py). `snippet` makes one;
    `Snippet.of` makes one from the three parts as they read."""

    text: str
    start: int
    end: int
    cut_before: bool
    cut_after: bool

    @classmethod
    def of(cls, before: str, words: str, after: str) -> Snippet:
        cut_before, cut_after = before.startswith(CUT_BEFORE), after.endswith(CUT_AFTER)
        before = before[len(CUT_BEFORE):] if cut_before else before
        after = after[:-len(CUT_AFTER)] if cut_after else after
        return cls(before + words + after, len(before), len(before) + len(words), cut_before, cut_after)

    @property
    def before(self) -> str:
        return (CUT_BEFORE if self.cut_before else "") + self.text[:self.start]

    @property
    def words(self) -> str:
        return self.text[self.start:self.end]

    @property
    def after(self) -> str:
        return self.text[self.end:] + (CUT_AFTER if self.cut_after else "")


def snippet(text: str, words: str) -> Snippet:
    """A short window of `text` around the first occurrence of `words`."""
    start = text.find(words) if words else -1
    if start < 0:
        cut = text if len(text) <= 2 * SNIPPET_CHARS else text[:2 * SNIPPET_CHARS].rsplit(" ", 1)[0] + CUT_AFTER
        return Snippet(cut, len(cut), len(cut), False, False)  # no words: all of it stands before them
    before = text[:start]
    after = text[start + len(words):]
    cut_before, cut_after = len(before) > SNIPPET_CHARS, len(after) > SNIPPET_CHARS
    if cut_before:
        before = before[-SNIPPET_CHARS:].split(" ", 1)[-1]
    if cut_after:
        after = after[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return Snippet(before + words + after, len(before), len(before) + len(words), cut_before, cut_after)
