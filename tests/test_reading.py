"""Reading the annotated article, measured in Chromium (issue 8).

On the Kim–Putin article and on a fixture article whose first paragraph
carries ten notes (tests/fixtures/sites/ten-notes):

- the text flows: the gap between paragraphs stays the normal one at 1024,
  1280 and 1440 px, however many notes stand beside a paragraph, with or
  without JavaScript;
- markers and notes are numbered in reading order, link to each other, and
  highlight each other; a note never starts above its marker, never
  overlaps another, and keeps marker order;
- at rest at most 10% of the body's characters carry a highlight;
- no entry is linked twice within a section;
- previews: their content, a tap on a touch screen, a 320 px screen;
- print opens every note and prints its sources' addresses;
- a phone's header is at most 64 px tall and its targets are big enough;
- axe-core finds nothing on any page, at 1280 and 390 px, light and dark.

The figures themselves come from tests/support/reading.py, which
scripts/screenshots.py prints too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.build import build_site
from tests.support import reading
from tests.support.pages_server import serve_pages
from tests.support.vnu import in_ci
from tests.test_browser import PHONE, PUBLIC_BASE, WIDE, browser, new_page, poll, sitemap_pages  # noqa: F401

PROJECT = Path(__file__).resolve().parent.parent
TEN_NOTES = PROJECT / "tests" / "fixtures" / "sites" / "ten-notes"
ARTICLES = {"kim-putin": (PROJECT, "articles/kim-putin-meeting/"),
            "ten-notes": (TEN_NOTES, "articles/bridge/")}
DESKTOP_WIDTHS = (1024, 1280, 1440)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    built = tmp_path_factory.mktemp("reading")
    for name, (project, _) in ARTICLES.items():
        result = build_site(project, out=built / name, base_url=PUBLIC_BASE)
        assert result.ok, "\n".join(d.format() for d in result.diagnostics)
    with serve_pages(built / "kim-putin", "/repo/") as kim, serve_pages(built / "ten-notes", "/repo/") as ten:
        yield {"kim-putin": kim, "ten-notes": ten}


def article_url(served, site: str) -> str:
    return served[site] + ARTICLES[site][1]


# -- the text flows; the notes flow beside it --------------------------------

@pytest.mark.parametrize("width", DESKTOP_WIDTHS)
@pytest.mark.parametrize("site", ARTICLES)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_paragraph_gaps_stay_normal_however_many_notes(browser, served, site, width, javascript):
    context, page = new_page(browser, viewport={"width": width, "height": 900},
                             java_script_enabled=javascript)
    try:
        page.goto(article_url(served, site))
        figures = reading.gap_figures(page)
        assert figures["largest"] <= max(2 * figures["median"], 48), figures
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


LAYOUT = """() => {
    const body = document.querySelector('.article-body');
    const bodyRight = body.getBoundingClientRect().right;
    const markers = [...body.querySelectorAll('sup.note-ref a')];
    const notes = [...body.querySelectorAll('.notes > .note')];
    return {
        markers: markers.map((a) => {
            const r = a.getBoundingClientRect();
            return {number: a.textContent.replace('Note', '').trim(), href: a.getAttribute('href'),
                    block: a.closest('.article-body > *').id, top: r.top + scrollY, bottom: r.bottom + scrollY};
        }),
        notes: notes.map((n) => {
            const r = n.getBoundingClientRect(), back = n.querySelector('.note-number');
            const target = document.getElementById(back.getAttribute('href').slice(1));
            return {id: n.id, number: back.textContent.replace(/\\D/g, ''), back: back.getAttribute('href'),
                    backBlock: target && target.closest('.article-body > *').id,
                    top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, bodyRight};
        }),
    };
}"""


@pytest.mark.parametrize("site", ARTICLES)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_markers_and_notes_are_numbered_in_reading_order_and_link_to_each_other(
        browser, served, site, javascript):
    context, page = new_page(browser, viewport=WIDE, java_script_enabled=javascript)
    try:
        page.goto(article_url(served, site))
        layout = page.evaluate(LAYOUT)
        markers, notes = layout["markers"], layout["notes"]
        assert len(markers) == len(notes) >= 10
        numbers = [str(n) for n in range(1, len(markers) + 1)]
        assert [m["number"] for m in markers] == numbers, "markers are numbered in reading order"
        assert [n["number"] for n in notes] == numbers, "notes stand in marker order"
        for marker, note in zip(markers, notes):
            assert marker["href"] == "#" + note["id"], "each marker leads to its note"
            assert note["back"] == "#q_" + note["id"], "each note links back to its words"
            assert note["backBlock"] == marker["block"], "... in the marker's paragraph"
            assert note["left"] >= note["bodyRight"], f"{note['id']} is not in the margin"
            assert note["top"] >= marker["top"] - 12, f"{note['id']} starts above its marker: {note}, {marker}"
        for above, below in zip(notes, notes[1:]):
            assert below["top"] >= above["bottom"], f"{below['id']} overlaps {above['id']}"
        if javascript:
            # A note whose marker's line is free stands level with it.
            first = notes[0]
            assert first["top"] - markers[0]["top"] < 24, (first, markers[0])
    finally:
        context.close()


def test_following_a_marker_lands_on_its_note_and_the_note_leads_back(browser, served):
    context, page = new_page(browser, viewport=WIDE)
    try:
        page.goto(article_url(served, "ten-notes"))
        marker = page.locator("sup.note-ref a").nth(4)
        note_id = marker.get_attribute("href")[1:]
        marker.click()
        assert page.evaluate("location.hash") == "#" + note_id
        assert page.evaluate("document.querySelector(':target').id") == note_id
        note = page.locator(f"[id='{note_id}']")
        assert poll(page, f"""() => {{
            const r = document.getElementById('{note_id}').getBoundingClientRect();
            return r.top >= 0 && r.bottom <= innerHeight;
        }}"""), "the note is not in view"
        # Reaching the note by its marker highlights the quoted words.
        assert page.evaluate(f"""() => [...document.querySelectorAll('mark[data-note="{note_id}"]')]
            .every((m) => getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)')""")
        note.locator(".note-number").click()
        assert page.evaluate("location.hash") == "#q_" + note_id
    finally:
        context.close()


