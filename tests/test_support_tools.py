"""The test tools themselves: the GitHub-Pages-like server, the crawler, the HTML checker."""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.crawl import crawl, fetch
from tests.support.pages_server import serve_pages
from tests.support.vnu import require_vnu, validate_html

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{css}"></head>
<body><main id="main">{body}</main></body></html>
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def tiny_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write(site / "index.html", PAGE.format(title="Home", css="static/style.css", body=(
        '<a href="glossary/">Glossary</a> <a href="glossary/#term-a">A</a> '
        '<a href="#main">skip</a> <img src="static/pic.svg" alt="">')))
    write(site / "glossary" / "index.html", PAGE.format(title="Glossary", css="../static/style.css", body=(
        '<dl><dt id="term-a">A</dt><dd>a</dd></dl><a href="../">home</a> <a href="/repo/">home too</a>')))
    write(site / "static" / "style.css", "body { background: url(pic.svg) }\n")
    write(site / "static" / "pic.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    write(site / "404.html", PAGE.format(title="Not found", css="/repo/static/style.css", body=(
        '<a href="/repo/">home</a> <a href="/repo/glossary/#term-a">A</a>')))
    # something outside the site that traversal must never reach
    write(tmp_path / "secret.txt", "top secret\n")
    return site


def raw_get(base_url: str, raw_path: str) -> tuple[int, bytes, str | None]:
    """Send a request line exactly as given (no client-side normalisation of ..)."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.putrequest("GET", raw_path, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, resp.read(), resp.getheader("Location")
    finally:
        conn.close()


def test_server_serves_dir_index_and_redirects_folder_without_slash(tiny_site: Path):
    with serve_pages(tiny_site, "/repo/") as base:
        assert base.endswith("/repo/")
        status, ctype, body, _ = fetch(base)
        assert status == 200 and b"<title>Home</title>" in body and "text/html" in ctype
        status, _, body, _ = fetch(base + "glossary/")
        assert status == 200 and b"<title>Glossary</title>" in body
        status, _, _, location = fetch(base + "glossary")
        assert status == 301 and location.endswith("/repo/glossary/")
        status, _, _, location = fetch(base[:-1])  # /repo -> /repo/
        assert status == 301 and location.endswith("/repo/")
        status, ctype, _, _ = fetch(base + "static/style.css")
        assert status == 200 and ctype.startswith("text/css")


def test_server_answers_404_with_the_sites_404_page(tiny_site: Path):
    with serve_pages(tiny_site, "/repo/") as base:
        status, _, body, _ = fetch(base + "no/such/deep/page/")
        assert status == 404 and b"<title>Not found</title>" in body
        status, _, body, _ = fetch(base + "glossary/index.html/")
        assert status == 404


def test_server_serves_nothing_outside_the_prefix(tiny_site: Path):
    with serve_pages(tiny_site, "/repo/") as base:
        origin = base[: -len("/repo/")]
        for path in ("/", "/index.html", "/glossary/", "/repository/", "/repo.html"):
            status, _, body, _ = fetch(origin + path)
            assert status == 404, path
            assert b"Not found</title>" not in body, path  # not the site's own 404 page


@pytest.mark.parametrize("raw_path", [
    "/repo/../secret.txt",
    "/repo/%2e%2e/secret.txt",
    "/repo/%2E%2E%2Fsecret.txt",
    "/repo/glossary/%2e%2e/%2e%2e/secret.txt",
    "/repo/..%2fsecret.txt",
    "/repo/..%5csecret.txt",
    "/repo/%00/secret.txt",
    "/repo/%ff%fe",
])
def test_server_refuses_traversal(tiny_site: Path, raw_path: str):
    with serve_pages(tiny_site, "/repo/") as base:
        status, body, _ = raw_get(base, raw_path)
        assert status == 404
        assert b"top secret" not in body


def test_server_refuses_symlink_escape(tiny_site: Path):
    link = tiny_site / "escape"
    try:
        link.symlink_to(tiny_site.parent, target_is_directory=True)
        (tiny_site / "secret-link.txt").symlink_to(tiny_site.parent / "secret.txt")
    except OSError as err:  # pragma: no cover - filesystems without symlinks
        pytest.skip(f"cannot create symlinks here: {err}")
    with serve_pages(tiny_site, "/repo/") as base:
        for path in ("escape/secret.txt", "secret-link.txt", "escape/"):
            status, _, body, _ = fetch(base + path)
            assert status == 404, path
            assert b"top secret" not in body


def test_server_at_domain_root(tiny_site: Path):
    with serve_pages(tiny_site, "/") as base:
        assert urlsplit(base).path == "/"
        assert fetch(base)[0] == 200
        assert fetch(base + "glossary/")[0] == 200
        assert fetch(base + "nope")[0] == 404


def test_crawl_of_a_good_site_finds_every_page_and_nothing_broken(tiny_site: Path):
    with serve_pages(tiny_site, "/repo/") as base:
        report = crawl(base)
    assert report.broken == []
    assert report.relative_pages() == {"", "glossary/"}
    assert base + "static/style.css" in report.assets
    assert base + "static/pic.svg" in report.assets  # found inside the stylesheet too
    assert report.external == []


def test_crawl_reports_broken_link_missing_fragment_and_escape(tiny_site: Path):
    write(tiny_site / "glossary" / "index.html", PAGE.format(title="Glossary", css="../static/style.css", body=(
        '<p id="term-a">A</p>'
        '<a href="../nowhere/">broken</a> '
        '<a href="../#no-such-id">bad fragment</a> '
        '<a href="/elsewhere/">outside the base path</a> '
        '<a href="https://example.com/">an external link is fine</a> '
        '<script src="https://cdn.example.com/x.js"></script>')))
    with serve_pages(tiny_site, "/repo/") as base:
        report = crawl(base)
    text = "\n".join(report.broken)
    assert len(report.broken) == 3, text
    assert f"{base}glossary/ -> ../nowhere/: HTTP 404" in report.broken
    assert any("../#no-such-id" in b and "no element with id 'no-such-id'" in b for b in report.broken), text
    assert any("/elsewhere/" in b and "leaves the site's base path" in b for b in report.broken), text
    assert {r.url for r in report.external} == {"https://example.com/", "https://cdn.example.com/x.js"}
    assert [r.url for r in report.external_resources] == ["https://cdn.example.com/x.js"]


def test_crawl_checks_the_404_page_from_a_deep_missing_address(tiny_site: Path):
    with serve_pages(tiny_site, "/repo/") as base:
        report = crawl(base + "no/such/deep/page/", base=base, start_status=404, follow=False)
        assert report.broken == []
        assert base + "static/style.css" in report.assets
        # a 404 page with relative links breaks at depth
        write(tiny_site / "404.html", PAGE.format(title="Not found", css="static/style.css",
                                                  body='<a href="glossary/">g</a>'))
        report = crawl(base + "no/such/deep/page/", base=base, start_status=404, follow=False)
        assert len(report.broken) == 2, report.broken


def test_validate_html_reports_errors_with_positions(tmp_path: Path):
    require_vnu()
    good = write(tmp_path / "good.html", PAGE.format(title="ok", css="s.css", body="<p>fine</p>"))
    bad = write(tmp_path / "bad.html", PAGE.format(title="bad", css="s.css", body="<p>x</span>"))
    assert validate_html([good]) == []
    errors = validate_html([good, bad], base=tmp_path)
    assert errors, "an invalid page must give errors"
    assert all(e.startswith("bad.html:") for e in errors), errors
    assert any("span" in e for e in errors), errors
    assert validate_html([tmp_path / "missing.html"]) == [f"{tmp_path / 'missing.html'}: no such file"]
