"""`serve` under stress and abuse: one consistent build per response, only its
own pages, timeouts for silent clients, and no traceback for junk.

Everything here talks to 127.0.0.1 only, and every loop is bounded in count
and time and stops by itself.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import threading
import time

import pytest
import websocket

from builder.serve_http import HEADER_TIMEOUT_S, host_allowed
from tests.test_serve import (ARTICLE, ARTICLE_URL, FIXTURE, LiveReloadClient, Server,  # noqa: F401
                              client, edit, get, project, server)


def get_with_host(port: int, host: str, path: str = "/") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


# -- who may ask ----------------------------------------------------------------

@pytest.mark.parametrize("host, listening, allowed", [
    ("127.0.0.1:8000", "127.0.0.1", True),
    ("localhost:8000", "127.0.0.1", True),
    ("LOCALHOST.", "127.0.0.1", True),
    ("preview.localhost:8000", "127.0.0.1", True),
    ("[::1]:8000", "::1", True),
    ("127.0.0.2", "127.0.0.1", True),
    ("evil.example:8000", "127.0.0.1", False),  # DNS rebinding: a name that resolves here
    ("127.0.0.1.evil.example", "127.0.0.1", False),
    ("", "127.0.0.1", False),
    ("192.168.1.20:8000", "127.0.0.1", False),
    ("192.168.1.20:8000", "0.0.0.0", True),  # listening everywhere: any address, still no names
    ("evil.example", "0.0.0.0", False),
    ("devbox.lan:8000", "devbox.lan", True),  # the --host value
])
def test_the_host_rule(host, listening, allowed):
    assert host_allowed(host, listening) is allowed


def test_a_request_for_another_host_name_is_refused(server):
    status, body = get_with_host(server.port, "evil.example:%d" % server.port)
    assert status == 403 and "answers only to localhost" in body
    assert get_with_host(server.port, "localhost:%d" % server.port)[0] == 200
    assert get_with_host(server.port, "evil.example", "/livereload.js")[0] == 403


def test_a_page_elsewhere_cannot_open_the_reload_socket(server):
    url = f"ws://127.0.0.1:{server.port}/livereload"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(url, origin="http://evil.example", timeout=5)
    assert refused.value.status_code == 403
    with pytest.raises(websocket.WebSocketBadStatusException):
        websocket.create_connection(url, origin="null", timeout=5)
    own = websocket.create_connection(url, origin=f"http://localhost:{server.port}", timeout=5)
    own.close()


def test_there_is_no_reload_control_for_other_pages(server, client):
    status, _ = get(server.port, "/forcereload")
    assert status == 404
    assert client.reloads_until_quiet(quiet=0.5) == 0


# -- junk and silence ---------------------------------------------------------------

def test_junk_on_the_websocket_is_ignored_without_a_traceback(server, client):
    raw = websocket.create_connection(f"ws://127.0.0.1:{server.port}/livereload", timeout=5)
    for junk in ["not json", "[1, 2]", '"hello"', "{}", '{"command": 7}', "[" * 5000 + "]" * 5000]:
        raw.send(junk)
    raw.send_binary(b"\xff\xfe\x00binary")
    raw.send(json.dumps({"command": "hello"}))
    assert json.loads(raw.recv())["command"] == "hello", "the socket still speaks the protocol"
    raw.send("x" * 100_000)  # over the message limit: the server closes this socket
    raw.close()
    edit(server.root / ARTICLE, "first paragraph", "after the junk paragraph")
    client.wait_reload()
    assert "after the junk paragraph" in get(server.port, ARTICLE_URL)[1]
    assert "Traceback" not in server.stderr
    assert "Error" not in server.stderr


def wait_closed(sock: socket.socket, deadline: float) -> float | None:
    """Seconds until the server closes `sock`, or None if it is still open at `deadline`."""
    began = time.monotonic()
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            if sock.recv(4096) == b"":
                return time.monotonic() - began
        except (TimeoutError, socket.timeout):
            return None
        except ConnectionResetError:
            return time.monotonic() - began
    return None


# -- one build per response, under load -----------------------------------------

SOAK_SECONDS = 12.0  # longer than the header timeout, which a slow client meets meanwhile
SOAK_CLIENTS = 16
SOAK_MAX_REQUESTS = 2_000  # per client: the loop is bounded in count as well as time
EDIT_EVERY_S = 0.25


def test_soak_every_page_is_whole_and_found_while_the_site_rebuilds(server, project):
    pages = ["/", ARTICLE_URL, "/actors/", "/actors/ada/", "/glossary/", "/timeline/",
             "/facts/", "/sources/", "/static/style.css", "/static/explainer.js", "/robots.txt"]
    for page in pages:
        assert get(server.port, page)[0] == 200, page
    builds_before = server.stderr.count(" pages in ")

    slow = socket.create_connection(("127.0.0.1", server.port))
    slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the blank line
    began = time.monotonic()
    stop = threading.Event()
    counts = {"ok": 0}
    problems: list[str] = []
    lock = threading.Lock()

    def fetch(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            for i in range(SOAK_MAX_REQUESTS):
                if stop.is_set():
                    return
                path = pages[(number + i) % len(pages)]
                try:
                    connection.request("GET", path)
                    response = connection.getresponse()
                    body = response.read()
                except http.client.IncompleteRead as error:
                    with lock:
                        problems.append(f"{path}: truncated ({len(error.partial)} bytes)")
                    connection.close()
                    continue
                except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                    # A keep-alive connection the server closed while idle: a
                    # browser asks again on a new one, and so do we.
                    connection.close()
                    continue
                problem = None
                if response.status != 200:
                    problem = f"{path}: {response.status}"
                elif int(response.getheader("Content-Length")) != len(body):
                    problem = f"{path}: {len(body)} bytes of {response.getheader('Content-Length')}"
                elif response.getheader("Content-Type").startswith("text/html") and \
                        not body.rstrip().endswith(b"</html>"):
                    problem = f"{path}: the page does not end"
                with lock:
                    if problem:
                        problems.append(problem)
                    else:
                        counts["ok"] += 1
        finally:
            connection.close()

    def save() -> None:
        site_yaml = project / "content" / "site.yaml"
        good = site_yaml.read_text(encoding="utf-8")
        n = 0
        while time.monotonic() - began < SOAK_SECONDS:
            site_yaml.write_text(good.replace("Serve fixture", f"Serve fixture {n}"), encoding="utf-8")
            n += 1
            time.sleep(EDIT_EVERY_S)
        stop.set()

    workers = [threading.Thread(target=fetch, args=(n,)) for n in range(SOAK_CLIENTS)]
    editor = threading.Thread(target=save)
    for thread in (*workers, editor):
        thread.start()
    editor.join(SOAK_SECONDS + 10)
    stop.set()
    for thread in workers:
        thread.join(30)

    closed_after = wait_closed(slow, began + HEADER_TIMEOUT_S + 10)
    slow.close()
    builds = server.stderr.count(" pages in ") - builds_before
    assert not problems, f"{len(problems)} bad responses, e.g. {problems[:5]}"
    assert counts["ok"] > 200, counts
    assert builds >= 5, f"only {builds} rebuilds during the soak"
    assert closed_after is not None, "a client that never finished its headers was not cut off"
    assert "Traceback" not in server.stderr
    assert "less than Content-Length" not in server.stderr


# -- special and junk files under a running serve ---------------------------------

def test_a_fifo_under_serve_is_an_error_and_later_saves_still_rebuild(server, client, project):
    fifo = project / "content" / "articles" / "pipe.md"
    os.mkfifo(fifo)
    client.wait_reload()
    status, page = get(server.port, ARTICLE_URL)
    assert status == 500 and "content/articles/pipe.md: error: it is a named pipe (FIFO), not a file" in page
    fifo.unlink()
    client.wait_reload()
    assert get(server.port, ARTICLE_URL)[0] == 200
    edit(project / ARTICLE, "first paragraph", "saved after the pipe")
    client.wait_reload()
    assert "saved after the pipe" in get(server.port, ARTICLE_URL)[1]


def test_an_editors_lock_file_does_not_break_the_preview(server, client, project):
    lock = project / "content" / "articles" / ".#hello.md"
    lock.symlink_to("user@host.4242:1700000000")  # what Emacs makes while a file is edited
    edit(project / ARTICLE, "first paragraph", "edited under a lock")
    client.wait_reload()
    status, page = get(server.port, ARTICLE_URL)
    assert status == 200 and "edited under a lock" in page
    assert not re.search(r"\.#hello\.md", server.stderr)