def test_hovering_or_focusing_either_side_highlights_the_other(browser, served):
    context, page = new_page(browser, viewport=WIDE)
    try:
        page.goto(article_url(served, "ten-notes"))
        marker = page.locator("sup.note-ref a").nth(2)
        note_id = marker.get_attribute("href")[1:]
        state = f"""() => ({{
            note: document.getElementById('{note_id}').classList.contains('is-active'),
            marker: document.querySelector('sup.note-ref a[href="#{note_id}"]').classList.contains('is-active'),
            words: [...document.querySelectorAll('mark[data-note="{note_id}"]')]
                .every((m) => getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)'),
        }})"""
        off = {"note": False, "marker": False, "words": False}
        on = {"note": True, "marker": True, "words": True}

        def settles(expected) -> bool:
            # The highlight fades in and out (a short transition).
            return poll(page, f"() => JSON.stringify(({state})()) === '{json.dumps(expected, separators=(',', ':'))}'")

        assert settles(off), page.evaluate(state)
        marker.hover()
        assert settles(on), page.evaluate(state)
        page.mouse.move(5, 5)
        assert settles(off), page.evaluate(state)
        page.locator(f"[id='{note_id}'] summary").hover()
        assert settles(on), page.evaluate(state)
        page.mouse.move(5, 5)
        assert settles(off), page.evaluate(state)
        page.locator(f"[id='{note_id}'] .note-number").focus()
        assert settles(on), page.evaluate(state)
    finally:
        context.close()


def test_opening_a_note_pushes_the_later_notes_down_without_overlap(browser, served):
    context, page = new_page(browser, viewport=WIDE)
    try:
        page.goto(article_url(served, "ten-notes"))
        page.locator(".note summary").nth(1).click()
        assert page.locator(".note-more").nth(1).evaluate("d => d.open")
        page.wait_for_timeout(100)
        notes = page.evaluate(LAYOUT)["notes"]
        for above, below in zip(notes, notes[1:]):
            assert below["top"] >= above["bottom"], f"{below['id']} overlaps {above['id']}"
        assert reading.gap_figures(page)["largest"] <= 48
    finally:
        context.close()


# -- calm at rest, linked once per section -----------------------------------

@pytest.mark.parametrize("site", ARTICLES)
def test_at_most_a_tenth_of_the_text_is_highlighted_at_rest(browser, served, site):
    context, page = new_page(browser, viewport=WIDE)
    try:
        page.goto(article_url(served, site))
        share = reading.highlighted_share(page)
        assert share["total"] > 500
        assert share["share"] <= 0.10, share
    finally:
        context.close()


@pytest.mark.parametrize("site", ARTICLES)
def test_no_entry_is_linked_twice_within_a_section(browser, served, site):
    context, page = new_page(browser, viewport=WIDE)
    try:
        page.goto(article_url(served, site))
        found = reading.links(page)
        assert found["links"] > 5
        assert found["repeats"] == []
    finally:
        context.close()


# -- previews ------------------------------------------------------------------

