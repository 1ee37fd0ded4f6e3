"""What a reader's first query costs: `.venv/bin/python bench/search_requests.py SITE WORD...`.

Serves a built site (as GitHub Pages would, tests/support/pages_server.py),
opens a page in Debian's Chromium (as the browser tests do), types each WORD
into the search box in a fresh browser context (a first query, nothing
cached) and, once the results are shown, counts the requests made for the
index (under pagefind/) and their bytes as stored on disk (what GitHub Pages
serves before its own compression), and the number of results shown.
Compare a site indexed in shards with the same site indexed whole, e.g. the
outputs of bench/scale.py --work DIR with and without --compare.

    .venv/bin/python bench/search_requests.py /tmp/scale/out-full gomu Maser
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.support.pages_server import serve_pages  # noqa: E402
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def first_query(browser, base: str, site: Path, word: str) -> tuple[int, int, int, float]:
    """(requests under pagefind/, their bytes, results shown, seconds from typing to results)."""
    context = browser.new_context()
    context.set_default_timeout(120_000)
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(base + "timeline/")
    seen.clear()
    began = time.perf_counter()
    page.fill(".site-header input[type=search]", word)
    page.wait_for_function(f"document.querySelector('.site-header .search-status').textContent.includes({word!r})")
    took = time.perf_counter() - began
    shown = page.locator(".site-header .search-results li a").count()
    index = [u for u in seen if "/pagefind/" in u]
    size = sum((site / unquote(urlsplit(u).path)[len(urlsplit(base).path):]).stat().st_size for u in index)
    context.close()
    return len(index), size, shown, took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("words", nargs="+")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    executable = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    shards = 1 + len(list((args.site / "pagefind" / "shards").glob("*")))
    with sync_playwright() as p, serve_pages(args.site, "/") as base:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        print(f"{args.site}: {shards} shard(s)")
        for word in args.words:
            requests, size, shown, took = first_query(browser, base, args.site, word)
            print(f"  {word!r}: {requests} requests, {size / 1024:.0f} KB, {shown} results shown, {took:.2f} s")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
