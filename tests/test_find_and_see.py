"""Find and see, in a real browser: search, the home page's first screen,
the timeline that scans, charts; accessibility (axe-core) on the new pages.

Playwright drives Debian's Chromium, as in test_browser.py. The small
fixture (a series, key points, events after its article) is built with its
search index and served at / and under /repo/; the project's own site
is served under /repo/ as GitHub Pages serves it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builder import search, search_shards
from builder.build import build_site
from tests.support.pages_server import serve_pages
from tests.support.vnu import in_ci
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, PHONE, WIDE, new_page, poll, require_browser

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - test_browser.require_browser says why
    sync_playwright = None

PROJECT = Path(__file__).resolve().parent.parent
SMALL = PROJECT / "tests" / "fixtures" / "sites" / "small"
AXE = PROJECT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
PUBLIC = "https://example.github.io/repo/"
TIMELINE_LIMIT_PX = 6000


@pytest.fixture(scope="module")
def browser():
    require_browser()
    executable = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, timeout=30_000)
        try:
            yield launched
        finally:
            launched.close()


def built(tmp_path_factory, root: Path, name: str, **options) -> Path:
    site = tmp_path_factory.mktemp(name) / "site"
    result = build_site(root, out=site, base_url=PUBLIC, **options)
    assert result.ok, [d.format() for d in result.diagnostics]
    assert result.search is not None and (site / "pagefind" / "pagefind.js").is_file()
    return site


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    return built(tmp_path_factory, SMALL, "small")


SHARD_WORDS = 100
"""Few enough to cut the small fixture's index into several shards."""


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory) -> Path:
    return built(tmp_path_factory, SMALL, "sharded", index_shard_words=SHARD_WORDS)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    site = built(tmp_path_factory, PROJECT, "project")
    with serve_pages(site, "/repo/") as url:
        yield url


def foreign_requests(page, base: str) -> list[str]:
    """Collects every request to a host other than the test server."""
    seen: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base) or r.url.startswith("data:")
            else seen.append(r.url))
    return seen


def search_for(page, words: str, box: str = ".site-header") -> list[dict]:
    page.fill(f"{box} input[type=search]", words)
    # The status names the query once its results are shown.
    assert poll(page, f"document.querySelector('{box} .search-status').textContent.includes({json.dumps(words)})"), \
        f"no results appeared for {words!r}"
    return page.eval_on_selector_all(
        f"{box} .search-results li a",
        "links => links.map(a => ({href: a.getAttribute('href'), text: a.textContent,"
        " excerpt: a.parentElement.querySelector('.result-excerpt').textContent}))")


# -- search ------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["/", "/repo/"])
def test_an_alias_finds_its_glossary_entry_and_a_name_its_actor_page(browser, small_site, prefix):
    with serve_pages(small_site, prefix) as base:
        context, page = new_page(browser)
        foreign = foreign_requests(page, base)
        page.goto(base + "articles/summit/")
        results = search_for(page, "shells")
        entry = next(r for r in results if r["href"].endswith("glossary/#shell"))
        assert entry["href"] == prefix + "glossary/#shell"
        assert entry["text"].startswith("artillery shell")  # the entry's title, not the page's
        assert "shells" in entry["excerpt"].lower()
        results = search_for(page, "Kim Jong")
        assert results[0]["href"] == prefix + "actors/kim-jong-un/"
        page.click(".site-header .search-results a")
        page.wait_for_url(base + "actors/kim-jong-un/")
        assert page.locator("h1").inner_text() == "Kim Jong Un"
        assert foreign == []
        context.close()


@pytest.mark.parametrize("prefix", ["/", "/repo/"])
def test_a_site_indexed_in_shards_finds_pages_of_every_shard(browser, sharded_site, prefix):
    shards = search_shards.plan_shards(search_shards.pages_to_index(sharded_site), SHARD_WORDS)
    shard_of = {path: number for number, paths in enumerate(shards) for path in paths}
    wanted = {"shells": "glossary/#shell", "Kim Jong": "actors/kim-jong-un/", "ratifies": "timeline/#ratified"}
    pages = {"glossary/index.html", "actors/kim-jong-un/index.html", "timeline/index.html"}
    assert len(shards) >= 3 and len({shard_of[p] for p in pages}) == 3, shards
    with serve_pages(sharded_site, prefix) as base:
        context, page = new_page(browser)
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(base + "timeline/")
        assert not any("/pagefind/" in url for url in requested)  # nothing before the box is used
        for words, href in wanted.items():
            assert prefix + href in [r["href"] for r in search_for(page, words)], words
        # Every shard was merged, from this site and no other host.
        for number in range(1, len(shards)):
            assert any(url.startswith(base + f"pagefind/shards/{number}/pagefind-entry.json") for url in requested)
        assert all(url.startswith(base) or url.startswith("data:") for url in requested)
        context.close()


