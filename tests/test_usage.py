"""Where each entry is used, and the warning for entries nothing uses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.build import build_site
from builder.link import link_content
from builder.load import load_content
from builder.usage import unused, usage
from builder.validate import validate

PROJECT = Path(__file__).resolve().parent.parent
SMALL = PROJECT / "tests" / "fixtures" / "sites" / "small"


@pytest.fixture(scope="module")
def linked():
    content, problems = validate(load_content(SMALL), SMALL)
    assert content is not None, problems
    seeds = {a.seed: (SMALL / a.seed).read_text(encoding="utf-8") for a in content.articles if a.seed}
    return link_content(content, seeds)


def test_usage_counts_the_article_fact_boxes_events_entries_and_pages(linked):
    used = usage(linked)
    veto = used["veto"]
    assert len(veto.mentions) == 2  # both articles name it
    assert veto.events == ("veto-event",)
    assert veto.terms == ("zz-unused",)  # Zeitgeist's definition links to it
    assert veto.pages == ("",)  # the home page's key points
    shell = used["shell"]
    assert shell.facts == ("shells",)
    assert used["depetris"].pages == ("summit",)  # the byline
    assert used["src-kremlin"].facts == ("arrival", "containers")  # a series point cites it
    assert used["zz-unused"].count == 0


def test_check_warns_about_what_nothing_uses_with_its_position(linked):
    warnings = [w.format() for w in unused(linked)]
    assert warnings == [
        "content/actors.yaml:34:3: warning: actor 'evil' (<img src=x onerror=alert(1)>) is not "
        "mentioned in any article and nothing links to it; link it with [[evil]] where it helps, "
        "or remove it",
        "content/glossary.yaml:13:3: warning: glossary term 'zz-unused' (Zeitgeist) is not "
        "mentioned in any article and nothing links to it; link it with [[zz-unused]] where it "
        "helps, or remove it",
    ]


def test_check_prints_the_warnings_and_build_stays_quiet(tmp_path):
    check = subprocess.run([sys.executable, "-m", "builder", "check", "--root", str(SMALL)],
                           capture_output=True, text=True, cwd=PROJECT, timeout=120)
    assert check.returncode == 0
    assert "glossary term 'zz-unused' (Zeitgeist) is not mentioned" in check.stderr
    result = build_site(SMALL, out=tmp_path / "site", index=False)
    assert not any("is not mentioned" in d.message for d in result.diagnostics)


def test_the_glossary_says_where_each_term_is_used(tmp_path):
    build_site(SMALL, out=tmp_path / "site", index=False)
    soup = BeautifulSoup((tmp_path / "site" / "glossary" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")

    def entry(term_id):
        return soup.find("dt", id=term_id).find_next_sibling("dd")

    veto = entry("veto").find("details", class_="mentions")
    assert veto.summary.get_text() == "Where it is used (5)"  # 2 paragraphs, an event, a term, key points
    groups = {li.find(class_="label").get_text(): [a.get_text() for a in li.find_all("a")]
              for li in veto.find("ul", class_="used-in").find_all("li")}
    assert groups == {"Timeline:": ["Russia vetoes the panel"], "Glossary:": ["Zeitgeist"],
                      "Bylines and summaries:": ["Key points"]}
    # A term used only by a fact box is not "mentioned 0 times".
    shell = entry("shell")
    assert "Mentioned 0 times" not in shell.get_text()
    assert "Fact boxes:" in shell.get_text()
    assert entry("zz-unused").find(class_="mentions").get_text().startswith("Mentioned 0 times")


def test_an_actor_page_sums_up_where_it_is_used(tmp_path):
    build_site(SMALL, out=tmp_path / "site", index=False)
    page = (tmp_path / "site" / "actors" / "russia" / "index.html").read_text(encoding="utf-8")
    summary = BeautifulSoup(page, "html.parser").find(class_="used-summary").get_text()
    assert summary.startswith("Used in ") and "2 timeline events" in summary
