"""The timeline's overview strip: a true time axis, year links, gaps, the article's date."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from builder import timeline_strip as strip
from builder.dates import PartialDate

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def years(*pairs) -> list[strip.Year]:
    return [strip.Year(year, count, f"#year_{year}") for year, count in pairs]


def bars(svg: ET.Element) -> dict[str, ET.Element]:
    return {a.get("href"): next(r for r in a.iter(f"{SVG}rect") if r.get("class") == "bar")
            for a in svg.iter(f"{SVG}a")}


def test_each_year_with_events_is_one_link_to_its_place_in_the_list():
    svg = parse(strip.draw(years((1950, 2), (1953, 1), (2024, 20)), []))
    links = list(svg.iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == ["#year_1950", "#year_1953", "#year_2024"]
    assert [a.get("aria-label") for a in links] == ["1950: 2 events", "1953: 1 event", "2024: 20 events"]


def test_bars_stand_on_a_true_time_axis():
    svg = parse(strip.draw(years((1950, 1), (1953, 1), (1961, 1), (1995, 1)), []))
    x = {href: float(rect.get("x")) for href, rect in bars(svg).items()}
    per_year = (x["#year_1953"] - x["#year_1950"]) / 3
    assert abs((x["#year_1995"] - x["#year_1961"]) / 34 - per_year) < 0.1


def test_bars_are_as_tall_as_the_year_has_events():
    svg = parse(strip.draw(years((2000, 1), (2001, 4)), []))
    heights = {href: float(rect.get("height")) for href, rect in bars(svg).items()}
    assert heights["#year_2001"] == strip.BAR_MAX
    assert heights["#year_2000"] == strip.BAR_MAX / 4


def test_gaps_of_five_years_or_more_are_labelled():
    assert strip.gap_years([1950, 1953, 1961, 1995, 2000, 2004]) == {1961: 8, 1995: 34, 2000: 5}
    assert strip.gap_text(34) == "34 years later"
    svg = parse(strip.draw(years((1950, 1), (1953, 1), (1961, 1), (1995, 1)), []))
    gaps = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "gap"]
    assert gaps == ["8 years", "34 years"]


def test_the_article_date_is_marked_in_the_middle_of_its_period():
    svg = parse(strip.draw(years((2023, 3), (2024, 5), (2025, 2)), [strip.Marker(PartialDate(2024, 6), "Article, June 2024")]))
    marker = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "marker")
    assert marker.find(f"{SVG}text").text == "Article, June 2024"
    line_x = float(marker.find(f"{SVG}line").get("x1"))
    x = {href: float(rect.get("x")) for href, rect in bars(svg).items()}
    assert x["#year_2024"] < line_x < x["#year_2025"]
    assert "The dashed line marks: Article, June 2024." in svg.find(f"{SVG}desc").text


def test_the_strip_has_a_title_and_decade_ticks():
    svg = parse(strip.draw(years((1950, 1), (2024, 1)), []))
    assert svg.find(f"{SVG}title").text == "Events per year, 1950\u20132024"
    ticks = [t.text for g in svg.iter(f"{SVG}g") if g.get("class") == "ticks" for t in g.iter(f"{SVG}text")]
    assert ticks == ["1950", "1960", "1970", "1980", "1990", "2000", "2010", "2020"]


def test_one_year_alone():
    svg = parse(strip.draw(years((2024, 3)), []))
    assert len(list(svg.iter(f"{SVG}a"))) == 1
    assert svg.find(f"{SVG}title").text == "Events per year, 2024"
