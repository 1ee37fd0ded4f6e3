"""Scales and ticks for drawings made at build time (charts, the timeline strip).

A scale maps a domain of numbers onto a range of pixels. Ticks are "nice"
values a reader can take in at a glance: 1, 2 or 5 times a power of ten.
Dates become numbers (day ordinals) in time_scales.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


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
