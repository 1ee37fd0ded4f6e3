"""Scales, ticks and the SVG of a dated series, read back as a parser sees them."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from builder import charts, scales, time_scales
from builder.dates import PartialDate

SVG = "{http://www.w3.org/2000/svg}"


def d(text: str) -> PartialDate:
    parts = [int(p) for p in text.split("-")]
    return PartialDate(*parts)


def parse(svg: str) -> ET.Element:
    # Inline SVG in HTML needs no namespace; XML does, to read it back.
    return ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def containers() -> list[charts.Point]:
    # Given out of order on purpose: the chart sorts by date.
    return [
        charts.Point(d("2024-06"), 10000, "at least 10,000 containers", "../sources/#b", "Euromaidan"),
        charts.Point(d("2023-10-16"), 1000, "more than 1,000 containers", "../sources/#a", "KBS"),
        charts.Point(d("2024-08-27"), 13000, "more than 13,000 containers", "../sources/#d", "Kyiv Independent"),
        charts.Point(d("2024-02-26"), 6700, "about 6,700 containers", "../sources/#c", "Politico"),
    ]


def draw(points, **options) -> ET.Element:
    return parse(charts.draw(points, chart_id="chart_x", title="Containers sent",
                             y_label="containers", **options))


def dots(svg: ET.Element) -> list[tuple[float, float]]:
    return [(float(c.get("cx")), float(c.get("cy"))) for c in svg.iter(f"{SVG}circle")
            if c.get("class") == "dot"]


# -- scales ------------------------------------------------------------------

def test_nice_steps_are_one_two_or_five_times_a_power_of_ten():
    assert scales.nice_step(13000, 4) == 5000
    assert scales.nice_step(100, 5) == 20
    assert scales.nice_step(1, 4) == 0.5
    assert scales.nice_step(0.3, 3) == 0.1


def test_value_domain_starts_at_zero_and_ends_on_a_tick():
    low, high, step = scales.value_domain([1000, 6700, 10000, 13000], 4)
    assert (low, high, step) == (0, 15000, 5000)
    assert scales.value_ticks(low, high, step) == [0, 5000, 10000, 15000]


def test_value_domain_of_equal_values_and_of_zeros():
    assert scales.value_domain([500, 500, 500], 4) == (0, 600, 200)
    assert scales.value_domain([0, 0], 4) == (0, 1, 0.5)
    low, high, _ = scales.value_domain([-3, -7], 4)
    assert low <= -7 and high == 0


def test_ticks_are_free_of_float_noise():
    assert scales.value_ticks(0, 0.3, 0.1) == [0, 0.1, 0.2, 0.3]


def test_linear_scale_maps_and_inverts_direction():
    scale = scales.Linear(0, 100, 200, 0)
    assert scale(0) == 200 and scale(100) == 0 and scale(25) == 150
    assert scales.Linear(5, 5, 0, 10)(5) == 5  # a zero-width domain maps to the middle


def test_a_partial_date_covers_its_period():
    start, end = time_scales.date_span(d("2024"))
    assert end - start == 366  # a leap year
    start, end = time_scales.date_span(d("2024-02"))
    assert end - start == 29
    start, end = time_scales.date_span(d("2024-02-26"))
    assert end - start == 1


def test_time_ticks_are_years_for_long_spans_and_months_for_short_ones():
    start, end = time_scales.time_domain([d("1950-06-25"), d("2024-06-19")])
    labels = [t.label for t in time_scales.time_ticks(start, end, 5)]
    assert labels == ["1960", "1980", "2000", "2020"]
    start, end = time_scales.time_domain([d("2023-10-16"), d("2024-08-27")])
    ticks = time_scales.time_ticks(start, end, 5)
    assert [t.label for t in ticks] == ["Jan 2024", "Apr", "Jul"]
    assert all(t.day.day == 1 for t in ticks)


def test_one_date_still_gets_a_time_span():
    start, end = time_scales.time_domain([d("2024-06-19")])
    assert end - start >= 62 and start < datetime.date(2024, 6, 19).toordinal() < end


# -- the chart ---------------------------------------------------------------

def test_points_are_drawn_in_date_order():
    svg = draw(containers())
    xs = [x for x, _ in dots(svg)]
    assert xs == sorted(xs)
    ys = [y for _, y in dots(svg)]
    assert ys == sorted(ys, reverse=True)  # rising values go up the page
    path = next(p for p in svg.iter(f"{SVG}path") if p.get("class") == "series")
    assert path.get("d").count("L") == 3


def test_the_chart_has_a_title_a_description_and_labelled_axes():
    svg = draw(containers())
    assert svg.get("aria-labelledby") == "chart_x_title chart_x_desc"
    assert svg.find(f"{SVG}title").text == "Containers sent"
    desc = svg.find(f"{SVG}desc").text
    assert "16 October 2023: more than 1,000 containers" in desc
    assert desc.index("October 2023") < desc.index("February 2024") < desc.index("June 2024")
    titles = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "axis-title"]
    assert titles == ["containers", "Date"]
    y_ticks = [t.text for g in svg.iter(f"{SVG}g") if "axis-y" in g.get("class", "")
               for t in g.iter(f"{SVG}text") if t.get("class") is None]
    assert y_ticks == ["0", "5,000", "10,000", "15,000"]
    x_ticks = ["".join(t.itertext()) for g in svg.iter(f"{SVG}g") if "axis-x" in g.get("class", "")
               for t in g.iter(f"{SVG}text") if t.get("class") is None]
    assert x_ticks == ["Jan 2024", "Apr", "Jul"]


def test_each_point_is_one_link_to_its_source():
    svg = draw(containers())
    links = list(svg.iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == ["../sources/#a", "../sources/#c", "../sources/#b", "../sources/#d"]
    assert links[0].get("aria-label") == "16 October 2023: more than 1,000 containers. Source: KBS"
    assert all(len([c for c in a.iter(f"{SVG}circle") if c.get("class") == "dot"]) == 1 for a in links)


def test_precision_is_kept_a_month_is_a_bar_across_the_month():
    svg = draw(containers())
    periods = [p for p in svg.iter(f"{SVG}line") if p.get("class") == "period"]
    assert len(periods) == 1  # June 2024 only; days are dots alone
    june = periods[0]
    x1, x2 = float(june.get("x1")), float(june.get("x2"))
    june_dot = dots(svg)[2]
    assert x1 < june_dot[0] < x2
    assert abs((x1 + x2) / 2 - june_dot[0]) < 0.2


def test_year_only_dates_mixed_with_full_dates():
    points = [charts.Point(d("2019"), 3, "3 tests", "#s1", "A"),
              charts.Point(d("2021-03-05"), 5, "5 tests", "#s2", "B"),
              charts.Point(d("2022"), 4, "4 tests", "#s3", "C")]
    svg = draw(points)
    periods = [p for p in svg.iter(f"{SVG}line") if p.get("class") == "period"]
    assert len(periods) == 2
    widths = [float(p.get("x2")) - float(p.get("x1")) for p in periods]
    assert widths[0] == pytest.approx(widths[1], rel=0.01)  # a year is a year
    xs = [x for x, _ in dots(svg)]
    assert xs == sorted(xs)
    assert "2019: 3 tests; 5 March 2021: 5 tests; 2022: 4 tests" in svg.find(f"{SVG}desc").text


def test_one_point():
    svg = draw([charts.Point(d("2024-06-19"), 42, "42 things", "#s", "S")])
    [(cx, cy)] = dots(svg)
    assert charts.FULL.left < cx < charts.FULL.width - charts.FULL.right
    assert charts.FULL.top <= cy < charts.FULL.height - charts.FULL.bottom
    assert "one value, 42 things (19 June 2024)" in svg.find(f"{SVG}desc").text
    assert len(list(svg.iter(f"{SVG}a"))) == 1


def test_equal_values_make_a_flat_line_above_the_baseline():
    points = [charts.Point(d(f"2024-0{m}"), 500, "500", f"#s{m}", "S") for m in (1, 2, 3)]
    svg = draw(points)
    ys = {y for _, y in dots(svg)}
    assert len(ys) == 1
    assert ys.pop() < charts.FULL.height - charts.FULL.bottom


def test_step_chart_holds_each_value_until_the_next():
    svg = draw(containers(), style="step")
    path = next(p for p in svg.iter(f"{SVG}path") if p.get("class") == "series").get("d")
    assert re.fullmatch(r"M[\d.]+,[\d.]+( H[\d.]+ V[\d.]+){3} H[\d.]+", path)


def test_the_small_chart_is_a_picture_without_links():
    svg = parse(charts.draw(containers(), chart_id="c_small", title="Containers",
                            y_label="containers", small=True))
    assert svg.get("role") == "img" and svg.get("width") == "240"
    assert list(svg.iter(f"{SVG}a")) == []
    assert len(dots(svg)) == 4
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["16 October 2023", "27 August 2024"]


def test_text_is_escaped():
    svg = charts.draw([charts.Point(d("2024"), 1, "<b>1</b>", "#a?b=1&c=2", "A & B")],
                      chart_id="c", title="<script>", y_label="x")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'href="#a?b=1&amp;c=2"' in svg
    parse(svg)


def test_short_numbers():
    assert [charts.short_number(v) for v in (0, 1000, 13000, 4_800_000, 2_000_000_000, 0.5)] == \
        ["0", "1,000", "13,000", "4.8M", "2B", "0.5"]


def test_the_same_points_draw_the_same_bytes():
    assert charts.draw(containers(), chart_id="a", title="t", y_label="y") == \
        charts.draw(list(reversed(containers())), chart_id="a", title="t", y_label="y")
