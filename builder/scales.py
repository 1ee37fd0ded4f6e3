"""Scales and ticks for drawings made at build time (charts, the timeline strip).

A scale maps a domain (numbers or dates) onto a range of pixels. Ticks are
"nice" values a reader can take in at a glance: 1, 2 or 5 times a power of
ten for numbers; whole years, or months for short spans, for dates. Partial
dates keep their precision: a year-only date covers the whole year, and a
drawing may place it in the middle of that year and show the span.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from builder.dates import MONTHS, PartialDate

MONTH_ABBR = [name[:3] for name in MONTHS]


@dataclass(frozen=True, slots=True)
class Linear:
    """Maps [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range."""

    d0: float
    d1: float
    r0: float
    r1: float

    def __call__(self, value: float) -> float:
        if self.d1 == self.d0:
            return (self.r0 + self.r1) / 2
        return self.r0 + (value - self.d0) * (self.r1 - self.r0) / (self.d1 - self.d0)


def nice_step(span: float, count: int) -> float:
    """The 1-2-5 step that cuts `span` into about `count` parts."""
    if span <= 0 or count < 1:
        return 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power * 1.0000001:
            return factor * power
    return 10 * power


def value_domain(values: list[float], count: int = 4) -> tuple[float, float, float]:
    """(low, high, step): a domain that holds every value, starts at zero for
    values of one sign (a bar or line of counts must not exaggerate change),
    and ends on a tick."""
    low, high = min(values), max(values)
    if low >= 0:
        low = 0.0
    elif high <= 0:
        high = 0.0
    if low == high:  # every value is zero
        high = 1.0
    step = nice_step(high - low, count)
    return math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step, step


def value_ticks(low: float, high: float, step: float) -> list[float]:
    count = int(round((high - low) / step))
    return [_clean(low + i * step) for i in range(count + 1)]


def _clean(value: float) -> float:
    # 0.1 + 0.2 is 0.30000000000000004: round away float noise for labels.
    return float(f"{value:.10g}")


def px(number: float) -> str:
    """A coordinate to a tenth of a pixel: short, and the same bytes every build."""
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text


def ordinal(day: datetime.date) -> float:
    return float(day.toordinal())


def date_span(date: PartialDate) -> tuple[float, float]:
    """The days a partial date covers, as ordinals: [first day, day after the last)."""
    return ordinal(date.first_day), ordinal(date.last_day) + 1


def date_middle(date: PartialDate) -> float:
    start, end = date_span(date)
    return (start + end) / 2


@dataclass(frozen=True, slots=True)
class TimeTick:
    day: datetime.date
    label: str


YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500)
MONTH_STEPS = (1, 2, 3, 6)


def time_domain(dates: list[PartialDate], pad: float = 0.0) -> tuple[float, float]:
    """From the first day of the earliest date to the end of the latest one,
    widened by `pad` (a fraction of the span) at each end.

    One date alone (or dates that all fall on one day) still gets a span:
    its own period, widened to at least a month either side.
    """
    start = min(date_span(d)[0] for d in dates)
    end = max(date_span(d)[1] for d in dates)
    if end - start < 62:
        middle = (start + end) / 2
        start, end = middle - 31, middle + 31
    margin = (end - start) * pad
    return start - margin, end + margin


def time_ticks(start: float, end: float, count: int = 5) -> list[TimeTick]:
    """Ticks on 1 January of round years, or on the first of round months for
    spans under about three years, between the ordinals `start` and `end`."""
    first = datetime.date.fromordinal(int(math.ceil(start)))
    last = datetime.date.fromordinal(int(math.floor(end)))
    years = (end - start) / 365.25
    if years >= 3 or count <= 1:
        step = next((s for s in YEAR_STEPS if years / s <= count), YEAR_STEPS[-1])
        year = first.year if (first.month, first.day) == (1, 1) else first.year + 1
        year = int(math.ceil(year / step) * step)
        ticks = []
        while year <= last.year:
            ticks.append(TimeTick(datetime.date(year, 1, 1), str(year)))
            year += step
        return ticks
    months = years * 12
    step = next((s for s in MONTH_STEPS if months / s <= count), 12)
    index = first.year * 12 + first.month - 1 + (0 if first.day == 1 else 1)
    index = int(math.ceil(index / step) * step)
    ticks = []
    while True:
        year, month = divmod(index, 12)
        day = datetime.date(year, month + 1, 1)
        if day > last:
            return ticks
        # The year is named on the first tick and at each January.
        label = MONTH_ABBR[month] + (f" {year}" if not ticks or month == 0 else "")
        ticks.append(TimeTick(day, label))
        index += step
