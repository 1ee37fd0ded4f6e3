"""Dates of year, month or day precision, shown in English."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from builder.diagnostics import describe_type, shorten

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day.

    Not ordered: is "1962" before "1962-10-16"? Sort by `sort_key`, compare
    spans by `first_day` and `last_day`.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        """The `datetime` attribute form: YYYY, YYYY-MM or YYYY-MM-DD."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    @property
    def text(self) -> str:
        """English display: "1950", "November 2023", "19 June 2024"."""
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        # A missing month or day sorts as 0, so "1962" comes before "1962-10-16".
        return (self.year, self.month or 0, self.day or 0)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> datetime.date:
        month = self.month or 12
        return datetime.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


def parse_date(value: object) -> PartialDate | str:
    """A PartialDate, or an error message saying what is wrong."""
    if isinstance(value, datetime.datetime):
        return "a date must not have a time of day"
    if isinstance(value, datetime.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return PartialDate(value)
    if not isinstance(value, str):
        return f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got {describe_type(value)}"
    match = _DATE.match(value.strip())
    if not match:
        return f"'{shorten(value)}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return f"'{value}' is not a date: month {month} does not exist"
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            return f"'{value}' is not a date: {MONTHS[month - 1]} {year} has {last} days"
    return PartialDate(year, month, day)


def span_text(start: PartialDate, end: PartialDate | None) -> str:
    """"1950–1953", "June–July 2024" or just the start's text."""
    if end is None or end == start:
        return start.text
    return f"{start.text}\u2013{end.text}"

