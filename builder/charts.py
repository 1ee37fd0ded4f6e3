"""Line and step charts of a dated series, drawn as inline SVG at build time.

No JavaScript and no chart library: the scales come from scales.py and
time_scales.py, and the SVG is written here as text. A chart has a title
and a description (for screen readers), labelled axes and ticks, and in its
full size one link per point to that point's source. Dates keep their precision: a point known only
to the month or year stands in the middle of its period, with a bar across
the period. The page shows a table of the same data beside the chart (the
template draws it); the small size, for fact boxes and home cards, is a
picture whose description carries the numbers.

Every colour is `currentColor` or a class the stylesheet can restyle, so the
chart follows dark mode, and it still reads without any CSS.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from builder.dates import PartialDate
from builder.scales import Linear, px, value_domain, value_ticks
from builder.time_scales import date_middle, date_span, time_domain, time_ticks


@dataclass(frozen=True, slots=True)
class Point:
    date: PartialDate
    value: int | float
    text: str
    """The value in words, with its qualifier and unit: "more than 13,000 containers"."""
    href: str = ""
    """Where the point links to (its source); '' for no link."""
    source: str = ""
    """The name of that source, for the link's label."""


@dataclass(frozen=True, slots=True)
class Size:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    x_ticks: int
    y_ticks: int
    radius: float
    font: int


FULL = Size(480, 260, 56, 20, 34, 46, 5, 4, 5, 13)
SMALL = Size(240, 88, 6, 6, 18, 20, 1, 1, 3, 11)


def draw(points: list[Point], *, chart_id: str, title: str, y_label: str,
         x_label: str = "Date", style: str = "line", small: bool = False) -> str:
    """The SVG of `points` (any order; drawn in date order). `style` is line or step."""
    size = SMALL if small else FULL
    ordered = sorted(points, key=lambda p: p.date.sort_key)
    # A little room either side, so the first and last dots stand clear of the axes.
    start, end = time_domain([p.date for p in ordered], pad=0.04)
    values = [float(p.value) for p in ordered]
    if small:
        # No value ticks to line up with: use the height for the line.
        low, high, step = min(0.0, *values), max(0.0, *values) or 1.0, 1.0
    else:
        low, high, step = value_domain(values, size.y_ticks)
    x = Linear(start, end, size.left, size.width - size.right)
    y = Linear(low, high, size.height - size.bottom, size.top)
    title_id, desc_id = f"{chart_id}_title", f"{chart_id}_desc"
    kind = "Step chart" if style == "step" else "Line chart"
    parts = [
        f'<svg class="chart chart-{"small" if small else "full"} chart-{style}" '
        f'id="{chart_id}" viewBox="0 0 {size.width} {size.height}" width="{size.width}" '
        f'height="{size.height}" font-size="{size.font}" '
        + ('role="img" ' if small else "")
        + f'aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(describe(ordered, kind, y_label))}</desc>',
    ]
    if small:
        parts += _small_axes(ordered, x, y, size)
    else:
        parts += _axes(start, end, low, high, step, x, y, size, x_label, y_label)
    parts.append(_line(ordered, x, y, style, end))
    parts += [_point(p, x, y, size, small) for p in ordered]
    parts.append("</svg>")
    return "\n".join(parts)


def describe(points: list[Point], kind: str, y_label: str) -> str:
    """What the chart shows, in words: every point when there are few."""
    if len(points) == 1:
        only = points[0]
        return f"{kind} of {y_label}: one value, {only.text} ({only.date.text})."
    listed = "; ".join(f"{p.date.text}: {p.text}" for p in points)
    return f"{kind} of {y_label} over time, {len(points)} values. {listed}."


