"""The search index: made by `build` into the staging folder before the swap,
never by the live preview; what it holds. In the browser: test_find_and_see.py."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from builder import search
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

    def spy(folder):
        seen.append((folder.name, (folder / "index.html").is_file()))
        return real(folder)

    monkeypatch.setattr(search, "index_site", spy)
    out = tmp_path / "site"
    build_site(SMALL, out=out)
    [(name, complete)] = seen
    assert name.startswith(".site.building-") and complete
    assert (out / "pagefind" / "pagefind.js").is_file()
