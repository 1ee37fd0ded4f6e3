"""The search index: made by `build` into the staging folder before the swap,
never by the live preview; what it holds. In the browser: test_find_and_see.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from builder import search, search_shards
from builder.build import build_site

PROJECT = Path(__file__).resolve().parent.parent
SMALL = PROJECT / "tests" / "fixtures" / "sites" / "small"


def test_build_writes_the_index_and_only_what_the_site_loads(tmp_path):
    out = tmp_path / "site"
    result = build_site(SMALL, out=out)
    assert result.ok and result.search is not None
    folder = out / "pagefind"
    assert (folder / "pagefind.js").is_file()
    entry = json.loads((folder / "pagefind-entry.json").read_text())
    pages = sum(language["page_count"] for language in entry["languages"].values())
    # Articles, actor pages, glossary, timeline, facts, sources; not home, the
    # actors index, search or 404.
    assert pages == result.search.pages == 2 + 8 + 4
    assert not any((folder / name).exists() for name in search.UNUSED)
    assert result.search.bytes == sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_pages_mark_what_is_indexed(tmp_path):
    out = tmp_path / "site"
    build_site(SMALL, out=out, index=False)

    def main(url):
        return BeautifulSoup((out / url / "index.html").read_text(encoding="utf-8"), "html.parser").main

    assert main("glossary").has_attr("data-pagefind-body")
    assert main("glossary")["data-pagefind-meta"] == "split:entries"
    assert main("actors/putin").has_attr("data-pagefind-body")
    assert not main("actors/putin").has_attr("data-pagefind-meta")
    for url in ("", "search", "actors"):
        assert not main(url).has_attr("data-pagefind-body"), url


def test_the_live_preview_builds_without_the_index(tmp_path):
    out = tmp_path / "site"
    result = build_site(SMALL, out=out, index=False)
    assert result.ok and result.search is None and not (out / "pagefind").exists()


def test_a_missing_pagefind_is_a_warning_and_the_site_still_builds(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "executable", lambda: None)
    result = build_site(SMALL, out=tmp_path / "site")
    assert result.ok and result.search is None
    [warning] = [d for d in result.diagnostics if d.path == "search"]
    assert warning.severity == "warning" and "pagefind" in warning.message


def test_the_index_is_made_before_the_swap(tmp_path, monkeypatch):
    seen = []
    real = search.index_site

    def spy(folder, *options):
        seen.append((folder.name, (folder / "index.html").is_file()))
        return real(folder, *options)

    monkeypatch.setattr(search, "index_site", spy)
    out = tmp_path / "site"
    build_site(SMALL, out=out)
    [(name, complete)] = seen
    assert name.startswith(".site.building-") and complete
    assert (out / "pagefind" / "pagefind.js").is_file()


# -- shards ------------------------------------------------------------------

def pages(*sizes: int) -> list[search_shards.Page]:
    return [search_shards.Page(f"p{n:02}/index.html", size) for n, size in enumerate(sizes)]


def test_shards_keep_the_pages_order_and_each_page_once_within_the_budget():
    site = pages(400, 300, 200, 500, 100, 100, 600)
    shards = search_shards.plan_shards(site, budget=700)
    assert shards == [["p00/index.html", "p01/index.html"], ["p02/index.html", "p03/index.html"],
                      ["p04/index.html", "p05/index.html"], ["p06/index.html"]]
    assert [path for shard in shards for path in shard] == [p.path for p in site]
    size = {p.path: p.size for p in site}
    assert all(sum(size[path] for path in shard) <= 700 for shard in shards)
    assert search_shards.plan_shards(site, budget=700) == shards  # the same pages, the same plan


def test_a_page_bigger_than_the_budget_is_a_shard_of_its_own():
    assert search_shards.plan_shards(pages(10, 5_000, 10), budget=100) == [
        ["p00/index.html"], ["p01/index.html"], ["p02/index.html"]]
    assert search_shards.plan_shards(pages(10, 20), budget=10**6) == [["p00/index.html", "p01/index.html"]]
    assert search_shards.plan_shards([], budget=100) == []


def test_what_a_page_indexes_is_the_words_of_its_body_less_what_it_ignores():
    head = b"<html><head><title>a title</title></head><body><nav>a menu</nav>"
    body = b'<main data-pagefind-body><p>words <a href="x">here</a></p>'
    ignored = b'<section data-pagefind-ignore><section>x</section><p>many backlinks</p></section>'
    tail = b"<p>more</p><img data-pagefind-ignore src=a.png></main></body></html>"
    assert search_shards.indexed_words(head + body + ignored + tail) == 3  # words, here, more
    assert search_shards.indexed_words(b"<main><p>not marked</p></main>") is None
    # Words that only mention the attribute are text, not an ignored element.
    text = body + b"<p>Pages say data-pagefind-ignore to hide a part.</p></main>"
    assert search_shards.indexed_words(text) == 2 + 7


def test_only_marked_pages_are_planned_unless_none_is(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<main data-pagefind-body>a</main>")
    (tmp_path / "index.html").write_text("<main>home</main>")
    assert [p.path for p in search_shards.pages_to_index(tmp_path)] == ["a/index.html"]
    (tmp_path / "a" / "index.html").write_text("<main>a</main>")
    assert [p.path for p in search_shards.pages_to_index(tmp_path)] == ["a/index.html", "index.html"]


def fragments(folder: Path) -> set[str]:
    """The URLs of the pages an index folder holds (Pagefind's fragments are gzipped JSON)."""
    import gzip
    urls = set()
    for path in folder.glob("fragment/*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        urls.add(json.loads(data[data.index(b"{"):])["url"])
    return urls


def test_a_site_indexed_in_shards_holds_every_page_once_and_builds_the_same_twice(tmp_path):
    one, first, second = tmp_path / "one", tmp_path / "first", tmp_path / "second"
    whole = build_site(SMALL, out=one)
    result = build_site(SMALL, out=first, index_shard_words=100)
    assert result.ok and whole.search.shards == 1 and result.search.shards >= 3
    assert result.search.pages == whole.search.pages
    index = first / "pagefind"
    folders = [index] + sorted(index.glob("shards/*"), key=lambda p: int(p.name))
    assert [f"pagefind/{p.relative_to(index).as_posix()}/" for p in folders[1:]] == [
        f"pagefind/shards/{n}/" for n in range(1, result.search.shards)]
    held = [fragments(folder) for folder in folders]
    assert all(held) and sum(map(len, held)) == len(set().union(*held))  # each page in one shard
    assert set().union(*held) == fragments(one / "pagefind")
    big = [page.path for page in search_shards.pages_to_index(first) if page.size > 100]
    assert "articles/summit/index.html" in big  # bigger than a shard, and indexed all the same
    # The first shard lists the others for search.js; they keep no script or WebAssembly of their own.
    shards = json.loads((index / "pagefind.js").read_text().rsplit(f"export const {search.SHARDS_EXPORT} = ", 1)[1]
                        .rstrip().rstrip(";"))
    assert shards == [f"pagefind/shards/{n}/" for n in range(1, result.search.shards)]
    for folder in folders[1:]:
        assert (folder / "pagefind-entry.json").is_file()
        assert not list(folder.glob("*.js")) and not list(folder.glob("wasm.*"))
    assert not (first / search.MIRROR).exists()
    assert (one / "pagefind" / "pagefind.js").read_text().find(search.SHARDS_EXPORT) < 0
    build_site(SMALL, out=second, index_shard_words=100)
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_a_shard_that_fails_leaves_no_index_but_a_warning(tmp_path, monkeypatch):
    runs = []
    real = search._run

    def second_fails(binary, site, out):
        runs.append(out)
        if len(runs) == 2:
            raise search.SearchError("Pagefind failed: out of memory")
        real(binary, site, out)

    monkeypatch.setattr(search, "_run", second_fails)
    out = tmp_path / "site"
    result = build_site(SMALL, out=out, index_shard_words=100)
    assert result.ok and result.search is None and len(runs) == 2
    [warning] = [d for d in result.diagnostics if d.path == "search"]
    assert "out of memory" in warning.message
    assert (out / "index.html").is_file() and not (out / "pagefind").exists()
    assert not (out / search.MIRROR).exists()


def test_the_command_line_sets_the_shard_budget_and_refuses_a_bad_one(tmp_path):
    def build(*args):
        return subprocess.run([sys.executable, "-m", "builder", "build", "--root", str(SMALL), *args],
                              capture_output=True, text=True, timeout=300)

    out = tmp_path / "site"
    done = build("--out", str(out), "--search-shard-mb", "12.1")
    assert done.returncode == 0, done.stderr
    assert search_shards.shard_words(12.1) < 200  # so the small site takes several shards
    assert len(list((out / "pagefind" / "shards").iterdir())) >= 2
    for bad in ("0", "-1", "lots"):
        refused = build("--out", str(tmp_path / "never"), "--search-shard-mb", bad)
        assert refused.returncode == 2 and "--search-shard-mb" in refused.stderr
        assert "Traceback" not in refused.stderr and not (tmp_path / "never").exists()
