"""One Diagnostic type, its format `path:line:column: severity: message` (safe
for a terminal), and words for messages."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz, process


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
    """' (did you mean 'a' or 'b'?)' for the nearest candidates, or ''.

    Nearest by the similarity difflib calls ratio (2 * matches / total
    length, here rapidfuzz's Indel ratio, in C), at least 0.6: difflib itself
    took 60 ms per name against 5,000 ids."""
    found = process.extract(name, list(candidates), scorer=fuzz.ratio, limit=3, score_cutoff=60)
    if not found:
        return ""
    close = [c for c, _, _ in sorted(found, key=lambda f: (-f[1], f[0]))]
    quoted = [f"'{c}'" for c in close]
    options = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f" (did you mean {options}?)"


class Suggestions:
    """did_you_mean for one build: each name is looked up once per pool, and
    after `limit` different names no more are looked up (a thousand typos of
    a thousand names cost what `limit` cost; the errors are all still reported)."""

    def __init__(self, limit: int = 50) -> None:
        self.limit = limit
        self._found: dict[tuple[str, str], str] = {}

    def __call__(self, name: str, pool: str, candidates: Callable[[], Collection[str]]) -> str:
        key = (name, pool)
        if key not in self._found:
            if len(self._found) >= self.limit:
                return ""
            self._found[key] = did_you_mean(name, candidates())
        return self._found[key]


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
