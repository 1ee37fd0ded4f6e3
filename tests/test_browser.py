"""The built explainer in a real headless browser, as a reader meets it.

Playwright for Python drives Debian's Chromium (/usr/bin/chromium, from
`apt-get install chromium`; scripts/install-test-tools.sh installs it), never
a browser Playwright downloads. The project's own content is built once,
served as GitHub Pages serves a project site (under /repo/), and read by one
browser for the whole module:

- every page loads without a console error, a script error or a request to
  another host;
- with JavaScript off, names link to their profiles and backlinks land on
  the exact paragraph (:target);
- with JavaScript on, a linked name shows its preview in an accessible
  tooltip on hover and on keyboard focus, and Escape hides it;
- notes stand in the margin on a wide screen and below their paragraph on
  a phone, and nothing overflows the phone's width;
- the 404 page at a deep missing address is styled and leads home.

Without Chromium or Playwright the tests are skipped with the reason, except
under CI (CI=true), where they fail: there `make test` must have installed them.
"""

from __future__ import annotations

import json
import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from builder.build import build_site
from tests.support.pages_server import serve_pages
from tests.support.vnu import in_ci

try:
    from playwright.sync_api import sync_playwright
except ImportError as err:  # pragma: no cover - depends on the machine
    sync_playwright = None
    PLAYWRIGHT_MISSING = f"the Python package playwright is not installed ({err})"
else:
    PLAYWRIGHT_MISSING = None

PROJECT = Path(__file__).resolve().parent.parent
PUBLIC_BASE = "https://example.github.io/repo/"
ARTICLE = "articles/kim-putin-meeting/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INSTALL_HINT = "run `make test` (or `bash scripts/install-test-tools.sh` and `pip install -e '.[test]'`)"
TIMEOUT_MS = 5_000          # any single wait or navigation
PREVIEW_LINKS = "a[data-preview]"   # what explainer.js previews
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def missing_reason() -> str | None:
    if PLAYWRIGHT_MISSING:
        return f"{PLAYWRIGHT_MISSING}; {INSTALL_HINT}"
    if not Path(CHROMIUM).is_file() and shutil.which("chromium") is None:
        return f"{CHROMIUM} is missing (Debian package chromium); {INSTALL_HINT}"
    return None


def require_browser() -> None:
    """Fail when the browser is missing under CI, skip with a reason elsewhere."""
    reason = missing_reason()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"headless browser unavailable in CI: {reason}", pytrace=False)
    pytest.skip(f"headless browser unavailable: {reason}")


# -- fixtures ----------------------------------------------------------------

@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """The project's site, served under /repo/: yields its base URL."""
    site = tmp_path_factory.mktemp("browser") / "site"
    result = build_site(PROJECT, out=site, base_url=PUBLIC_BASE)
    assert result.ok, "\n".join(d.format() for d in result.diagnostics)
    with serve_pages(site, "/repo/") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    require_browser()
    executable = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS,
                                     timeout=30_000)
        try:
            yield launched
        finally:
            launched.close()


