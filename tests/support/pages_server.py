"""A local web server that behaves as GitHub Pages does for a project site.

    with serve_pages(site_dir, prefix="/repo/") as base_url:
        ...  # base_url == "http://127.0.0.1:<port>/repo/"

What it does, like GitHub Pages:
- the site is served only under ``prefix`` ("/repo/" for a project site,
  "/" for a user site or custom domain); anything else answers 404 with a
  plain body that is NOT the site's 404 page (there, GitHub would serve some
  other site);
- ``dir/`` serves ``dir/index.html``; ``dir`` without the slash answers
  301 to ``dir/`` when ``dir`` is a folder; ``page`` serves ``page.html``
  when that file exists;
- a missing address answers 404 with the body of the site's ``404.html``;
- ``..`` segments (plain or percent-encoded), encoded slashes that would
  climb out, backslashes, NUL bytes and symlinks leading outside the site
  never reach a file outside it.

Every request is recorded in ``server.requests`` as (method, raw path, status).
"""

from __future__ import annotations

import contextlib
import mimetypes
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

OUTSIDE_BODY = b"<!DOCTYPE html><title>404</title><p>Not part of this site (outside the served prefix).\n"
NO_404_BODY = b"<!DOCTYPE html><title>404</title><p>File not found (the site has no 404.html).\n"


def _normalize_prefix(prefix: str) -> str:
    prefix = "/" + prefix.strip("/")
    return prefix if prefix == "/" else prefix + "/"


class _Handler(BaseHTTPRequestHandler):
    server: "PagesServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature from the base class
        pass  # quiet: tests read server.requests instead

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    # -- helpers ------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str, send_body: bool,
              headers: dict[str, str] | None = None) -> None:
        self.server.record(self.command, self.path, status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_found(self, send_body: bool) -> None:
        page = self.server.root / "404.html"
        body = page.read_bytes() if page.is_file() else NO_404_BODY
        self._send(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8", send_body)

    def _outside(self, send_body: bool) -> None:
        self._send(HTTPStatus.NOT_FOUND, OUTSIDE_BODY, "text/html; charset=utf-8", send_body)

    def _redirect(self, location: str, send_body: bool) -> None:
        self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/html; charset=utf-8", send_body,
                   {"Location": location})

    def _answer(self, send_body: bool) -> None:
        split = urlsplit(self.path)
        raw_path = split.path or "/"
        query = f"?{split.query}" if split.query else ""
        prefix = self.server.prefix

        if prefix != "/" and raw_path == prefix.rstrip("/"):
            return self._redirect(prefix + query, send_body)
        if not raw_path.startswith(prefix):
            return self._outside(send_body)

        # Decode once, then refuse anything that could climb out of the site.
        try:
            rel = unquote(raw_path[len(prefix):], errors="strict")
        except UnicodeDecodeError:
            return self._not_found(send_body)
        if "\x00" in rel or "\\" in rel:
            return self._not_found(send_body)
        segments = rel.split("/")
        if any(seg in (".", "..") for seg in segments):
            return self._not_found(send_body)
        trailing_slash = rel == "" or rel.endswith("/")
        parts = [seg for seg in segments if seg]

        root = self.server.root
        target = root.joinpath(*parts) if parts else root
        try:
            resolved = target.resolve(strict=False)
        except (OSError, RuntimeError):
            return self._not_found(send_body)
        if resolved != root and root not in resolved.parents:
            return self._not_found(send_body)  # a symlink pointing out of the site

        if resolved.is_dir():
            if not trailing_slash:
                return self._redirect(quote(raw_path + "/", safe="/%") + query, send_body)
            index = resolved / "index.html"
            if index.is_file() and self._inside(index):
                return self._file(index, send_body)
            return self._not_found(send_body)
        if resolved.is_file() and not trailing_slash:
            return self._file(resolved, send_body)
        if not trailing_slash and parts:
            html = target.with_name(target.name + ".html")
            if html.is_file() and self._inside(html):
                return self._file(html, send_body)
        return self._not_found(send_body)

    def _inside(self, path: Path) -> bool:
        resolved = path.resolve()
        return self.server.root in resolved.parents

    def _file(self, path: Path, send_body: bool) -> None:
        if not self._inside(path):
            return self._not_found(send_body)
        ctype, _ = mimetypes.guess_type(path.name)
        ctype = ctype or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json",
                                                   "image/svg+xml", "application/xml"):
            ctype += "; charset=utf-8"
        self._send(HTTPStatus.OK, path.read_bytes(), ctype, send_body)


class PagesServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, site_dir: Path, prefix: str = "/repo/", host: str = "127.0.0.1", port: int = 0):
        self.root = Path(site_dir).resolve()
        self.prefix = _normalize_prefix(prefix)
        self.requests: list[tuple[str, str, int]] = []
        self._lock = threading.Lock()
        super().__init__((host, port), _Handler)

    def record(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((method, path, int(status)))

    @property
    def origin(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return self.origin + self.prefix


class PagesURL(str):
    """The base URL string, with the running server attached as ``.server``."""

    server: PagesServer


@contextlib.contextmanager
def serve_pages(site_dir: Path, prefix: str = "/repo/") -> Iterator[PagesURL]:
    """Serve ``site_dir`` under ``prefix`` on 127.0.0.1 (a free port); yield the base URL."""
    mimetypes.add_type("text/javascript", ".js")
    mimetypes.add_type("text/css", ".css")
    mimetypes.add_type("image/svg+xml", ".svg")
    mimetypes.add_type("font/woff2", ".woff2")
    mimetypes.add_type("font/woff", ".woff")
    mimetypes.add_type("application/xml", ".xml")
    server = PagesServer(site_dir, prefix)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    url = PagesURL(server.base_url)
    url.server = server
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
