"""The timeline's overview strip: events per year on a true time axis, as inline SVG.

Equal spacing in a list hides how far apart events are (1961, then 1995);
the strip draws each year with events as a bar at its place in time, so a
gap shows as empty axis, and labels gaps of GAP_YEARS or more. Each bar is a
link to that year in the list below. The article's date is marked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from html import escape

from builder.dates import PartialDate
from builder.scales import Linear, px
from builder.time_scales import date_middle, time_ticks

GAP_YEARS = 5
WIDTH, HEIGHT = 960, 124
LEFT, RIGHT = 12, 12
BASELINE = 86
BAR_MAX = 52


@dataclass(frozen=True, slots=True)
class Year:
    year: int
    count: int
    href: str
    """The year's place in the list, e.g. '#year_1950'."""


@dataclass(frozen=True, slots=True)
class Marker:
    date: PartialDate
    label: str
    """e.g. "Article, June 2024"."""


def gap_years(years: list[int]) -> dict[int, int]:
    """Year -> years since the previous year with events, for gaps of GAP_YEARS or more."""
    return {b: b - a for a, b in zip(years, years[1:]) if b - a >= GAP_YEARS}


def gap_text(years: int) -> str:
    return f"{years} years later"


def draw(years: list[Year], markers: list[Marker], *, strip_id: str = "overview") -> str:
    """The SVG strip; `years` in any order, each year with at least one event."""
    years = sorted(years, key=lambda y: y.year)
    first, last = years[0].year, years[-1].year
    for marker in markers:
        first, last = min(first, marker.date.year), max(last, marker.date.year)
    start, end = _new_year(first), _new_year(last + 1)
    x = Linear(start, end, LEFT, WIDTH - RIGHT)
    title_id, desc_id = f"{strip_id}_title", f"{strip_id}_desc"
    total = sum(y.count for y in years)
    span = f"{first}\u2013{last}" if last != first else str(first)
    description = (f"{total} events in {len(years)} years between {span}. Each bar is a year "
                   "with events, as tall as it has events; a link to that year in the list."
                   + "".join(f" The dashed line marks: {m.label}." for m in markers))
    parts = [
        f'<svg class="timeline-strip" id="{strip_id}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" font-size="13" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">Events per year, {span}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        f'<line class="baseline" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{BASELINE}" y2="{BASELINE}" '
        f'stroke="currentColor"/>',
        *_ticks(x, start, end), *_gap_labels(x, years), *_bars(x, years),
        *(_marker(x, marker) for marker in markers), "</svg>",
    ]
    return "\n".join(parts)


def _new_year(year: int) -> int:
    """1 January of `year` as a day number, where the scale starts a year."""
    return datetime.date(year, 1, 1).toordinal()


def _ticks(x: Linear, start: int, end: int) -> list[str]:
    parts = ['<g class="ticks" fill="currentColor">']
    for tick in time_ticks(float(start), float(end), 8):
        tx = px(x(float(tick.day.toordinal())))
        parts.append(f'<line x1="{tx}" x2="{tx}" y1="{BASELINE}" y2="{BASELINE + 5}" stroke="currentColor"/>'
                     f'<text x="{tx}" y="{BASELINE + 19}" text-anchor="middle">{tick.label}</text>')
    return parts + ["</g>"]


def _gap_labels(x: Linear, years: list[Year]) -> list[str]:
    """"34 years" in each empty stretch of GAP_YEARS or more."""
    gaps = gap_years([y.year for y in years])
    parts = []
    for previous, year in zip(years, years[1:]):
        if year.year in gaps:
            # The label sits in the empty stretch it names.
            middle = (x(_new_year(previous.year + 1)) + x(_new_year(year.year))) / 2
            parts.append(f'<text class="gap" x="{px(middle)}" y="{BASELINE - 8}" text-anchor="middle" '
                         f'font-style="italic" fill="currentColor">{gaps[year.year]} years</text>')
    return parts


def _bars(x: Linear, years: list[Year]) -> list[str]:
    """A bar per year, as tall as it has events, linking to the year in the list."""
    most = max(y.count for y in years)
    parts = []
    for year in years:
        x0, x1 = x(_new_year(year.year)), x(_new_year(year.year + 1))
        height = max(6.0, BAR_MAX * year.count / most)
        label = f"{year.year}: {year.count} event{'s' if year.count != 1 else ''}"
        parts.append(
            f'<a class="year" href="{escape(year.href)}" aria-label="{label}">'
            f'<title>{label}</title>'
            f'<rect class="hit" x="{px(x0)}" y="{BASELINE - BAR_MAX - 4}" width="{px(x1 - x0)}" '
            f'height="{BAR_MAX + 4}" fill="transparent"/>'
            f'<rect class="bar" x="{px(x0 + 0.5)}" y="{px(BASELINE - height)}" '
            f'width="{px(max(1.0, x1 - x0 - 1))}" height="{px(height)}" fill="currentColor"/></a>')
    return parts


def _marker(x: Linear, marker: Marker) -> str:
    """A dashed line at the marked date (the article's)."""
    mx = px(x(date_middle(marker.date)))
    return (f'<g class="marker"><line x1="{mx}" x2="{mx}" y1="14" y2="{BASELINE}" '
            f'stroke="currentColor" stroke-width="2" stroke-dasharray="4 3"/>'
            f'<text x="{mx}" y="11" text-anchor="end" fill="currentColor" '
            f'font-weight="bold">{escape(marker.label)}</text></g>')