def new_page(browser, viewport=WIDE, **options):
    context = browser.new_context(viewport=viewport, **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context, context.new_page()


def poll(page, expression: str) -> bool:
    """Evaluate until true or TIMEOUT_MS passes (page.wait_for_function needs JavaScript on)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(50)
    return True


def sitemap_pages(base: str) -> list[str]:
    """The sitemap's pages, at the test server's address instead of the public one."""
    from tests.support.crawl import fetch

    status, _, body, _ = fetch(base + "sitemap.xml")
    assert status == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text.strip() for loc in ET.fromstring(body).findall("s:url/s:loc", ns)]
    assert locs and all(loc.startswith(PUBLIC_BASE) for loc in locs), locs
    return [base + loc[len(PUBLIC_BASE):] for loc in locs]


# -- every page --------------------------------------------------------------

PAGE_CHECK = """(selector) => {
    // Focusing each preview link must show a tooltip with text (explainer.js ran
    // and handles every kind of link on the page).
    const silent = [];
    for (const link of document.querySelectorAll(selector)) {
        if (!link.checkVisibility()) continue;  // folded in a closed disclosure: no focus
        link.focus();
        const tip = document.querySelector('[role=tooltip]');
        if (!tip || tip.hidden || !tip.textContent.trim()) silent.push(link.outerHTML.slice(0, 160));
        link.blur();
    }
    return {silent, width: document.documentElement.scrollWidth,
            // getAttribute: an SVG link's .href is an object, not a string
            hrefs: [...document.querySelectorAll('a[href]')].map((a) => new URL(a.getAttribute('href'), document.baseURI).href)};
}"""


def test_every_page_loads_without_errors_or_other_hosts(browser, base):
    """Crawl from the home page through every same-site link, JavaScript on, on a
    phone-sized screen: no console or script error, no request to another host,
    no failed request, nothing wider than the screen."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    missing = base + "no/such/page/"
    context, page = new_page(browser, viewport=PHONE)
    problems: list[str] = []
    foreign: list[str] = []
    where = {"url": ""}

    def on_console(msg):
        if msg.type != "error":
            return
        if where["url"] == missing and msg.text.startswith("Failed to load resource") and "404" in msg.text:
            return  # the 404 page's own status, expected there
        problems.append(f"{where['url']}: console error: {msg.text}")

    def on_request(request):
        url = request.url
        if url.startswith(("data:", "about:")):
            return  # no host: e.g. the empty favicon <link rel=icon href="data:,">
        if "{0.scheme}://{0.netloc}".format(urlsplit(url)) != origin:
            foreign.append(f"{where['url']}: {url}")

    def on_response(response):
        if response.status >= 400 and response.url != missing:
            problems.append(f"{where['url']}: HTTP {response.status} for {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"{where['url']}: page error: {exc}"))
    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfailed", lambda r: problems.append(f"{where['url']}: failed: {r.url} {r.failure}"))

    seen: list[str] = []
    too_wide: list[str] = []
    try:
        queue = [base]
        while queue:
            url = queue.pop(0)
            seen.append(url)
            where["url"] = url
            response = page.goto(url, wait_until="load")
            assert response is not None and response.status == 200, (url, response and response.status)
            found = page.evaluate(PAGE_CHECK, PREVIEW_LINKS)
            assert found["silent"] == [], f"{url}: focused links without a tooltip: {found['silent'][:3]}"
            if found["width"] > PHONE["width"] + 1:
                too_wide.append(f"{url}: {found['width']}px")
            for href in found["hrefs"]:
                target = urldefrag(href)[0]
                if target.startswith(base) and target not in seen and target not in queue:
                    queue.append(target)
        where["url"] = missing
        response = page.goto(missing, wait_until="load")
        assert response is not None and response.status == 404
        found = page.evaluate(PAGE_CHECK, PREVIEW_LINKS)
        if found["width"] > PHONE["width"] + 1:
            too_wide.append(f"{missing}: {found['width']}px")
        page.wait_for_timeout(300)  # let late errors of the last page arrive
    finally:
        context.close()

    assert problems == []
    assert foreign == [], "pages must make no request to another host"
    assert too_wide == [], f"pages wider than a {PHONE['width']}px screen"
    assert sorted(seen) == sorted(sitemap_pages(base)), "the pages reached from home are not the sitemap's"


# -- without JavaScript ------------------------------------------------------

def test_without_javascript_names_link_to_profiles_and_backlinks_to_paragraphs(browser, base):
    context, page = new_page(browser, java_script_enabled=False)
    try:
        page.goto(base + ARTICLE)
        mention = page.locator(".article-body a.mention.mention-actor").first
        name = json.loads(mention.get_attribute("data-preview"))["name"]
        href = mention.get_attribute("href")
        mention.hover()
        page.wait_for_timeout(300)
        assert page.locator("[role=tooltip]").count() == 0, "JavaScript is meant to be off"
        with page.expect_navigation():
            mention.click()
        assert page.url == urljoin(base + ARTICLE, href)
        assert page.url.startswith(base + "actors/")
        assert page.locator("h1").inner_text().strip() == name

        # The last backlink: its paragraph is far down the article.
        backlink = page.locator("ol.backlinks li").last
        words = backlink.locator("mark").first.inner_text()
        with page.expect_navigation():
            backlink.locator("a").first.click()
        assert urlsplit(page.url).path == urlsplit(base + ARTICLE).path
        fragment = urlsplit(page.url).fragment
        assert fragment.startswith("p_")
        target = page.evaluate("""() => {
            const t = document.querySelector(':target');
            return t && {id: t.id, tag: t.tagName, text: t.textContent};
        }""")
        assert target is not None, "no element matches :target"
        assert (target["id"], target["tag"]) == (fragment, "P")
        assert words in target["text"]
        # The browser scrolls to it (smoothly, unless the reader asks for less motion).
        in_view = poll(page, """() => {
            const r = document.querySelector(':target').getBoundingClientRect();
            return scrollY > 0 && r.top >= 0 && r.top < innerHeight / 2;
        }""")
        assert in_view, "the browser did not scroll the target paragraph into view"
    finally:
        context.close()


# -- the preview tooltip (explainer.js) --------------------------------------

TIP_STATE = """(link) => {
    const tip = document.querySelector('[role=tooltip]');
    const visible = !!tip && !tip.hidden && tip.getClientRects().length > 0
        && getComputedStyle(tip).visibility !== 'hidden';
    const r = tip ? tip.getBoundingClientRect() : null;
    return {visible, id: tip ? tip.id : null, text: tip ? tip.textContent : '',
            describedby: link.getAttribute('aria-describedby'), title: link.getAttribute('title'),
            focused: document.activeElement === link,
            rect: r && {left: r.left, right: r.right, top: r.top, bottom: r.bottom},
            viewport: document.documentElement.clientWidth};
}"""


def wait_tip(page, link, visible: bool) -> dict:
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        state = link.evaluate(TIP_STATE)
        if state["visible"] == visible or time.monotonic() > deadline:
            return state
        page.wait_for_timeout(25)


def test_hover_shows_an_accessible_preview_and_escape_hides_it(browser, base):
    context, page = new_page(browser)
    try:
        page.goto(base + ARTICLE)
        link = page.locator(".article-body a.mention").first
        preview = json.loads(link.get_attribute("data-preview"))
        link.hover()
        state = wait_tip(page, link, True)
        assert state["visible"], "hovering a name shows no tooltip"
        text = " ".join(state["text"].split())
        assert preview["name"] in text and preview["role"] in text
        assert state["id"] and state["describedby"] and state["id"] in state["describedby"].split()
        assert state["title"] is None, "the browser's own tooltip would show as well"

        page.keyboard.press("Escape")
        state = wait_tip(page, link, False)
        assert not state["visible"], "Escape leaves the tooltip shown"
        assert state["describedby"] is None
    finally:
        context.close()


def test_keyboard_focus_shows_the_preview(browser, base):
    context, page = new_page(browser)
    try:
        page.goto(base + ARTICLE)
        # Tab from the top of the page to the first linked name of the text.
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('.article-body a.mention')"):
                break
        else:
            pytest.fail("60 Tab presses never reached a linked name in the article")
        link = page.evaluate_handle("document.activeElement")
        preview = json.loads(link.evaluate("a => a.dataset.preview"))
        state = wait_tip(page, link, True)
        assert state["visible"] and state["focused"]
        assert preview["name"] in " ".join(state["text"].split())
        assert state["id"] in (state["describedby"] or "").split()

        page.keyboard.press("Escape")
        assert not wait_tip(page, link, False)["visible"]

        # element.focus() (e.g. a screen reader moving focus) shows it too
        other = page.locator(".article-body a.mention").nth(3)
        page.keyboard.press("Tab")  # the keyboard, so the browser shows focus
        other.focus()
        state = wait_tip(page, other, True)
        assert state["visible"]
        assert json.loads(other.get_attribute("data-preview"))["name"] in " ".join(state["text"].split())
        assert state["id"] in (state["describedby"] or "").split()
        assert link.get_attribute("aria-describedby") is None, "only the shown link is described by the tip"
    finally:
        context.close()


def test_preview_stays_on_a_phone_screen(browser, base):
    context, page = new_page(browser, viewport=PHONE)
    try:
        page.goto(base + ARTICLE)
        links = page.locator(".article-body a.mention")
        page.keyboard.press("Tab")  # the keyboard, so the browser shows focus
        for i in (0, links.count() - 1):
            link = links.nth(i)
            link.focus()
            state = wait_tip(page, link, True)
            assert state["visible"]
            rect = state["rect"]
            assert rect["left"] >= 0 and rect["right"] <= state["viewport"] + 1, \
                f"tooltip leaves the {state['viewport']}px screen: {rect}"
    finally:
        context.close()


# -- layout ------------------------------------------------------------------
# The notes' layout in detail (gaps, order, print, touch) is in test_reading.py.

NOTES = """() => [...document.querySelectorAll('.notes > .note')].map((note) => {
    const block = document.getElementById('q_' + note.id).closest('.article-body > *');
    const b = note.getBoundingClientRect(), p = block.getBoundingClientRect();
    return {id: note.id, top: b.top + scrollY, left: b.left,
            para: {right: p.right, top: p.top + scrollY, bottom: p.bottom + scrollY}};
})"""


def test_notes_stand_in_the_margin_on_a_wide_screen(browser, base):
    context, page = new_page(browser, viewport=WIDE)
    try:
        page.goto(base + ARTICLE)
        notes = page.evaluate(NOTES)
        assert len(notes) >= 5
        for note in notes:
            assert note["left"] >= note["para"]["right"], f"{note['id']} is not beside the text: {note}"
            assert note["top"] >= note["para"]["top"] - 4, f"{note['id']} starts above its paragraph: {note}"
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
    finally:
        context.close()


def test_notes_follow_their_paragraph_on_a_phone_and_nothing_overflows(browser, base):
    context, page = new_page(browser, viewport=PHONE)
    try:
        page.goto(base + ARTICLE)
        notes = page.evaluate(NOTES)
        assert len(notes) >= 5
        for note in notes:
            assert note["top"] >= note["para"]["bottom"], f"{note['id']} is not below its paragraph: {note}"
            assert note["top"] - note["para"]["bottom"] < 2000, note
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    finally:
        context.close()


# -- the 404 page ------------------------------------------------------------

def test_404_page_at_a_deep_address_is_styled_and_leads_home(browser, base):
    context, page = new_page(browser)
    try:
        blank = context.new_page()
        blank.set_content("<!DOCTYPE html><html><body><p>x</p></body></html>")
        default_font = blank.evaluate("getComputedStyle(document.body).fontFamily")
        default_margin = blank.evaluate("getComputedStyle(document.body).margin")
        blank.close()

        css = []
        page.on("response", lambda r: css.append((r.url, r.status)) if r.url.endswith(".css") else None)
        response = page.goto(base + "no/such/page/")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
        assert css and all(status == 200 for _, status in css), css
        style = page.evaluate("""() => {
            const s = getComputedStyle(document.body);
            return {font: s.fontFamily, margin: s.margin, sheets: document.styleSheets.length,
                    rules: [...document.styleSheets].reduce((n, sh) => n + sh.cssRules.length, 0)};
        }""")
        assert style["rules"] > 50, style
        assert (style["font"], style["margin"]) != (default_font, default_margin), style

        with page.expect_navigation() as home:
            page.locator("main").get_by_role("link", name="Home", exact=True).click()
        assert page.url == base
        assert home.value is not None and home.value.status == 200
    finally:
        context.close()