TIP = """() => {
    const tip = document.getElementById('explainer_preview_tip');
    if (!tip || tip.hidden) return null;
    const r = tip.getBoundingClientRect();
    return {text: tip.innerText, links: [...tip.querySelectorAll('a')].map((a) => [a.textContent, a.href]),
            left: r.left, right: r.right, width: document.documentElement.clientWidth};
}"""


def shown_tip(page):
    assert poll(page, f"() => ({TIP})() !== null"), "no preview shown"
    return page.evaluate(TIP)


def test_previews_show_what_each_kind_of_entry_needs(browser, served):
    context, page = new_page(browser, viewport=WIDE)

    def hover(link) -> str:
        page.mouse.move(5, 5)
        poll(page, f"() => ({TIP})() === null")
        link.hover()
        tip = shown_tip(page)
        assert [(text, href) for text, href in tip["links"]] == [("Open page", link.evaluate("a => a.href"))]
        return tip["text"]

    try:
        page.goto(article_url(served, "ten-notes"))
        # An actor: name once, kind, role, the first sentence of the summary, a link to the page.
        text = hover(page.locator("a.mention-actor", has_text="Mayor Ada Quill").first)
        assert text.count("Mayor Ada Quill") == 1
        for part in ("PERSON", "Mayor of Riverside", "Leads Riverside Town Council since the last election."):
            assert part in text, text
        # A term: the first sentence or two of its definition.
        text = hover(page.locator("a.mention-term", has_text="levy").first)
        assert "A charge the council adds to local taxes for one purpose. It ends when" in text

        page.goto(served["ten-notes"] + "actors/mayor/")
        # A fact: figure, claimant, status, as-of date and title.
        text = " ".join(hover(page.locator(".summary a.ref-fact")).split())
        for part in ("about 12 million pounds", "Riverside Town Council", "REPORTED", "12 March 2024",
                     "The bridge's cost"):
            assert part.lower() in text.lower(), (part, text)
        # An event: its date and title.
        text = hover(page.locator(".summary a.ref-event"))
        assert "12 March 2024" in text and "The council votes for the bridge" in text
    finally:
        context.close()


def test_a_first_tap_opens_the_preview_with_a_link_and_a_tap_outside_closes_it(browser, served):
    context, page = new_page(browser, viewport={"width": 320, "height": 640}, has_touch=True,
                             is_mobile=True)
    try:
        url = article_url(served, "kim-putin")
        page.goto(url)
        link = page.locator(".article-body a.mention").nth(5)
        link.scroll_into_view_if_needed()
        link.tap()
        tip = shown_tip(page)
        assert page.url == url, "the first tap must not leave the article"
        assert tip["left"] >= 0 and tip["right"] <= tip["width"], tip
        assert [text for text, _ in tip["links"]] == ["Open page"]
        assert tip["links"][0][1] == link.evaluate("a => a.href")
        # A tap outside closes it.
        page.locator("h1").tap()
        assert poll(page, f"() => ({TIP})() === null"), "a tap outside leaves the preview open"
        # Escape closes it too; a second tap on the same name follows it.
        link.tap()
        shown_tip(page)
        page.keyboard.press("Escape")
        assert poll(page, f"() => ({TIP})() === null")
        link.tap()
        shown_tip(page)
        href = link.evaluate("a => a.href")
        with page.expect_navigation():
            link.tap()
        assert page.url == href
    finally:
        context.close()


def test_previews_fit_a_320_px_screen(browser, served):
    context, page = new_page(browser, viewport={"width": 320, "height": 640})
    try:
        page.goto(article_url(served, "kim-putin"))
        page.keyboard.press("Tab")
        links = page.locator(".article-body a[data-preview]")
        for i in range(0, links.count(), 7):
            links.nth(i).focus()
            tip = shown_tip(page)
            assert tip["left"] >= 0 and tip["right"] <= tip["width"], (i, tip)
    finally:
        context.close()


# -- print ---------------------------------------------------------------------

@pytest.mark.parametrize("site", ARTICLES)
def test_print_opens_every_note_and_prints_the_sources_addresses(browser, served, site):
    context, page = new_page(browser, viewport={"width": 800, "height": 1000})
    try:
        page.emulate_media(media="print")
        page.goto(article_url(served, site))
        found = page.evaluate("""() => [...document.querySelectorAll('.notes > .note')].map((note) => {
            const sources = [...note.querySelectorAll('.note-sources a[href^="http"]')];
            return {id: note.id, bodyShown: note.querySelector('.note-body').getClientRects().length > 0,
                    sources: sources.map((a) => ({
                        shown: a.getClientRects().length > 0 && a.getBoundingClientRect().height > 0,
                        printed: getComputedStyle(a, '::after').content.includes(a.getAttribute('href'))}))};
        })""")
        assert found
        for note in found:
            assert note["bodyShown"], f"{note['id']}: its details stay closed in print"
            assert note["sources"], f"{note['id']} prints no source"
            assert all(s["shown"] and s["printed"] for s in note["sources"]), note
    finally:
        context.close()


