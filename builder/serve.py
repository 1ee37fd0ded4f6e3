"""`python -m builder serve`: build, serve the site from memory, rebuild and reload on every save.

The browser side is the LiveReload protocol: livereload.js (the livereload
package's copy) connects to /livereload, and after every build the server
pushes one reload to each open page. Each build is served whole from memory
(builder/serve_http.py); the watching is builder/serve_watch.py. This module
starts both, reports to the terminal and makes the error page.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import signal
import socket
import sys
import traceback
from pathlib import Path

import jinja2
from tornado.ioloop import IOLoop

from builder import curation
from builder.diagnostics import count_errors, printable
from builder.serve_http import Preview, Snapshot, listen
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
            listen(preview, host, port, curation.handlers(root))
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
