"""The curation page: served by `serve` at /_curation/, never part of a build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.build import build_site
from builder.curation import render_page
from builder.suggest import suggest
from tests.support.vnu import require_vnu, validate_html
from tests.test_serve import Server, get

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "suggest" / "site"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("curation") / "site"
    shutil.copytree(FIXTURE, root)
    server = Server(root, tmp_path_factory.mktemp("logs")).start()
    try:
        yield server.wait_until_serving()
    finally:
        server.stop()


def test_serve_shows_the_suggestions_with_links_to_the_paragraphs(server):
    status, html = get(server.port, "/_curation/")
    assert status == 200
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1.get_text() == "What is left to curate"
    names = [li.select_one(".what").get_text() for li in soup.select("#names li")]
    assert names == [s.text for s in suggest(server.root).sections["names"]]
    assert "- id: tomas-berg" in soup.select_one("#names").get_text()
    # Every paragraph link resolves on the served site.
    links = {a["href"] for a in soup.select(".at a")}
    assert links
    for href in links:
        path, fragment = href.removeprefix("../").split("#")
        status, page = get(server.port, "/" + path)
        assert status == 200 and f'id="{fragment}"' in page, href
    assert "/_curation/" in server.stderr  # serve says where it is


def test_the_page_is_valid_html(server, tmp_path):
    require_vnu()
    status, html = get(server.port, "/_curation/")
    page = tmp_path / "curation.html"
    page.write_text(html, encoding="utf-8")
    assert status == 200 and validate_html([page]) == []


def test_the_page_follows_the_content_as_it_is_saved(server):
    article = server.root / "content/articles/harbour.md"
    original = article.read_text(encoding="utf-8")
    try:
        article.write_text(original + "\nGeneral Ada Quist spoke last.\n", encoding="utf-8")
        status, html = get(server.port, "/_curation/")
        assert status == 200 and "Ada Quist" in html
    finally:
        article.write_text(original, encoding="utf-8")


def test_without_a_slash_it_redirects(server):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", "/_curation")
    response = connection.getresponse()
    assert response.status == 301 and response.getheader("Location") == "/_curation/"
    connection.close()


def test_content_errors_are_shown_on_the_page(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root)
    (root / "content/actors.yaml").write_text("- id: Bad Id\n", encoding="utf-8")
    html = render_page(suggest(root))
    assert "The content has errors" in html and "content/actors.yaml:1:7" in html


def test_a_build_never_holds_the_curation_page(tmp_path):
    out = tmp_path / "out"
    result = build_site(FIXTURE, out=out, base_url="https://example.org/")
    assert result.ok
    files = [p.relative_to(out).as_posix() for p in out.rglob("*")]
    assert not [f for f in files if "curation" in f]
    for page in out.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".xml", ".txt"):
            assert not re.search("_curation|What is left to curate", page.read_text(encoding="utf-8")), page