# -- the phone -------------------------------------------------------------------

TARGETS = """() => [...document.querySelectorAll('a[href], summary, button')].filter((el) => {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') return false;
    // Links inside a line of text are exempt (WCAG 2.5.8, inline targets).
    return getComputedStyle(el).display !== 'inline';
}).map((el) => {
    const r = el.getBoundingClientRect();
    return {what: el.outerHTML.slice(0, 90), width: r.width, height: r.height,
            nav: !!el.closest('.site-header nav')};
})"""


def test_the_phone_header_is_one_short_row_with_a_menu_that_does_not_wrap(browser, served):
    context, page = new_page(browser, viewport=PHONE)
    try:
        page.goto(article_url(served, "kim-putin"))
        assert reading.header_height(page) <= 64
        menu = page.locator(".site-menu summary")
        assert menu.is_visible() and not page.locator(".site-nav").is_visible()
        menu.click()
        items = page.evaluate("""() => [...document.querySelectorAll('.site-menu-list a')].map((a) => {
            const r = a.getBoundingClientRect();
            return {left: r.left, top: r.top, height: r.height, right: r.right};
        })""")
        assert len(items) == 6
        assert all(item["height"] >= 44 for item in items), items
        assert len({round(item["left"]) for item in items}) == 1, "one item under another, never wrapped"
        assert all(item["right"] <= PHONE["width"] for item in items)
        page.keyboard.press("Escape")
        assert not page.locator(".site-menu").evaluate("d => d.open")
        assert reading.header_height(page) <= 64
    finally:
        context.close()


PHONE_PAGES = ("", "articles/kim-putin-meeting/", "glossary/", "timeline/", "actors/", "actors/putin/",
               "facts/", "sources/")


def test_tap_targets_are_big_enough_on_a_phone(browser, served):
    context, page = new_page(browser, viewport=PHONE)
    small = []
    try:
        for path in PHONE_PAGES:
            page.goto(served["kim-putin"] + path)
            page.locator(".site-menu summary").click()
            for target in page.evaluate(TARGETS):
                if target["width"] < 24 or target["height"] < 24 or (target["nav"] and target["height"] < 44):
                    small.append((path, target))
    finally:
        context.close()
    assert small == []


def test_notes_on_a_phone_are_compact_and_in_marker_order(browser, served):
    context, page = new_page(browser, viewport=PHONE)
    try:
        page.goto(article_url(served, "ten-notes"))
        layout = page.evaluate(LAYOUT)
        tops = [n["top"] for n in layout["notes"]]
        assert tops == sorted(tops)
        assert all(n["bottom"] - n["top"] < 110 for n in layout["notes"]), "a note at rest is compact"
    finally:
        context.close()


def test_keyboard_order_follows_reading_order(browser, served):
    context, page = new_page(browser, viewport=WIDE)
    try:
        page.goto(article_url(served, "ten-notes"))
        # Start just before the article's text.
        page.evaluate("""() => {
            const header = document.querySelector('.article-header');
            header.setAttribute('tabindex', '-1');
            header.focus();
        }""")
        order = []
        for _ in range(40):
            page.keyboard.press("Tab")
            order.append(page.evaluate("""() => {
                const all = [...document.querySelectorAll('.article-body *')];
                return all.indexOf(document.activeElement);
            }"""))
        inside = [i for i in order if i >= 0]
        assert len(inside) >= 30
        assert inside == sorted(inside), "Tab moves through the article in document (reading) order"
    finally:
        context.close()


# -- accessibility -------------------------------------------------------------

def require_axe() -> None:
    if reading.AXE_JS.is_file():
        return
    reason = f"{reading.AXE_JS} is missing; run `make test` (or bash scripts/install-test-tools.sh)"
    if in_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_violation_on_any_page(browser, served, width, scheme):
    require_axe()
    base = served["kim-putin"]
    context, page = new_page(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
    violations = []
    try:
        for url in [*sitemap_pages(base), base + "no/such/page/"]:
            page.goto(url)
            for v in reading.run_axe(page):
                violations.append(f"{url[len(base):] or '/'}: {v['id']} ({v['impact']}) {v['nodes'][:3]}")
    finally:
        context.close()
    assert violations == []
