"""Screenshots of the annotated article, and the reading figures, for anyone to look at.

    .venv/bin/python scripts/screenshots.py                # the project's content/
    .venv/bin/python scripts/screenshots.py --root tests/fixtures/sites/ten-notes
    .venv/bin/python scripts/screenshots.py --site /tmp/old-site   # an already built site

Builds the site (served under /repo/, as GitHub Pages serves a project
site), opens its first article in Debian's Chromium and writes into
`screenshots/` (git-ignored):

- article-<width>.png: the whole article at 1024, 1280 and 1440 px (desktop),
  390 and 320 px (phone), in light and dark colour schemes;
- article-print.png and article.pdf: the article as printed;
- preview-*.png: the previews of a name and a term, and a marker hovered with its note.

and prints the figures issue 8 asks for: the largest and median gap between
paragraphs at each desktop width, the share of highlighted characters,
links per word, the header's height on a phone, and axe-core's violations
on every page at 1280 and 390 px, light and dark.
"""

from __future__ import annotations

import argparse

import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from playwright.sync_api import sync_playwright  # noqa: E402

from builder.build import build_site  # noqa: E402
from tests.support import reading  # noqa: E402
from tests.support.pages_server import serve_pages  # noqa: E402

PUBLIC_BASE = "https://example.github.io/repo/"
CHROMIUM = "/usr/bin/chromium"
DESKTOP = (1024, 1280, 1440)
PHONE = (390, 320)


def sitemap_pages(site: Path, base: str) -> list[str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)
    return [base + loc.text.strip()[len(PUBLIC_BASE):] for loc in locs]


def first_article(site: Path) -> str:
    return sorted(p.parent.name for p in (site / "articles").glob("*/index.html"))[0]


def shoot(browser, url: str, out: Path, name: str, width: int, *, scheme="light", media="screen",
          full=True):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 600 else 844},
                                  color_scheme=scheme, device_scale_factor=1)
    page = context.new_page()
    page.emulate_media(media=media)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(150)
    page.screenshot(path=str(out / f"{name}.png"), full_page=full)
    return context, page


def previews(browser, url: str, out: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url, wait_until="load")
    for name, selector in (("actor", ".article-body a.mention-actor"), ("term", ".article-body a.mention-term"),
                           ("marker", ".article-body sup.note-ref a")):
        link = page.locator(selector).first
        if not link.count():
            continue
        link.scroll_into_view_if_needed()
        link.hover()
        page.wait_for_timeout(400)
        box = link.bounding_box()
        top = max(0, box["y"] - 220)
        page.screenshot(path=str(out / f"preview-{name}.png"),
                        clip={"x": 0, "y": top, "width": 1280, "height": 520})
        page.mouse.move(0, 0)
        page.wait_for_timeout(300)
    context.close()


def measure(browser, site: Path, base: str, out: Path) -> None:
    article = base + f"articles/{first_article(site)}/"
    print(f"article: {article}")
    for width in DESKTOP:
        context, page = shoot(browser, article, out, f"article-{width}", width)
        g = reading.gap_figures(page)
        print(f"  {width} px: largest gap {g['largest']} px, median {g['median']} px ({g['blocks']} blocks)")
        if width == 1280:
            share = reading.highlighted_share(page)
            found = reading.links(page)
            print(f"  highlighted at rest: {share['marked']} of {share['total']} characters "
                  f"({share['share']:.1%})")
            print(f"  links: {found['links']} in {found['words']} words "
                  f"({found['per_word']:.3f} per word), {len(found['repeats'])} repeats within a section")
        context.close()
        context, _ = shoot(browser, article, out, f"article-{width}-dark", width, scheme="dark",
                           full=False)
        context.close()
    for javascript in (False, True):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(article, wait_until="load")
        page.wait_for_timeout(300)
        g, n = reading.gap_figures(page), reading.note_offsets(page)
        if n is None:
            print("  no numbered notes to measure")
            context.close()
            break
        runs = n["layout_ms"]
        timing = (f"; layout script {len(runs)} run(s), {max(runs):.1f} ms at most" if runs else "")
        print(f"  notes at 1280 px, JavaScript {'on' if javascript else 'off'}: largest gap {g['largest']} px; "
              f"note below its marker by {n['median']} px (median), {n['largest']} px (most); "
              f"{n['above']} above their marker, {n['overlaps']} overlapping{timing}")
        context.close()
    for width in PHONE:
        context, page = shoot(browser, article, out, f"article-{width}", width)
        print(f"  {width} px: header {reading.header_height(page):.0f} px tall")
        context.close()
        context, _ = shoot(browser, article, out, f"article-{width}-dark", width, scheme="dark")
        context.close()
    context, page = shoot(browser, article, out, "article-print", 800, media="print")
    page.pdf(path=str(out / "article.pdf"))
    context.close()
    previews(browser, article, out)

    if not reading.AXE_JS.is_file():
        print("axe-core is not installed (bash scripts/install-test-tools.sh): no accessibility figures")
        return
    pages = sitemap_pages(site, base)
    for width in (1280, 390):
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
            page = context.new_page()
            rules: Counter = Counter()
            for url in pages:
                page.goto(url, wait_until="load")
                for violation in reading.run_axe(page):
                    rules[f"{violation['id']} ({violation['impact']})"] += len(violation["nodes"])
            context.close()
            total = sum(rules.values())
            detail = ", ".join(f"{rule}: {n}" for rule, n in rules.most_common())
            print(f"  axe at {width} px, {scheme}: {total} violations on {len(pages)} pages"
                  + (f" ({detail})" if detail else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=PROJECT, help="folder that holds content/")
    parser.add_argument("--site", type=Path, help="measure this already built site instead "
                        f"(built with --base-url {PUBLIC_BASE})")
    parser.add_argument("--out", type=Path, default=PROJECT / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            result = build_site(args.root, out=site, base_url=PUBLIC_BASE)
            if not result.ok:
                print("\n".join(d.format() for d in result.diagnostics), file=sys.stderr)
                return 1
        with serve_pages(site, "/repo/") as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                measure(browser, site, base, args.out)
            finally:
                browser.close()
    print(f"screenshots in {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
