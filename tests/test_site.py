"""Whole-site builds, inspected as a reader meets them.

The small fixture site under tests/fixtures/sites/small uses every feature of
the content format (and some hostile text); the project's own content/ is
built too. Every page is parsed, every internal link and #fragment followed
at / and under a sub-path, and every page validated by the Nu HTML Checker.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.build import build_site
from tests.support.crawl import crawl
from tests.support.pages_server import serve_pages
from tests.support.vnu import require_vnu, validate_html

PROJECT = Path(__file__).resolve().parent.parent
SMALL = PROJECT / "tests" / "fixtures" / "sites" / "small"
BASE = "https://example.github.io/repo/"


def build(root: Path, out: Path, base_url: str | None = BASE):
    result = build_site(root, out=out, base_url=base_url)
    assert result.ok, "\n".join(d.format() for d in result.diagnostics)
    return result


def page(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("small") / "site"
    build(SMALL, out)
    return out


@pytest.fixture(scope="module")
def explainer(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("explainer") / "site"
    build(PROJECT, out)
    return out


# -- the URL map -------------------------------------------------------------

def test_every_url_of_the_spec_exists(small):
    for url in ("", "articles/summit", "articles/second-look", "glossary", "timeline",
                "actors", "actors/putin", "actors/evil", "facts", "sources"):
        assert (small / url / "index.html").is_file(), url
    for name in ("404.html", "sitemap.xml", "robots.txt", ".nojekyll", "static/style.css"):
        assert (small / name).is_file(), name


@pytest.mark.parametrize("site_name", ["small", "explainer"])
@pytest.mark.parametrize("prefix", ["/", "/repo/"])
def test_every_link_and_fragment_resolves(site_name, prefix, request):
    site = request.getfixturevalue(site_name)
    with serve_pages(site, prefix) as base:
        report = crawl(base)
    assert report.broken == []
    assert report.external_resources == [], "pages must make no request to another host"
    built = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    assert {p + "index.html" for p in report.relative_pages()} == built


@pytest.mark.parametrize("site_name", ["small", "explainer"])
def test_every_page_passes_the_nu_html_checker(site_name, request):
    require_vnu()
    site = request.getfixturevalue(site_name)
    assert validate_html(sorted(site.rglob("*.html")), base=site) == []


@pytest.mark.parametrize("site_name,root", [("small", SMALL), ("explainer", PROJECT)])
def test_same_input_builds_byte_identical_output(site_name, root, request, tmp_path):
    # The second build runs with the caches the first one warmed.
    again = tmp_path / "again"
    build(root, again)
    assert snapshot(again) == snapshot(request.getfixturevalue(site_name))


def test_a_site_without_base_url_works_at_the_root(tmp_path):
    out = tmp_path / "site"
    build(SMALL, out, base_url=None)
    with serve_pages(out, "/") as base:
        assert crawl(base).broken == []


def test_any_folder_with_content_builds_with_the_default_templates(tmp_path):
    root = tmp_path / "elsewhere"
    shutil.copytree(SMALL / "content", root / "content")
    shutil.copytree(SMALL / "seeds", root / "seeds")
    result = build_site(root)
    assert result.ok and (root / "site" / "index.html").is_file()


def test_own_templates_win_and_their_errors_point_at_the_line(tmp_path):
    root = tmp_path / "custom"
    shutil.copytree(SMALL, root)
    shutil.copytree(PROJECT / "templates", root / "templates")
    (root / "templates" / "404.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<p>Lost: {{ page.no_such_thing }}</p>\n{% endblock %}\n')
    result = build_site(root, out=root / "site", base_url=BASE)
    assert not result.ok
    [problem] = [d for d in result.diagnostics if d.severity == "error"]
    assert problem.format().startswith("templates/404.html:3:1: error: template error:")
    assert "no_such_thing" in problem.message


# -- the article -------------------------------------------------------------

def test_a_numbered_note_follows_the_paragraph_it_checks(small):
    article = page(small, "articles/summit")
    mark = article.find("mark", id="q_arrival")
    paragraph = mark.find_parent("p")
    notes = paragraph.find_next_sibling()
    assert notes["class"] == ["notes"]
    note = notes.find("aside", id="arrival")
    marker = mark.find_next("sup", class_="note-ref").a
    assert marker["href"] == "#arrival"
    assert marker.get_text() == "Note 1" == "Note " + note.find(class_="note-number").get_text().split()[-1]
    assert note.find(class_="note-number")["href"] == "#q_arrival"
    # At rest: number, status, title; the rest opens under <details>.
    assert note.find(class_="status-label").get_text() == "Confirmed"
    assert note.details.summary.find(class_="note-title").get_text() == "Arrival time"
    assert note.details.find(class_="note-sources") is not None


def test_fact_box_shows_figure_attribution_status_date_and_sources(small):
    box = page(small, "facts").find("aside", id="shells")
    assert box.find(class_="figure").get_text() == "up to 4.8 million shells"
    assert box.find(class_="claimed-by").get_text(" ", strip=True) == "According to South Korea"
    assert box.find(class_="claimed-by").a["href"] == "../actors/south-korea/"
    assert box.find(class_="status-label").get_text() == "Reported"
    assert box.find("time")["datetime"] == "2024-06-14"
    assert box.find("time").get_text() == "14 June 2024"
    assert [a["href"] for a in box.find(class_="sources").find_all("a")] == ["../sources/#src-un"]
    assert box.find(class_="placement").a["href"] == "../articles/summit/#q_shells"


def test_quote_across_emphasis_is_marked_and_names_inside_stay_linked(small):
    article = page(small, "articles/summit")
    pieces = article.find_all("mark", class_="quote-timeline")
    assert " ".join(m.get_text() for m in pieces) == "signed a  comprehensive strategic partnership"
    assert pieces[1].find_parent("a")["href"] == "../../glossary/#csp"


def test_names_and_terms_link_once_per_section(small):
    second = page(small, "articles/second-look")
    paragraph = second.find("p", id="p_putin-and-the-veto-again-putin")
    hrefs = [a["href"] for a in paragraph.find_all("a")]
    assert hrefs == ["../../actors/putin/", "../../glossary/#veto", "../../actors/kim-jong-un/"]


def test_a_heading_starts_a_section_where_names_are_linked_again(tmp_path):
    out = tmp_path / "site"
    build(PROJECT / "tests" / "fixtures" / "sites" / "ten-notes", out)
    article = page(out, "articles/bridge")
    linked = [(a.find_previous("h2").get_text() if a.find_previous("h2") else "", a.get_text())
              for a in article.select(".article-body a.mention-actor")]
    assert linked.count(("", "Quill")) + linked.count(("", "Mayor Ada Quill")) == 1
    assert ("After the vote", "Quill") in linked


def test_headings_are_not_linked(small):
    heading = page(small, "articles/summit").find("h1", id="h_the-summit")
    assert heading.find("a") is None


def test_byline_links_an_author_who_is_an_actor(small):
    byline = page(small, "articles/summit").find(class_="byline")
    assert byline.a["href"] == "../../actors/depetris/"
    assert byline.find("time")["datetime"] == "2024-06"


# -- backlinks ---------------------------------------------------------------

def test_actor_page_lists_every_mention_with_a_link_to_the_exact_paragraph(small):
    mentions = page(small, "actors/putin").find("ol", class_="backlinks").find_all("li")
    targets = [li.a["href"] for li in mentions]
    # Articles are read in file-name order.
    assert targets == ["../../articles/second-look/#p_putin-and-the-veto-again-putin",
                       "../../articles/summit/#p_vladimir-putin-flew-to-pyongyang-where"]
    fragment = targets[1].split("#")[1]
    paragraph = page(small, "articles/summit").find(id=fragment)
    assert "Vladimir Putin" in paragraph.get_text()
    assert mentions[1].mark.get_text() == "Vladimir Putin"


def test_glossary_entry_lists_where_it_is_mentioned(small):
    entry = page(small, "glossary").find("dt", id="veto").find_next_sibling("dd")
    hrefs = [li.a["href"] for li in entry.find("ol", class_="backlinks").find_all("li")]
    assert hrefs == ["../articles/second-look/#p_putin-and-the-veto-again-putin",
                     "../articles/summit/#p_the-two-leaders-signed-a-comprehensive"]


def test_actor_profile_shows_role_dates_facts_and_events(small):
    profile = page(small, "actors/putin")
    assert profile.find(class_="role").get_text() == "President of Russia"
    assert profile.find("time", datetime="1952-10-07").get_text() == "7 October 1952"
    assert profile.find("aside", id="arrival") is not None
    assert profile.find("article", id="summit") is not None


# -- index pages -------------------------------------------------------------

def test_glossary_is_sorted_a_to_z(small):
    terms = [dt["id"] for dt in page(small, "glossary").find_all("dt")]
    assert terms == ["shell", "csp", "veto", "zz-unused"]
    letters = [h2.get_text() for h2 in page(small, "glossary").find_all("h2")]
    assert letters == ["A", "C", "V", "Z"]


def test_timeline_is_in_date_order_and_keeps_each_dates_precision(small):
    # Condensed: each event is one line (date and title), the rest in a disclosure.
    events = page(small, "timeline").find_all("details", class_="event-row")
    assert [e["id"] for e in events] == ["korean-war", "year-only", "veto-event", "month-only", "summit",
                                         "ratified", "in-force"]
    war = events[0].summary
    assert war.find("time")["datetime"] == "1950-06-25"
    assert war.get_text(" ", strip=True) == "25 June 1950\u201327 July 1953 Korean War"
    assert events[1].find("time").get_text() == "2024"
    assert events[3].find("time").get_text() == "June 2024"


def test_actors_are_grouped_by_kind(small):
    groups = page(small, "actors").find_all("h2")
    assert [h.get_text() for h in groups] == ["People", "Countries", "Organizations", "Groups"]


def test_sources_list_who_cites_them(small):
    source = page(small, "sources").find("li", id="src-kremlin")
    cited = {a.get_text() for a in source.find(class_="cited-by").find_all("a")}
    assert cited == {"Vladimir Putin", "Arrival time", "Summit in Pyongyang", "Containers sent",
                     "The treaty enters into force"}


# -- hostile content ---------------------------------------------------------

def test_html_in_any_text_is_shown_as_text_never_run(small):
    for path in small.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        scripts = soup.find_all("script")
        assert all(s.get("src", "").endswith(("static/explainer.js", "static/search.js", "static/timeline.js"))
                   and not s.string or s.get("type") == "application/ld+json" for s in scripts), path
        assert soup.find("img") is None and soup.find("b") is None, path
    assert '<script>alert("fact")</script>' in page(small, "facts").find("aside", id="script-fact").find(class_="box-title").get_text()
    assert "<img src=x onerror=alert(1)>" in page(small, "actors/evil").h1.get_text()
    assert page(small, "").title.get_text() == 'Small <script>alert("site")</script> explainer'


def test_bom_and_crlf_files_build(small):
    # actors.yaml starts with a BOM; second-look.md has CRLF line endings.
    assert page(small, "actors/putin").h1.get_text() == "Vladimir Putin"
    assert page(small, "articles/second-look").h1.get_text() == "Second look"
