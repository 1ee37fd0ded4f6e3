"""One Diagnostic type, its format `path:line:column: severity: message` (safe
for a terminal), and words for messages."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in the content, tied to the position that causes it."""

    path: str
    """File path relative to the root, with forward slashes."""
    line: int | None
    """1-based line, or None where no line applies (a missing file, an empty folder)."""
    column: int | None
    """1-based column, or None with `line`."""
    message: str
    severity: str = "error"
    """`error` fails the build; `warning` is reported and the build goes on."""

    def format(self) -> str:
        """One line, safe for a terminal: content can't add lines or escape sequences."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return printable(f"{where}: {self.severity}: {self.message}")

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.column or 0)


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e"
                          "\u2060\u2066-\u2069\ufeff\ud800-\udfff]")
"""Controls, line breaks, bidirectional overrides and invisible characters: in
a terminal they could forge lines ("built 45 pages"), recolour it, reorder
what it shows, or hide why two names differ."""


def printable(text: str) -> str:
    """`text` with every character in _UNPRINTABLE written as its escape (\\n, \\x1b, \\u202e)."""
    return _UNPRINTABLE.sub(
        lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'a' or 'b'?)' for the nearest candidates, or ''."""
    close = difflib.get_close_matches(name, list(candidates), n=3, cutoff=0.6)
    if not close:
        return ""
    quoted = [f"'{c}'" for c in close]
    options = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f" (did you mean {options}?)"


def shorten(text: str, limit: int = 80) -> str:
    """Content quoted in a message, cut short: a 100 kB value makes no useful line."""
    if len(text) <= limit:
        return text
    return f"{text[:limit - 20]}… ({len(text):,} characters)"


def count_errors(diagnostics: Iterable[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.severity == "error")


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def describe_type(value: object) -> str:
    """What a YAML value is, in words for a message: 'a list', 'text', 'nothing'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, datetime.date):
        return "a date"
    return type(value).__name__
