"""`python -m builder serve`: build, serve the site from memory, rebuild and reload on every save.

Every build becomes a `Snapshot`: the whole output, path -> bytes, never
changed once made. The server holds one snapshot at a time and swaps it by
reference on the IOLoop thread, so a request is answered entirely from one
build (an old page or a new one, never a 404 for a page both have, never a
truncated body), and nothing is written to disk. An incremental rebuild makes
its snapshot from the last one: unchanged files are the same bytes objects.

The browser side is the LiveReload protocol: livereload.js (the livereload
package's copy) connects to /livereload, and after every build the server
pushes one reload to each open page. The watching is builder/serve_watch.py.

Only this machine's pages may talk to the server: the Host header must be a
loopback name or address, or the --host value (a guard against DNS
rebinding), and the WebSocket's Origin must be one of those too. Slow or
silent clients are cut off by header, body and idle timeouts.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import json
import logging
import mimetypes
import posixpath
import signal
import socket
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

import jinja2
import livereload
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.web import Application, HTTPError, RequestHandler
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from builder.diagnostics import count_errors, printable
from builder.serve_watch import Outcome, Rebuilder

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

ERROR_PAGE = jinja2.Environment(autoescape=True).from_string("""\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed: {{ headline }}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #fff6f5; color: #1f1f1f; }
main { max-width: 60rem; margin: 3rem auto; padding: 0 1.5rem; }
h1 { color: #b3261e; font-size: 1.6rem; margin: 0 0 .5rem; }
ol { padding: 0; list-style: none; }
li { margin: .4rem 0; padding: .5rem .75rem; background: #fff; border-left: 4px solid #b3261e; }
li.warning { border-left-color: #c98a00; }
code, pre { font: 14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
            white-space: pre-wrap; overflow-wrap: anywhere; }
</style>
</head>
<body>
<main>
<h1>The site did not build: {{ headline }}</h1>
<p>Fix the file and save; this page reloads by itself and the site comes back.</p>
<ol>
{%- for d in diagnostics %}
<li class="{{ d.severity }}"><code>{{ d.format() }}</code></li>
{%- endfor %}
</ol>
{%- if internal %}
<p>The builder itself failed (a bug, not your content):</p>
<pre>{{ internal }}</pre>
{%- endif %}
</main>
</body>
</html>
""")


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


class _Guarded(RequestHandler):
    """Answers only requests addressed to this server (the Host check)."""

    preview: Preview

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def prepare(self) -> None:
        host = self.request.headers.get("Host")
        if not self.preview.allows(host):
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(f"This preview answers only to localhost, 127.0.0.1, [::1] and its --host, "
                        f"not to {host!r}.\n")

    def write_error(self, status_code: int, **kwargs) -> None:
        # A plain line, never a traceback, whatever went wrong.
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")


class SiteHandler(_Guarded):
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
        if content_type == "text/html":
            body = body.replace(b"</head>", RELOAD_SCRIPT + b"</head>", 1)
        textual = content_type.startswith("text/") or content_type in (
            "application/javascript", "application/json", "application/xml", "image/svg+xml")
        self.set_status(status)
        self.set_header("Content-Type", f"{content_type}; charset=utf-8" if textual else content_type)
        self.set_header("Cache-Control", "no-cache")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.finish(body)  # tornado adds an ETag and answers If-None-Match with 304


class ScriptHandler(_Guarded):
    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.finish(LIVERELOAD_JS)


class ReloadSocket(WebSocketHandler):
    """The LiveReload protocol: hello, info, then a reload after every build."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def prepare(self) -> None:
        if not self.preview.allows(self.request.headers.get("Host")):
            raise HTTPError(403)

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


def make_app(preview: Preview) -> Application:
    settings = {"websocket_ping_interval": PING_INTERVAL_S, "websocket_ping_timeout": PING_INTERVAL_S,
                "websocket_max_message_size": MAX_MESSAGE_BYTES}
    arguments = {"preview": preview}
    return Application([
        (r"/livereload", ReloadSocket, arguments),
        (r"/livereload\.js", ScriptHandler, arguments),
        (r"/(.*)", SiteHandler, arguments),
    ], **settings)


def listen(preview: Preview, host: str, port: int) -> HTTPServer:
    server = HTTPServer(make_app(preview), idle_connection_timeout=HEADER_TIMEOUT_S,
                        body_timeout=BODY_TIMEOUT_S, max_header_size=MAX_HEADER_BYTES,
                        max_body_size=MAX_BODY_BYTES)
    server.listen(port, address=host)
    return server


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Run the preview server until Ctrl-C; return the exit status."""
    root = Path(root).resolve()
    problem = _usage_problem(root, port)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    url = _address(host, port)
    preview = Preview(host)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    ioloop = IOLoop.current()
    rebuilder = None
    previous_handler = signal.signal(signal.SIGTERM, _interrupt)
    access_log = logging.getLogger("tornado.access")
    quiet = _QuietErrorPage()
    access_log.addFilter(quiet)
    try:
        try:
            listen(preview, host, port)
        except OSError as error:
            print(_listen_error(error, host, port), file=sys.stderr)
            return 2
        console = Console()
        rebuilder = Rebuilder(
            root, url, publish=lambda outcome: ioloop.add_callback(_show, outcome, preview, console))
        print(f"Building {root} ...", file=sys.stderr, flush=True)
        rebuilder.start()
        _show(rebuilder.build(("(start)",)), preview, console)
        print(f"Watching {', '.join(rebuilder.watched)}", file=sys.stderr)
        print(f"Serving {url} (Ctrl-C to stop)", flush=True)
        loop.run_forever()
        return 0
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        access_log.removeFilter(quiet)
        if rebuilder is not None:
            rebuilder.stop()
        ioloop.close(all_fds=True)
        asyncio.set_event_loop(None)


def _usage_problem(root: Path, port: int) -> str | None:
    if not (root / "content").is_dir():
        return f"{root} has no content/ folder; --root names the folder that holds it"
    if not 0 < port < 65536:
        return f"--port must be between 1 and 65535, not {port}"
    return None


class _QuietErrorPage(logging.Filter):
    """Drop tornado's access-log line for each view of the error page (the
    terminal already shows the diagnostics); missing files (404) still show."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.args, tuple) and record.args[:1] == (500,))


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


class Console:
    """Terminal reports: every error of every failed build, each warning once."""

    def __init__(self) -> None:
        self.warned: set[str] = set()
        self.failing = False

    def report(self, outcome: Outcome) -> None:
        cause = _cause(outcome.changed)
        ms = f"{outcome.seconds * 1000:.0f} ms"
        if outcome.result is None:
            print(f"{cause}build crashed after {ms} (a builder bug, not your content):",
                  file=sys.stderr)
            traceback.print_exception(outcome.error, file=sys.stderr)
            self.failing = True
            return
        result = outcome.result
        for d in result.diagnostics:
            line = d.format()
            if d.severity == "error":
                print(line, file=sys.stderr)
            elif line not in self.warned:
                self.warned.add(line)
                print(line, file=sys.stderr)
        if result.ok:
            again = " (fixed)" if self.failing else ""
            print(f"{cause}built {result.pages} pages in {ms}{again}", file=sys.stderr, flush=True)
        else:
            errors = count_errors(result.diagnostics)
            print(f"{cause}build failed with {errors} error(s) in {ms}; the browser shows them "
                  "and the server keeps running", file=sys.stderr, flush=True)
        self.failing = not result.ok


def _show(outcome: Outcome, preview: Preview, console: Console) -> None:
    """On the IOLoop thread: report, swap in the new snapshot, reload every open page."""
    console.report(outcome)
    result = outcome.result
    current = preview.snapshot
    if result is None:
        snapshot = current.failed(ERROR_PAGE.render(
            headline="the builder crashed", diagnostics=[],
            internal="".join(traceback.format_exception(outcome.error))))
    elif not result.ok:
        errors = count_errors(result.diagnostics)
        snapshot = current.failed(ERROR_PAGE.render(
            headline=f"{errors} error{'s' if errors != 1 else ''}",
            diagnostics=result.diagnostics, internal=None))
    else:
        snapshot = Snapshot.of(result.files)
    preview.publish(snapshot)


def _cause(changed: tuple[str, ...]) -> str:
    if not changed or changed == ("(start)",):
        return ""
    shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    return f"{printable(shown)}: "


def _address(host: str, port: int) -> str:
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"  # listening everywhere; loopback is one of them
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def _listen_error(error: OSError, host: str, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"error: port {port} is already in use on {host}; try --port {port + 1}"
    if error.errno == errno.EACCES:
        return f"error: no permission to listen on port {port}; try a port above 1023, e.g. --port 8000"
    if isinstance(error, socket.gaierror):
        return f"error: cannot listen on host {host!r}: no such address"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"error: cannot listen on host {host!r}: not an address of this machine"
    return f"error: cannot listen on {host}:{port}: {error.strerror or error}"
