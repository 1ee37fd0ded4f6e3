"""`python -m builder serve`: build, serve the output folder, rebuild and reload on every save.

The HTTP side is livereload's: its tornado application, its /livereload
WebSocket (the LiveReload protocol that livereload.js speaks) and the script
it injects before </head>. The watching is ours (builder/serve_watch.py), and
so is the moment of the reload: after every build the worker thread hands the
outcome to the IOLoop, which pushes one reload to every open page. livereload's
throttle, per-path callbacks and lost reloads never come into play because its
watcher is never started.

The site is built into a private temporary folder, in memory where the
system has one (never <root>/site, which may hold a build for publishing),
with the local address as base URL, so that every link works when served
at "/".
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import posixpath
import shutil
import signal
import socket
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop
from tornado.web import HTTPError

from builder import curation
from builder.diagnostics import count_errors
from builder.serve_watch import Outcome, Rebuilder

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


@dataclass
class Preview:
    """What the HTTP handlers serve; changed only on the IOLoop thread."""

    out: Path
    root: Path
    """The project: the curation page reads its content."""
    error_page: str | None = None
    """The error page while the last build failed, else None."""


class SiteHandler(StaticFileHandler):
    """Serves the output folder and nothing outside it; the error page while a build is broken."""

    def initialize(self, path: str, default_filename: str | None = None,
                   preview: Preview | None = None) -> None:
        super().initialize(path, default_filename)
        self.preview = preview

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-cache")

    def get_content_type(self) -> str:
        # The builder writes UTF-8; say so, as GitHub Pages does.
        content_type = super().get_content_type()
        textual = content_type.startswith("text/") or content_type in (
            "application/javascript", "application/json", "application/xml", "image/svg+xml")
        return f"{content_type}; charset=utf-8" if textual else content_type

    async def get(self, path: str, include_body: bool = True) -> None:
        # The path is already percent-decoded, so %2e%2e arrives here as "..".
        if _escapes(path):
            raise HTTPError(403)
        if self.preview.error_page is not None and _is_page(path):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.set_header("Cache-Control", "no-cache")
            self.finish(self.preview.error_page if include_body else None)
            return
        await super().get(path, include_body)

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        # Older tornado releases follow symlinks anywhere; check the real path
        # before (so a redirect reveals nothing) and after (index.html may be
        # a link) tornado's own checks.
        _inside_or_403(root, absolute_path)
        validated = super().validate_absolute_path(root, absolute_path)
        if validated is not None:
            _inside_or_403(root, validated)
        return validated

    def write_error(self, status_code: int, **kwargs) -> None:
        if status_code == 404:
            try:
                page = (Path(self.root) / "404.html").read_bytes()
            except OSError:
                pass
            else:
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                self.finish(page)
                return
        super().write_error(status_code, **kwargs)


def _escapes(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    return path.startswith("/") or ".." in parts or "\x00" in path


def _inside_or_403(root: str, path: str) -> None:
    real_root = os.path.realpath(root)
    if os.path.commonpath([real_root, os.path.realpath(path)]) != real_root:
        raise HTTPError(403)


def _is_page(path: str) -> bool:
    name = posixpath.basename(path)
    return name == "" or name.endswith((".html", ".htm")) or "." not in name


class PreviewServer(Server):
    """livereload's Server with our handler in place of its static one."""

    def __init__(self, preview: Preview) -> None:
        # A plain Watcher: livereload's (polling or pyinotify) one is never started.
        super().__init__(watcher=Watcher())
        self.preview = preview

    def get_web_handlers(self, script: bytes) -> list:
        return [*curation.handlers(self.preview.root), (r"/(.*)", SiteHandler, {
            "path": str(self.preview.out),
            "default_filename": "index.html",
            "preview": self.preview,
        })]


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Run the preview server until Ctrl-C; return the exit status."""
    root = Path(root).resolve()
    problem = _usage_problem(root, port)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    url = _address(host, port)
    workdir = _scratch_folder()
    preview = Preview(out=workdir / "site", root=root)
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
            PreviewServer(preview).application(port, host)
        except OSError as error:
            print(_listen_error(error, host, port), file=sys.stderr)
            return 2
        console = Console()
        rebuilder = Rebuilder(
            root, preview.out, url,
            publish=lambda outcome: ioloop.add_callback(_show, outcome, preview, console),
        )
        print(f"Building {root} into {preview.out} ...", file=sys.stderr, flush=True)
        rebuilder.start()
        _show(rebuilder.build(("(start)",)), preview, console)
        print(f"Watching {', '.join(rebuilder.watched)}", file=sys.stderr)
        print(f"What is left to curate: {url}{curation.PATH.lstrip('/')}", file=sys.stderr)
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
        shutil.rmtree(workdir, ignore_errors=True)


def _usage_problem(root: Path, port: int) -> str | None:
    if not (root / "content").is_dir():
        return f"{root} has no content/ folder; --root names the folder that holds it"
    if not 0 < port < 65536:
        return f"--port must be between 1 and 65535, not {port}"
    return None


def _scratch_folder() -> Path:
    """A new private folder to build into, in memory where the system has one."""
    scratch = _memory_folder()
    _remove_abandoned(Path(scratch or tempfile.gettempdir()))
    return Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=scratch))


class _QuietErrorPage(logging.Filter):
    """Drop tornado's access-log line for each view of the error page (the
    terminal already shows the diagnostics); missing files (404) still show.
    A handler that really crashes logs its own traceback besides."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.args, tuple) and record.args[:1] == (500,))


def _memory_folder() -> str | None:
    """A RAM-backed folder for the private build, when there is one: every
    build rewrites the whole site, and on tmpfs that takes ~20 ms where a
    disk takes ~120 ms (45 pages). None means the usual temporary folder."""
    for folder in (os.environ.get("XDG_RUNTIME_DIR"), "/dev/shm"):
        if folder and os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK):
            return folder
    return None


SCRATCH_PREFIX = "explainer-serve-"


def _remove_abandoned(parent: Path) -> None:
    """Remove the build folders of earlier servers that were killed outright
    (their pid is in the name), so that memory is not slowly filled."""
    for folder in parent.glob(f"{SCRATCH_PREFIX}*-*"):
        pid = folder.name[len(SCRATCH_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or not folder.is_dir():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass  # alive, under another user


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
    """On the IOLoop thread: report, switch to or from the error page, reload every open page."""
    console.report(outcome)
    result = outcome.result
    if result is None:
        preview.error_page = ERROR_PAGE.render(
            headline="the builder crashed", diagnostics=[],
            internal="".join(traceback.format_exception(outcome.error)))
    elif not result.ok:
        errors = count_errors(result.diagnostics)
        preview.error_page = ERROR_PAGE.render(
            headline=f"{errors} error{'s' if errors != 1 else ''}",
            diagnostics=result.diagnostics, internal=None)
    else:
        preview.error_page = None
    # path "*" asks livereload.js for a full page reload.
    LiveReloadHandler.reload_waiters("*")


def _cause(changed: tuple[str, ...]) -> str:
    if not changed or changed == ("(start)",):
        return ""
    shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    return f"{shown}: "


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
