"""What a reader of the annotated article meets, measured in a real browser.

Shared by tests/test_reading.py (which asserts on the figures) and
scripts/screenshots.py (which prints them and saves screenshots), so the
figures in a report and the ones the tests check are the same code.

Each function takes a Playwright page already showing an article.
"""

from __future__ import annotations

import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"

# The article's own blocks (paragraphs, headings, lists, quotes), in reading order,
# without the notes between them. `.text > *` is how the article was built before
# issue 8, kept so the script can measure an old build too.
BLOCKS = """() => {
    const body = document.querySelector('.article-body');
    const blocks = body ? [...body.children].filter((el) => !el.matches('.notes'))
                        : [...document.querySelectorAll('.annotated .text > *')];
    return blocks.filter((el) => el.getClientRects().length);
}"""

GAPS_JS = """(blocks) => {
    const gaps = [];
    for (let i = 1; i < blocks.length; i++) {
        const above = blocks[i - 1].getBoundingClientRect(), below = blocks[i].getBoundingClientRect();
        gaps.push({gap: below.top - above.bottom, after: blocks[i - 1].id || blocks[i - 1].tagName});
    }
    return gaps;
}"""

# Characters of the body text (markers left out) and how many of them sit on a
# background (colour or image) of any element between them and their block.
HIGHLIGHT_JS = """(blocks) => {
    let total = 0, marked = 0;
    const painted = (el) => {
        const style = getComputedStyle(el);
        const colour = style.backgroundColor;
        const clear = colour === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(colour);
        return !clear || style.backgroundImage !== 'none';
    };
    for (const block of blocks) {
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (parent.closest('sup')) continue;
            const length = node.textContent.replace(/\\s+/g, ' ').length;
            total += length;
            for (let el = parent; el && el !== block.parentElement; el = el.parentElement) {
                if (painted(el)) { marked += length; break; }
            }
        }
    }
    return {total, marked};
}"""

# Links in the body text (markers left out), words, and links to the same
# address within one section (the text under an h2, or all of it).
LINKS_JS = """(blocks) => {
    let words = 0, links = 0;
    const repeats = [];
    let section = new Set();
    for (const block of blocks) {
        if (block.matches('h2')) section = new Set();
        const copy = block.cloneNode(true);
        copy.querySelectorAll('sup').forEach((s) => s.remove());
        words += copy.textContent.split(/\\s+/).filter((w) => /\\w/.test(w)).length;
        for (const a of copy.querySelectorAll('a[href]')) {
            links += 1;
            const href = a.getAttribute('href');
            if (section.has(href)) repeats.push(href);
            section.add(href);
        }
    }
    return {words, links, repeats};
}"""


# How far each note in the margin starts below its marker, and how many overlap.
NOTES_JS = """() => {
    const notes = [...document.querySelectorAll('.article-body .notes > .note')];
    let overlaps = 0, previous = null;
    const offsets = notes.map((note) => {
        const marker = document.querySelector(`sup.note-ref a[href="#${CSS.escape(note.id)}"]`);
        const r = note.getBoundingClientRect();
        if (previous && r.top < previous.bottom) overlaps += 1;
        previous = r;
        return r.top - marker.getBoundingClientRect().top;
    });
    const runs = performance.getEntriesByName('explainer-notes', 'measure').map((m) => m.duration);
    return {offsets, overlaps, layoutMs: runs};
}"""


def body_blocks(page):
    return page.evaluate_handle(BLOCKS)


def gaps(page) -> list[dict]:
    """Space between consecutive body blocks, in CSS px, in reading order."""
    return page.evaluate(GAPS_JS, body_blocks(page))


def gap_figures(page) -> dict:
    values = [g["gap"] for g in gaps(page)]
    return {"largest": round(max(values)), "median": round(statistics.median(values)),
            "blocks": len(values) + 1}


def highlighted_share(page) -> dict:
    counts = page.evaluate(HIGHLIGHT_JS, body_blocks(page))
    return {**counts, "share": counts["marked"] / counts["total"]}


def links(page) -> dict:
    found = page.evaluate(LINKS_JS, body_blocks(page))
    return {**found, "per_word": found["links"] / found["words"]}


def note_offsets(page) -> dict | None:
    """Note top minus marker top, in px, for every note; overlaps; the layout script's run
    times. None for a page without numbered notes (as built before issue 8)."""
    found = page.evaluate(NOTES_JS)
    offsets = found["offsets"]
    if not offsets:
        return None
    return {"median": round(statistics.median(offsets)), "largest": round(max(offsets)),
            "above": sum(o < -12 for o in offsets), "overlaps": found["overlaps"],
            "layout_ms": found["layoutMs"]}


def header_height(page) -> float:
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


def run_axe(page) -> list[dict]:
    """axe-core's violations on the page as it stands: [{id, impact, nodes: [target...]}]."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map((v) => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map((n) => n.target.join(' '))}));
    }""")
