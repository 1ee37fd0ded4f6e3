"""Dates on a scale: partial dates as spans of days, a time domain and its ticks.

A date becomes a day ordinal, which scales.Linear maps onto pixels. Ticks
fall on whole years, or on months for short spans. Partial dates keep their
precision: a year-only date covers the whole year, and a drawing may place
it in the middle of that year and show the span.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from builder.dates import MONTHS, PartialDate

MONTH_ABBR = [name[:3] for name in MONTHS]


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
