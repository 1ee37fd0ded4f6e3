"""The content as plain, validated data. Every record remembers where it came from."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from builder.dates import PartialDate

# The values a field may take, in the order pages list them.
ACTOR_KINDS = ("person", "country", "organization", "group")
FACT_KINDS = ("figure", "context")
STATUSES = ("confirmed", "reported", "unconfirmed", "disputed")
"""How sure a fact box is, from surest to least sure."""
QUALIFIERS = ("about", "nearly", "at least", "up to", "more than", "fewer than")
SOURCE_KINDS = ("official", "agency", "news", "analysis", "reference", "state-media")
CHARTS = ("line", "step")
"""How a fact's series is drawn: a line, or steps (a value holds until the next)."""
GENRES = ("news", "opinion", "analysis", "background", "reportage", "review")
"""What kind of piece an article is (schema.org's NewsArticle and its kinds)."""


@dataclass(frozen=True, slots=True)
class Origin:
    """A position in a content file."""

    path: str
    """Relative to the root, forward slashes."""
    line: int = 1
    column: int = 1


_NEWLINE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class Markdown:
    """Markdown text and where it starts, so links inside it can be reported exactly."""

    text: str
    origin: Origin
    """Where the value starts in its file."""
    raw: str
    """The value as written in the file (quotes, indentation and all), to locate words in it."""

    def locate(self, needle: str, nth: int = 0) -> Origin:
        """The position of the nth occurrence of `needle` in the file, or of the value."""
        index = -1
        for _ in range(nth + 1):
            index = self.raw.find(needle, index + 1)
            if index < 0:
                return self.origin
        return self.position(index)

    def position(self, index: int, line_starts: list[int] | None = None) -> Origin:
        """The position in the file of `raw[index]`; `line_starts` (from
        `line_starts()`) makes it O(log n) for a text with many positions."""
        if line_starts is None:
            line_starts = self.line_starts(self.raw[:index])
        newlines = bisect.bisect_right(line_starts, index)
        if newlines == 0:
            return Origin(self.origin.path, self.origin.line, self.origin.column + index)
        return Origin(self.origin.path, self.origin.line + newlines, index - line_starts[newlines - 1] + 1)

    @staticmethod
    def line_starts(raw: str) -> list[int]:
        """The index after each newline of `raw`."""
        return [m.end() for m in _NEWLINE.finditer(raw)]


@dataclass(frozen=True, slots=True)
class Reference:
    """An id named by a reference field, with the position of the name."""

    id: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    description: str = ""
    language: str = "en"
    base_url: str | None = None
    """Public root with a trailing slash, or None when unknown."""
    checked: PartialDate | None = None
    """When the content's facts were last checked."""
    key_points: tuple[Markdown, ...] = ()
    """The bottom line, shown first on the home page: a few Markdown bullets."""


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    origin: Origin
    publisher: str = ""
    author: str = ""
    url: str = ""
    date: PartialDate | None = None
    accessed: PartialDate | None = None
    archive: str = ""
    """Address of an archived copy."""
    kind: str = ""
    """One of SOURCE_KINDS, or empty when not given."""

    @property
    def dated(self) -> PartialDate | None:
        """The page's own date, else (for a living reference page) the day it was read."""
        return self.date or self.accessed


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: str
    """One of ACTOR_KINDS."""
    origin: Origin
    aliases: tuple[str, ...] = ()
    role: str = ""
    role_as_of: PartialDate | None = None
    """When `role` was last known to be true."""
    summary: Markdown | None = None
    born: PartialDate | None = None
    died: PartialDate | None = None
    founded: PartialDate | None = None
    sources: tuple[Reference, ...] = ()
    related: tuple[Reference, ...] = ()


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    term: str
    definition: Markdown
    origin: Origin
    aliases: tuple[str, ...] = ()
    case_sensitive: bool = False
    see_also: tuple[Reference, ...] = ()
    sources: tuple[Reference, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """Words of an article that a fact box or event explains."""

    text: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    date: PartialDate
    title: str
    origin: Origin
    end: PartialDate | None = None
    body: Markdown | None = None
    actors: tuple[Reference, ...] = ()
    related: tuple[Reference, ...] = ()
    sources: tuple[Reference, ...] = ()
    quote: Quote | None = None


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One dated value of a fact's series, with its own sources."""

    date: PartialDate
    value: int | float
    origin: Origin
    qualifier: str = ""
    sources: tuple[Reference, ...] = ()


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    title: str
    origin: Origin
    kind: str = "context"
    """One of FACT_KINDS: figure (a number) or context (background)."""
    value: int | float | None = None
    unit: str = ""
    qualifier: str = ""
    display: str = ""
    as_of: PartialDate | None = None
    claimed_by: Reference | None = None
    status: str = "reported"
    """One of STATUSES."""
    quote: Quote | None = None
    body: Markdown | None = None
    sources: tuple[Reference, ...] = ()
    related: tuple[Reference, ...] = ()
    series: tuple[SeriesPoint, ...] = ()
    """Dated values drawn as a chart, in date order."""
    chart: str = "line"
    """One of CHARTS."""


@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    title: str
    body: Markdown
    origin: Origin
    """The article file itself (line 1)."""
    author: str = ""
    publisher: str = ""
    published: PartialDate | None = None
    url: str = ""
    summary: Markdown | None = None
    seed: str = ""
    """Seed path relative to the root, or ''."""
    genre: str = "news"
    """One of GENRES."""


Entry = Source | Actor | Term | Event | Fact

DATA_FILES: dict[str, type[Entry]] = {
    "facts": Fact, "actors": Actor, "glossary": Term, "timeline": Event, "sources": Source,
}
"""content/<stem>.yaml -> the kind of entry each of its items is, in reading order."""


@dataclass(frozen=True, slots=True)
class Content:
    """Everything validated, in file order."""

    site: SiteConfig
    articles: tuple[Article, ...]
    facts: tuple[Fact, ...] = ()
    actors: tuple[Actor, ...] = ()
    terms: tuple[Term, ...] = ()
    events: tuple[Event, ...] = ()
    sources: tuple[Source, ...] = ()
    entries: dict[str, Entry] = field(default_factory=dict)
    """Every entry by id, across all five files."""
    awaited_seeds: tuple[str, ...] = ()
    """Seeds that articles name but that do not exist yet (paths relative to the
    root): `serve` watches for them, so that making one is seen."""


def display_name(entry: Entry) -> str:
    """The words a bare `[[id]]` shows."""
    if isinstance(entry, Actor):
        return entry.name
    if isinstance(entry, Term):
        return entry.term
    return entry.title
