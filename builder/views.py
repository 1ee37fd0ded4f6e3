"""What templates receive: plain, read-only data with finished text and hrefs.

Each class is one thing a template shows; its fields are the names the
templates use (`box.status_label`, `link.href`). Jinja reads them as
attributes, which it tries before items, so no lookup misses first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str
    """'' for a name with nowhere to go (an author who is no actor)."""


@dataclass(frozen=True, slots=True)
class Date:
    iso: str
    """For the datetime attribute: 2024, 2024-06 or 2024-06-19."""
    text: str
    """As shown: "19 June 2024"."""


@dataclass(frozen=True, slots=True)
class LabelledDate:
    label: str
    """"Born", "Died" or "Founded"."""
    iso: str
    text: str


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A source as cited under a box, a definition or a profile."""

    title: str
    publisher: str
    url: str
    date: Date | None
    state_media: bool
    """Labelled as such wherever the source is shown."""
    href: str
    """To the source's entry on the sources page."""


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a fact box's or event's quote stands in the article."""

    href: str
    """The paragraph."""
    quote_href: str
    """The quoted words themselves."""


@dataclass(frozen=True, slots=True)
class Backlink:
    href: str
    article: str
    """The article's title when the site has several, else ''."""
    number: int
    before: str
    words: str
    after: str


class LazyHtml:
    """HTML made when a template writes it (`__html__`): a streamed glossary
    never holds every term's HTML at once."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], str]):
        self._make = make

    def __html__(self) -> str:
        return self._make()


class Backlinks:
    """An entry's mentions as a page shows them: how many, and the list's HTML,
    made when a template reads it (a streamed glossary never holds every list)."""

    __slots__ = ("count", "_make")

    def __init__(self, count: int, make: Callable[[], str]):
        self.count, self._make = count, make

    @property
    def html(self) -> str:
        return self._make()

    def __eq__(self, other: object) -> bool:
        """The same count and HTML (the dev server asks: main_blocks.py)."""
        return isinstance(other, Backlinks) and self.count == other.count and self.html == other.html

    __hash__ = None


@dataclass(frozen=True, slots=True)
class ChartRow:
    """One point of a chart, as its table shows it."""

    date: Date
    text: str
    """The value in words: "more than 13,000 containers"."""
    sources: tuple[SourceLine, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """A fact's series, drawn (SVG, at two sizes) and as a table."""

    title: str
    full: str
    """The SVG with axes and a link per point (charts.draw)."""
    small: str
    """The SVG for fact boxes in the article and home cards."""
    rows: tuple[ChartRow, ...]


@dataclass(frozen=True, slots=True)
class FactBox:
    id: str
    """Also its anchor (urls.entry_anchor)."""
    title: str
    kind: str
    figure: str
    """The number as shown ("up to 4.8 million shells"), '' unless a figure."""
    status: str
    status_label: str
    claimed_by: Link | None
    as_of: Date | None
    body_html: str
    sources: tuple[SourceLine, ...]
    related: tuple[Link, ...]
    placement: Placement | None
    href: str
    chart: Chart | None = None
    """Its series drawn, or None when it has none."""
    type: str = "fact"


@dataclass(frozen=True, slots=True)
class EventItem:
    id: str
    """Also its anchor (urls.entry_anchor)."""
    title: str
    date: Date
    end: Date | None
    when: str
    """The span as shown: "June–July 2024"."""
    body_html: str
    actors: tuple[Link, ...]
    related: tuple[Link, ...]
    sources: tuple[SourceLine, ...]
    placement: Placement | None
    href: str
    actor_ids: str
    """Ids of its actors, space-separated, for the timeline's filter."""
    after: bool
    """Whether it lies wholly after the newest article's date: "what happened since"."""
    type: str = "event"


@dataclass(frozen=True, slots=True)
class ArticleCard:
    title: str
    href: str
    author: Link | None
    publisher: str
    published: Date | None
    url: str
    """The original's address, or ''."""
    summary_html: str


