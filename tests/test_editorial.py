"""Issue 12: editorial warnings, and the content held to them.

A site that builds can still fall short of a newsroom's standard: a source
with a bracketed title or no date, a living person's role with no date, a
fact dated later than anything it cites. `check` warns about each, with its
position, and the project's own content has none.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from builder import editorial, model
from builder.build import build_site
from builder.dates import parse_date

PROJECT = Path(__file__).resolve().parent.parent
WARNING_SITE = Path(__file__).parent / "warning_site"
HERE = model.Origin("content/x.yaml", 3, 3)


def content(sources=(), actors=(), facts=()) -> model.Content:
    entries = {e.id: e for e in (*sources, *actors, *facts)}
    return model.Content(model.SiteConfig("T"), (), tuple(facts), tuple(actors), (), (),
                         tuple(sources), entries)


def source(id_, title="A headline", **fields) -> model.Source:
    dates = {k: parse_date(v) for k, v in fields.items() if k in ("date", "accessed")}
    return model.Source(id_, title, HERE, **{**fields, **dates})


def messages(site: model.Content) -> list[str]:
    return [d.message for d in editorial.warnings(site)]


def test_a_bracketed_title_and_a_missing_date_are_warned_about():
    found = messages(content(sources=[source("a", "[What the page says]", date="2024")]))
    assert found == ["source 'a' has a bracketed title; give the page's own headline, "
                     "or say plainly that the title is a description"]
    assert "source 'b' has no date" in messages(content(sources=[source("b")]))[0]


def test_a_reference_page_is_dated_by_the_day_it_was_read():
    assert messages(content(sources=[source("r", accessed="2026-11-30")])) == []


def test_a_living_persons_role_needs_its_date_and_the_dead_do_not():
    living = model.Actor("p", "P", "person", HERE, role="Minister")
    dead = model.Actor("d", "D", "person", HERE, role="Founder", died=parse_date("1994"))
    dated = model.Actor("q", "Q", "person", HERE, role="Minister", role_as_of=parse_date("2025-06"))
    country = model.Actor("c", "C", "country", HERE, role="Ally")
    assert messages(content(actors=[living, dead, dated, country])) == [
        "actor 'p' is a living person whose role has no 'role_as_of'; "
        "say when the role was last known to be true"]


def fact(as_of, *refs) -> model.Fact:
    return model.Fact("f", "F", HERE, as_of=parse_date(as_of),
                      sources=tuple(model.Reference(r, HERE) for r in refs))


def test_a_fact_later_than_every_source_is_warned_about_with_lenient_precision():
    june_19, june = source("s1", date="2024-06-19"), source("s2", date="2024-06")
    assert messages(content(sources=[june_19, june], facts=[fact("2024-06", "s1")])) == []
    assert messages(content(sources=[june_19, june], facts=[fact("2024-06-30", "s2")])) == []
    later = messages(content(sources=[june_19, june], facts=[fact("2024-07", "s1", "s2")]))
    assert later == ["fact 'f' is as of July 2024, later than every one of its sources "
                     "(the latest is June 2024); cite a source that supports the later "
                     "date, or move 'as_of' back"]


def run_check(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, "-m", "builder", "check", "--root", str(root)],
                          env=env, capture_output=True, text=True, timeout=120)


def test_check_prints_each_warning_with_its_position_and_still_passes():
    result = run_check(WARNING_SITE)
    lines = result.stderr.splitlines()
    assert result.returncode == 0
    assert lines[:-1] == (WARNING_SITE / "expected.txt").read_text().splitlines()
    assert lines[-1] == "check passed: no errors, 6 warning(s)"


def test_the_projects_content_has_no_errors_and_no_warnings():
    result = run_check(PROJECT)
    assert result.stderr.splitlines() == ["check passed: no errors, 0 warning(s)"]


def test_the_new_fields_are_shown_where_a_reader_meets_them(tmp_path):
    built = build_site(WARNING_SITE, out=tmp_path / "site")
    assert built.ok
    page = lambda path: BeautifulSoup((built.out / path).read_text(), "html.parser")
    home = page("index.html")
    assert "Facts checked as of 15 January 2025" in home.select_one("section.intro").get_text()
    assert "Facts checked as of 15 January 2025" in home.select_one("footer").get_text()
    actors = page("actors/index.html").get_text(" ", strip=True)
    assert "Foreign minister of Russia (as of July 2025)" in actors
    sources = page("sources/index.html")
    state = sources.find(id="src-state")
    assert "State media" in state.get_text() and state.find("a", string="archived")["href"] == \
        "https://archive.example.org/copy"
    facts = page("facts/index.html")
    line = facts.find(id="fact-later").select_one(".sources").get_text(" ", strip=True)
    assert "[state media]" in line
