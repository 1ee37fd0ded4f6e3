"""The HTTP side of `serve`: build snapshots, who may ask, the pages and the LiveReload socket.

Every build becomes a `Snapshot`: the whole output, path -> bytes, never
changed once made. The server holds one snapshot at a time and swaps it by
reference on the IOLoop thread, so a request is answered entirely from one
build (an old page or a new one, never a 404 for a page both have, never a
truncated body), and nothing is written to disk. An incremental rebuild makes
its snapshot from the last one: unchanged files are the same bytes objects.

Only this machine's pages may talk to the server: the Host header must be a
loopback name or address, or the --host value (a guard against DNS
rebinding), and the WebSocket's Origin must be one of those too. There is no
reload control but the socket. Slow or silent clients are cut off by header,
body and idle timeouts; messages that are not the protocol are ignored.
"""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

import livereload
from tornado.httpserver import HTTPServer
from tornado.web import Application, HTTPError, OutputTransform, RequestHandler
from tornado.websocket import WebSocketClosedError, WebSocketHandler

HEADER_TIMEOUT_S = 10
"""A client must send a request's headers within this (and may sit idle between requests as long)."""
BODY_TIMEOUT_S = 10
MAX_HEADER_BYTES = 64 * 1024
MAX_BODY_BYTES = 64 * 1024
"""The preview takes no uploads: a request body is never needed."""
PING_INTERVAL_S = 20
"""Open pages are pinged this often; one that does not answer within this is dropped."""
MAX_MESSAGE_BYTES = 16 * 1024
"""A LiveReload message is a few hundred bytes."""

LIVERELOAD_JS = (Path(livereload.__file__).parent / "vendors" / "livereload.js").read_bytes()
RELOAD_SCRIPT = (
    # livereload's own snippet: it loads livereload.js from the host the page came from.
    b'<script>(function(){var s=document.createElement("script");'
    b'var port=(window.location.port||(window.location.protocol=="https:"?443:80));'
    b's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
    b'document.head.appendChild(s);})();</script>'
)

@dataclass(frozen=True, slots=True)
class Snapshot:
    """One build as the server answers it. Never changed: a new build is a new snapshot."""

    files: Mapping[str, bytes]
    """Output path ('index.html', 'articles/x/index.html', 'static/style.css') -> content."""
    error_page: bytes | None = None
    """Served for every page while the last build failed; `files` are then the last good build's."""

    @staticmethod
    def of(files: Mapping[str, bytes]) -> Snapshot:
        """A snapshot of a good build. An incremental build passes the last
        snapshot's files with the changed ones replaced: the rest are shared."""
        return Snapshot(MappingProxyType(dict(files)))

    def failed(self, error_page: str) -> Snapshot:
        """The last good files (so assets still load) and the error page for every page."""
        return Snapshot(self.files, error_page.encode("utf-8"))


EMPTY = Snapshot.of({})