def short_number(value: float) -> str:
    """Tick and point labels: "13,000", "4.8M", "0.5"."""
    for size, suffix in ((1_000_000_000, "B"), (1_000_000, "M")):
        if abs(value) >= size:
            return f"{value / size:.1f}".rstrip("0").rstrip(".") + suffix
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _axes(start, end, low, high, step, x, y, size, x_label, y_label) -> list[str]:
    left, right = size.left, size.width - size.right
    bottom, top = size.height - size.bottom, size.top
    parts = ['<g class="axis axis-y" fill="currentColor">']
    for value in value_ticks(low, high, step):
        ty = px(y(value))
        parts.append(f'<line class="grid" x1="{left}" x2="{right}" y1="{ty}" y2="{ty}" '
                     f'stroke="currentColor" stroke-opacity="0.2"/>')
        parts.append(f'<text x="{left - 6}" y="{ty}" dy="0.32em" text-anchor="end">'
                     f'{short_number(value)}</text>')
    parts.append(f'<text class="axis-title" x="{left}" y="{top - 14}" text-anchor="start" '
                 f'font-weight="bold">{escape(y_label)}</text>')
    parts.append("</g>")
    parts.append('<g class="axis axis-x" fill="currentColor">')
    parts.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="currentColor"/>')
    for tick in time_ticks(start, end, size.x_ticks):
        tx = px(x(float(tick.day.toordinal())))
        parts.append(f'<line x1="{tx}" x2="{tx}" y1="{bottom}" y2="{bottom + 5}" stroke="currentColor"/>')
        parts.append(f'<text x="{tx}" y="{bottom + 18}" text-anchor="middle">'
                     f'<tspan>{escape(tick.label)}</tspan></text>')
    parts.append(f'<text class="axis-title" x="{px((left + right) / 2)}" y="{size.height - 4}" '
                 f'text-anchor="middle" font-weight="bold">{escape(x_label)}</text>')
    parts.append("</g>")
    return parts


def _small_axes(points, x, y, size) -> list[str]:
    """A baseline, the first and last dates beneath it and the top value above."""
    bottom = size.height - size.bottom
    first, last = points[0], points[-1]
    parts = ['<g class="axis" fill="currentColor">',
             f'<line x1="{size.left}" x2="{size.width - size.right}" y1="{bottom}" y2="{bottom}" '
             f'stroke="currentColor" stroke-opacity="0.4"/>',
             f'<text x="{size.left}" y="{size.height - 4}" text-anchor="start">'
             f'{escape(first.date.text)}</text>']
    if last.date != first.date:
        parts.append(f'<text x="{size.width - size.right}" y="{size.height - 4}" '
                     f'text-anchor="end">{escape(last.date.text)}</text>')
    parts.append("</g>")
    return parts


def _line(points, x, y, style, end) -> str:
    coords = [(x(date_middle(p.date)), y(float(p.value))) for p in points]
    if style == "step":
        # A value holds until the next one: across, then up or down; the last
        # holds to the end of the axis.
        path = f"M{px(coords[0][0])},{px(coords[0][1])}"
        for (_, y0), (x1, y1) in zip(coords, coords[1:]):
            path += f" H{px(x1)} V{px(y1)}"
        path += f" H{px(x(end))}"
    else:
        path = "M" + " L".join(f"{px(cx)},{px(cy)}" for cx, cy in coords)
    return (f'<path class="series" d="{path}" fill="none" stroke="currentColor" '
            f'stroke-width="2.5" stroke-linejoin="round"/>')


def _point(point: Point, x, y, size, small: bool) -> str:
    cx, cy = x(date_middle(point.date)), y(float(point.value))
    first, after = date_span(point.date)
    shapes = []
    if x(after) - x(first) > 2 * size.radius:
        # A month or a year: the bar says the value holds for some day in it.
        shapes.append(f'<line class="period" x1="{px(x(first))}" x2="{px(x(after))}" '
                      f'y1="{px(cy)}" y2="{px(cy)}" stroke="currentColor" stroke-width="2" '
                      f'stroke-opacity="0.5"/>')
    shapes.append(f'<circle class="dot" cx="{px(cx)}" cy="{px(cy)}" r="{size.radius}" '
                  f'fill="currentColor"/>')
    label_y = cy - size.radius - 5
    if small:
        return "\n".join(shapes)
    shapes.append(f'<text class="value" x="{px(cx)}" y="{px(label_y)}" text-anchor="middle" '
                  f'fill="currentColor">{short_number(float(point.value))}</text>')
    if not point.href:
        return "\n".join(shapes)
    # A larger, invisible target around the dot, so the link is easy to hit.
    hit = (f'<circle class="hit" cx="{px(cx)}" cy="{px(cy)}" r="12" fill="transparent"/>')
    label = f"{point.date.text}: {point.text}. Source: {point.source}"
    return (f'<a class="point" href="{escape(point.href)}" aria-label="{escape(label)}">'
            + "".join(shapes) + hit + "</a>")