@dataclass(frozen=True, slots=True)
class Note:
    """A fact box or event beside the article, numbered as its marker in the text."""

    number: int
    back: str
    """The link back to the quoted words: '#q_<id>'."""
    box: FactBox | EventItem


@dataclass(frozen=True, slots=True)
class Chunk:
    """A top-level block of the article and the notes beside it, in marker order."""

    html: str
    notes: tuple[Note, ...]


@dataclass(frozen=True, slots=True)
class Count:
    label: str
    count: int
    href: str


@dataclass(frozen=True, slots=True)
class UsedGroup:
    label: str
    """"Fact boxes", "Timeline", ..."""
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class UsedIn:
    """Where an entry is used besides the article's paragraphs."""

    count: int
    """Every use, the article's paragraphs included: 0 only when nothing uses it."""
    groups: tuple[UsedGroup, ...]
    summary: str
    """"2 paragraphs of the article, 1 fact box", or ''."""


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    id: str
    """Also its anchor (urls.entry_anchor)."""
    term: str
    aliases: tuple[str, ...]
    definition_html: str
    see_also: tuple[Link, ...]
    sources: tuple[SourceLine, ...]
    backlinks: Backlinks
    used: UsedIn


@dataclass(frozen=True, slots=True)
class LetterGroup:
    letter: str
    anchor: str
    href: str
    terms: tuple[LazyHtml | str, ...]
    """Each term's HTML (`glossary_term` in _macros.html, of a GlossaryTerm)."""


@dataclass(frozen=True, slots=True)
class YearGroup:
    year: int
    anchor: str
    href: str
    events: tuple[EventItem, ...]
    gap: str
    """"34 years later" after a long gap, else ''."""


@dataclass(frozen=True, slots=True)
class TimelineActor:
    """An actor in the timeline's filter, with its events counted."""

    id: str
    name: str
    count: int
    href: str
    """The events on the actor's own page (the filter without JavaScript)."""


@dataclass(frozen=True, slots=True)
class ActorLine:
    name: str
    role: str
    href: str


@dataclass(frozen=True, slots=True)
class KindGroup:
    label: str
    anchor: str
    actors: tuple[ActorLine, ...]


@dataclass(frozen=True, slots=True)
class ActorProfile:
    id: str
    name: str
    kind: str
    kind_label: str
    role: str
    aliases: tuple[str, ...]
    dates: tuple[LabelledDate, ...]
    summary_html: str
    related: tuple[Link, ...]
    sources: tuple[SourceLine, ...]


@dataclass(frozen=True, slots=True)
class SourceItem:
    id: str
    """Also its anchor (urls.entry_anchor)."""
    title: str
    publisher: str
    author: str
    url: str
    date: Date | None
    accessed: Date | None
    archive: str
    """An archived copy's address, or ''."""
    kind_label: str
    """"News agency", "State media", ... or '' when the kind is not given."""
    state_media: bool
    cited_by: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    href: str
    current: bool


@dataclass(frozen=True, slots=True)
class SearchBox:
    """Where the search box on every page finds the index, and its links without JavaScript."""

    index: str
    """Pagefind's script."""
    root: str
    page: str
    """The search page (the form's action)."""
    glossary: str
    actors: str


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What every page shows around its content: `page` in the templates."""

    lang: str
    site_title: str
    checked: Date | None
    """When the content's facts were last checked."""
    title: str
    full_title: str
    description: str
    canonical: str | None
    og_type: str
    stylesheet: str
    script: str
    search_script: str
    home: str
    nav: tuple[NavItem, ...]
    search: SearchBox
    searchable: bool
    """Whether the search index holds the page (its <main>)."""
    split_results: bool
    """A page of many entries: a search hit there is shown as the entry it falls in."""
    jsonld: str
    """The page's JSON-LD (structured.script), or ''."""