class Preview:
    """What the handlers serve and who listens for reloads; changed only on the IOLoop thread."""

    def __init__(self, listen_host: str) -> None:
        self.snapshot = EMPTY
        self.listen_host = listen_host
        self.sockets: set[ReloadSocket] = set()

    def publish(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot  # one reference: a request holds the old one until it is done
        for page in list(self.sockets):
            page.reload()

    def allows(self, host: str | None) -> bool:
        return host_allowed(host, self.listen_host)


def host_allowed(host: str | None, listen_host: str) -> bool:
    """True for a loopback name or address, the --host value, and, when
    listening on every address, any IP address. A name that only resolves
    here (DNS rebinding) is refused."""
    if not host:
        return False
    name = host.strip().lower()
    if name.startswith("["):
        name = name[1:name.find("]")] if "]" in name else name[1:]
    elif name.count(":") == 1:
        name = name.rsplit(":", 1)[0]
    name = name.rstrip(".")
    listen = listen_host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost") or name == listen:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or listen in ("", "0.0.0.0", "::")


class _Plain(RequestHandler):
    """Errors as a plain line, never a traceback, whatever went wrong."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")


class _Refused(_Plain):
    """What a request for another host gets, whatever its path: 403 and why."""

    def prepare(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"This preview answers only to localhost, 127.0.0.1, [::1] and its --host, "
                    f"not to {self.request.headers.get('Host')!r}.\n")


class _GuardedApplication(Application):
    """Every route, the WebSocket and other modules' pages included, answers
    only requests whose Host this preview allows."""

    def __init__(self, preview: Preview, routes: list, **settings) -> None:
        super().__init__(routes, transforms=[_ReloadScript], **settings)
        self.preview = preview

    def find_handler(self, request, **kwargs):
        if not self.preview.allows(request.headers.get("Host")):
            return self.get_handler_delegate(request, _Refused, {"preview": self.preview})
        return super().find_handler(request, **kwargs)


class _ReloadScript(OutputTransform):
    """livereload's script before </head> of every HTML page served, the
    curation page's included, so each reloads after a build."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
            chunk = chunk.replace(b"</head>", RELOAD_SCRIPT + b"</head>", 1)
            if "Content-Length" in headers:
                headers["Content-Length"] = str(int(headers["Content-Length"]) + len(RELOAD_SCRIPT))
        return status_code, headers, chunk


class SiteHandler(_Plain):
    """Serves the snapshot: every response from the one snapshot current when it began."""

    def get(self, path: str) -> None:
        snapshot = self.preview.snapshot
        # Tornado has percent-decoded the path, so %2e%2e arrives here as "..".
        if _escapes(path):
            raise HTTPError(403)
        if snapshot.error_page is not None and _is_page(path):
            self._send(500, "text/html", snapshot.error_page)
            return
        key = path + "index.html" if path == "" or path.endswith("/") else path
        data = snapshot.files.get(key)
        if data is None and f"{key}/index.html" in snapshot.files:
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(f"/{path}/{query}", permanent=True)
            return
        if data is None:
            page = snapshot.files.get("404.html")
            if page is None:
                raise HTTPError(404)
            self._send(404, "text/html", page)
            return
        self._send(200, mimetypes.guess_type(key)[0] or "application/octet-stream", data)

    head = get

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        textual = content_type.startswith("text/") or content_type in (
            "application/javascript", "application/json", "application/xml", "image/svg+xml")
        self.set_status(status)
        self.set_header("Content-Type", f"{content_type}; charset=utf-8" if textual else content_type)
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(body)  # tornado adds an ETag and answers If-None-Match with 304


class ScriptHandler(_Plain):
    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.finish(LIVERELOAD_JS)


class ReloadSocket(WebSocketHandler):
    """The LiveReload protocol: hello, info, then a reload after every build."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def check_origin(self, origin: str) -> bool:
        # Only this server's own pages; a page elsewhere must not learn when files are saved.
        try:
            return self.preview.allows(urlsplit(origin).netloc)
        except ValueError:
            return False

    def on_message(self, message: str | bytes) -> None:
        try:
            command = json.loads(message).get("command")
        except (ValueError, TypeError, AttributeError, RecursionError):
            return  # not the protocol: ignored, never a traceback
        if command == "hello":
            self.write_message({"command": "hello", "serverName": "explainer",
                                "protocols": ["http://livereload.com/protocols/official-7"]})
        elif command == "info":
            self.preview.sockets.add(self)

    def reload(self) -> None:
        try:
            # path "*" asks livereload.js for a full page reload.
            self.write_message({"command": "reload", "path": "*", "liveCSS": True, "liveImg": True})
        except WebSocketClosedError:
            self.preview.sockets.discard(self)

    def on_close(self) -> None:
        self.preview.sockets.discard(self)


def _escapes(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    return path.startswith("/") or ".." in parts or "\x00" in path


def _is_page(path: str) -> bool:
    name = posixpath.basename(path)
    return name == "" or name.endswith((".html", ".htm")) or "." not in name


def make_app(preview: Preview, routes: list = ()) -> Application:
    """The preview's routes; `routes` (another module's pages) come before the site's catch-all."""
    arguments = {"preview": preview}
    return _GuardedApplication(preview, [
        (r"/livereload", ReloadSocket, arguments),
        (r"/livereload\.js", ScriptHandler, arguments),
        *routes,
        (r"/(.*)", SiteHandler, arguments),
    ], websocket_ping_interval=PING_INTERVAL_S, websocket_ping_timeout=PING_INTERVAL_S,
        websocket_max_message_size=MAX_MESSAGE_BYTES)


def listen(preview: Preview, host: str, port: int, routes: list = ()) -> HTTPServer:
    server = HTTPServer(make_app(preview, routes), idle_connection_timeout=HEADER_TIMEOUT_S,
                        body_timeout=BODY_TIMEOUT_S, max_header_size=MAX_HEADER_BYTES,
                        max_body_size=MAX_BODY_BYTES)
    server.listen(port, address=host)
    return server