def test_the_search_page_takes_a_query_from_the_address(browser, small_site):
    with serve_pages(small_site, "/repo/") as base:
        context, page = new_page(browser)
        page.goto(base + "search/?q=veto")
        assert poll(page, "document.querySelector('.search-on-page .search-results a') !== null")
        hrefs = page.eval_on_selector_all(".search-on-page .search-results a", "a => a.map(x => x.getAttribute('href'))")
        assert "/repo/glossary/#veto" in hrefs
        assert "result" in page.locator(".search-on-page .search-status").inner_text()
        context.close()


def test_keys_move_through_the_results_and_escape_closes_them(browser, small_site):
    with serve_pages(small_site, "/") as base:
        context, page = new_page(browser)
        page.goto(base)
        search_for(page, "Putin")
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.closest('.search-results') !== null")
        page.keyboard.press("Escape")
        assert page.locator(".site-header .search-panel").is_hidden()
        assert page.evaluate("document.activeElement.type") == "search"
        context.close()


def test_without_javascript_the_box_links_to_the_glossary_and_actors(browser, small_site):
    with serve_pages(small_site, "/repo/") as base:
        context, page = new_page(browser, java_script_enabled=False)
        page.goto(base + "timeline/")
        box = page.locator(".site-header .site-search")
        assert box.locator("form").is_hidden()
        links = box.locator(".search-fallback a")
        assert [links.nth(i).get_attribute("href") for i in range(links.count())] == ["../glossary/", "../actors/"]
        assert links.first.is_visible()
        context.close()


# -- home --------------------------------------------------------------------

def test_the_first_screen_holds_the_key_points_and_the_way_in(browser, project):
    context, page = new_page(browser, viewport={"width": 1280, "height": 800})
    page.goto(project)
    points = page.locator(".key-points")
    box = points.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800, box
    assert page.locator(".key-points li").count() >= 3
    for label in ("Glossary", "Timeline", "Actors"):
        link = page.locator(".site-header nav a:visible", has_text=label)
        link_box = link.bounding_box()
        assert link.is_visible() and link_box["y"] + link_box["height"] <= 800, label
    search = page.locator(".site-header input[type=search]")
    assert search.is_visible() and search.bounding_box()["y"] < 800
    context.close()


def test_what_happened_since_is_newest_first_with_its_date(browser, small_site):
    with serve_pages(small_site, "/") as base:
        context, page = new_page(browser)
        page.goto(base)
        items = page.locator(".since-list li")
        assert [items.nth(i).locator(".title").inner_text() for i in range(items.count())] == [
            "The treaty enters into force", "Russia ratifies the treaty"]
        assert "as of 4 December 2024" in page.locator(".since .as-of").inner_text()
        card = page.locator(".figure-card", has_text="Containers sent")
        assert card.locator("svg.chart-small").count() == 1
        context.close()


# -- timeline ----------------------------------------------------------------

def test_the_timeline_scans_every_title_in_under_6000_px(browser, project):
    context, page = new_page(browser, viewport={"width": 1280, "height": 800})
    page.goto(project + "timeline/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= TIMELINE_LIMIT_PX, height
    titles = page.eval_on_selector_all(
        "details.event-row > summary .event-title",
        "spans => spans.map(s => { const r = s.getBoundingClientRect(); return r.width > 0 && r.height > 0 })")
    assert len(titles) == page.locator("details.event-row").count() > 60 and all(titles)
    # The longest stretch without events is labelled with its length.
    years = [int(y) for y in page.locator(".timeline .year > h2").all_inner_texts()]
    longest = max(b - a for a, b in zip(years, years[1:]))
    assert longest >= 30 and f"{longest} years later" in page.locator(".timeline .gap").all_inner_texts()
    context.close()


def test_overview_bars_link_to_their_year(browser, project):
    context, page = new_page(browser)
    page.goto(project + "timeline/")
    hrefs = page.eval_on_selector_all("svg.timeline-strip a.year", "a => a.map(x => x.getAttribute('href'))")
    assert len(hrefs) > 10
    for href in hrefs:
        assert page.locator(f"h2{href}").count() == 1, href
    target = hrefs[len(hrefs) // 2]
    page.click(f"svg.timeline-strip a.year[href='{target}']")
    assert poll(page, f"location.hash === '{target}'")
    # (The page may scroll smoothly: wait for the year to arrive at the top.)
    assert poll(page, f"document.querySelector('{target}').getBoundingClientRect().top < 200")
    marker = page.locator("svg.timeline-strip .marker text").text_content()
    assert marker.startswith("Article, ")
    context.close()


def test_the_actor_filter_works_in_place(browser, project):
    context, page = new_page(browser)
    page.goto(project + "timeline/")
    assert page.locator(".by-actor").is_hidden()  # the links are for readers without JavaScript
    page.select_option("#filter_actor", "shin-won-sik")
    shown = page.eval_on_selector_all(".timeline [data-actors]:not([hidden])", "rows => rows.map(r => r.dataset.actors)")
    assert shown and all("shin-won-sik" in actors.split() for actors in shown)
    assert page.locator(".filter-status").inner_text() == f"{len(shown)} of 66 events shown" or \
        page.locator(".filter-status").inner_text().startswith(f"{len(shown)} of ")
    assert page.locator(".timeline .gap:visible").count() == 0
    page.check("input[name=when][value=after]")
    after = page.eval_on_selector_all(".timeline [data-actors]:not([hidden])", "rows => rows.map(r => r.dataset.when)")
    assert set(after) <= {"after"} and len(after) < len(shown)
    page.select_option("#filter_actor", "")
    page.check("input[name=when][value='']")
    assert page.locator(".timeline [data-actors][hidden]").count() == 0
    context.close()


def test_without_javascript_the_filter_links_to_each_actors_events(browser, project):
    context, page = new_page(browser, java_script_enabled=False)
    page.goto(project + "timeline/")
    assert page.locator(".timeline-filter").is_hidden()
    page.click(".by-actor summary")
    link = page.locator(".by-actor a", has_text="Shin Won-sik")
    count = int(link.inner_text().rsplit("(", 1)[1].rstrip(")"))
    link.click()
    page.wait_for_url("**/actors/shin-won-sik/#events_title")
    assert page.locator("section[aria-labelledby=events_title] .event").count() == count
    context.close()


def test_an_event_named_in_the_address_opens(browser, project):
    context, page = new_page(browser)
    page.goto(project + "timeline/#ev-entry-into-force")
    assert poll(page, "document.getElementById('ev-entry-into-force').open === true")
    context.close()


# -- charts ------------------------------------------------------------------

def test_a_chart_point_leads_to_its_source(browser, small_site):
    with serve_pages(small_site, "/repo/") as base:
        context, page = new_page(browser)
        page.goto(base + "facts/")
        points = page.locator("#chart_containers a.point")
        assert points.count() == 3
        points.nth(1).focus()
        page.keyboard.press("Enter")
        page.wait_for_url(base + "sources/#src-kremlin")
        context.close()


def test_the_chart_fits_a_phone(browser, project):
    context, page = new_page(browser, viewport=PHONE)
    page.goto(project + "facts/#fact-containers")
    width = page.evaluate("document.querySelector('#chart_fact-containers').getBoundingClientRect().width")
    assert 200 < width <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


# -- accessibility -----------------------------------------------------------

NEW_PAGES = ["", "search/", "timeline/", "glossary/", "facts/", "actors/shin-won-sik/", "articles/kim-putin-meeting/"]


def require_axe() -> None:
    if AXE.is_file():
        return
    reason = f"{AXE} is missing; run `make test` (scripts/install-test-tools.sh installs axe-core)"
    if in_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
def test_axe_finds_no_violations_on_the_new_pages(browser, project, viewport):
    require_axe()
    source = AXE.read_text(encoding="utf-8")
    problems = {}
    context, page = new_page(browser, viewport=viewport)
    for url in NEW_PAGES:
        page.goto(project + url)
        if url == "":
            search_for(page, "treaty")  # the results panel open, too
        page.add_script_tag(content=source)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        if found:
            problems[url] = found
    context.close()
    assert problems == {}, json.dumps(problems, indent=1)
