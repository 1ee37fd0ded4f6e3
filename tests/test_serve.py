"""`python -m builder serve`, run for real: a subprocess on a free port, a copy of
tests/fixtures/serve-site, a LiveReload client on its WebSocket, and raw HTTP
requests that no client library gets to normalise."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import websocket

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "serve-site"
ARTICLE = "content/articles/hello.md"
ARTICLE_URL = "/articles/hello/"
START_TIMEOUT = 30.0
RELOAD_TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = 5.0) -> tuple[int, str]:
    """GET with the path sent exactly as written (http.client does not normalise it)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


class Server:
    """`python -m builder serve` in a subprocess; output goes to files, not pipes."""

    def __init__(self, root: Path, logs: Path, port: int | None = None) -> None:
        self.root = root
        self.port = port or free_port()
        self.stdout_path = logs / "serve.stdout"
        self.stderr_path = logs / "serve.stderr"
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        env["PYTHONUNBUFFERED"] = "1"
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "builder", "serve", "--root", str(self.root),
                 "--port", str(self.port)],
                cwd=REPO, env=env, stdout=out, stderr=err,
            )
        return self

    def wait_until_serving(self) -> Server:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"serve exited with {self.process.returncode}:\n{self.stderr}")
            if "Serving http://" in self.stdout:
                try:
                    get(self.port, "/", timeout=2)
                    return self
                except OSError:
                    pass
            time.sleep(0.05)
        pytest.fail(f"serve did not answer within {START_TIMEOUT} s:\n{self.stderr}")

    @property
    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace")

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def stop(self) -> None:
        """Terminate (the server then removes its build folder); kill if it hangs."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


class LiveReloadClient:
    """What livereload.js does: connect, say hello, send info, wait for reloads."""

    def __init__(self, port: int) -> None:
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{port}/livereload", timeout=RELOAD_TIMEOUT)
        self._hello()
        self.ws.send(json.dumps({"command": "info", "plugins": {},
                                 "url": f"http://127.0.0.1:{port}/"}))
        # Messages are handled in order: a second hello answered means the
        # info (which registers this client for reloads) has been handled.
        self._hello()

    def _hello(self) -> None:
        self.ws.send(json.dumps({"command": "hello",
                                 "protocols": ["http://livereload.com/protocols/official-7"]}))
        assert json.loads(self.ws.recv())["command"] == "hello"

    def wait_reload(self, timeout: float = RELOAD_TIMEOUT) -> dict:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            self.ws.settimeout(left)
            try:
                message = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                break
            if message.get("command") == "reload":
                return message
        pytest.fail(f"no reload within {timeout} s")

    def reloads_until_quiet(self, quiet: float = 1.5) -> int:
        count = 0
        self.ws.settimeout(quiet)
        try:
            while True:
                if json.loads(self.ws.recv()).get("command") == "reload":
                    count += 1
        except websocket.WebSocketTimeoutException:
            return count

    def close(self) -> None:
        self.ws.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture
def server(project: Path, tmp_path: Path):
    running = Server(project, tmp_path).start()
    try:
        yield running.wait_until_serving()
    finally:
        running.stop()


@pytest.fixture
def client(server: Server):
    connected = LiveReloadClient(server.port)
    try:
        yield connected
    finally:
        connected.close()


def test_the_page_is_served_with_the_live_reload_script(server):
    status, page = get(server.port, "/")
    assert status == 200
    assert "livereload.js" in page
    status, script = get(server.port, "/livereload.js")
    assert status == 200 and "LiveReload" in script
    status, article = get(server.port, ARTICLE_URL)
    assert status == 200 and "first paragraph" in article


def test_an_edit_rebuilds_the_page_and_reloads_the_browser(server, client, project):
    edit(project / ARTICLE, "first paragraph", "edited paragraph")
    assert client.wait_reload()["command"] == "reload"
    status, page = get(server.port, ARTICLE_URL)
    assert status == 200
    assert "edited paragraph" in page and "first paragraph" not in page


def test_two_edits_a_second_apart_are_both_delivered(server, client, project):
    # livereload's own watcher would drop the second: it comes within 3 s of a reload.
    first_save = time.monotonic()
    edit(project / ARTICLE, "first paragraph", "second paragraph")
    client.wait_reload()
    assert "second paragraph" in get(server.port, ARTICLE_URL)[1]
    time.sleep(max(0.0, first_save + 1.0 - time.monotonic()))
    edit(project / ARTICLE, "second paragraph", "third paragraph")
    client.wait_reload()
    page = get(server.port, ARTICLE_URL)[1]
    assert "third paragraph" in page and "second paragraph" not in page


def test_a_burst_of_saves_coalesces_and_keeps_the_last(server, client, project):
    path = project / ARTICLE
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
    previous = "first"
    for word in words:
        edit(path, f"{previous} paragraph", f"{word} paragraph")
        previous = word
        time.sleep(0.002)
    client.wait_reload()
    reloads = 1 + client.reloads_until_quiet()
    assert reloads < len(words), f"{reloads} reloads for {len(words)} saves"
    assert "foxtrot paragraph" in get(server.port, ARTICLE_URL)[1]


def test_a_bad_edit_shows_the_error_page_and_a_fix_brings_the_site_back(server, client, project):
    actors = project / "content" / "actors.yaml"
    good = actors.read_text(encoding="utf-8")
    actors.write_text(good.replace("name: Ada Lovelace", "name: [Ada Lovelace"), encoding="utf-8")
    client.wait_reload()

    status, page = get(server.port, ARTICLE_URL)
    assert status == 500
    assert re.search(r"content/actors\.yaml:\d+:\d+: error: ", page), page
    assert "livereload.js" in page  # so the fixed site reloads by itself
    assert get(server.port, "/")[0] == 500
    assert server.process.poll() is None
    assert re.search(r"content/actors\.yaml:\d+:\d+: error: ", server.stderr)
    assert "Traceback" not in server.stderr

    actors.write_text(good, encoding="utf-8")
    client.wait_reload()
    status, page = get(server.port, ARTICLE_URL)
    assert status == 200
    assert "first paragraph" in page and "error:" not in page


def test_a_site_broken_from_the_start_is_served_as_its_error_page_until_fixed(project, tmp_path):
    actors = project / "content" / "actors.yaml"
    good = actors.read_text(encoding="utf-8")
    actors.write_text(good.replace("kind: person", "kind: robot"), encoding="utf-8")
    running = Server(project, tmp_path).start()
    try:
        running.wait_until_serving()
        status, page = get(running.port, "/")
        assert status == 500
        assert re.search(r"content/actors\.yaml:\d+:\d+: error: .*robot", page), page
        client = LiveReloadClient(running.port)
        try:
            actors.write_text(good, encoding="utf-8")
            client.wait_reload()
        finally:
            client.close()
        status, page = get(running.port, ARTICLE_URL)
        assert status == 200 and "first paragraph" in page
    finally:
        running.stop()


def test_a_template_edit_rebuilds_and_reloads(project, tmp_path):
    templates = REPO / "templates"
    if not (templates / "base.html").is_file():
        pytest.skip("the project has no templates/base.html")
    shutil.copytree(templates, project / "templates")
    running = Server(project, tmp_path).start()
    try:
        running.wait_until_serving()
        client = LiveReloadClient(running.port)
        try:
            with open(project / "templates" / "base.html", "a", encoding="utf-8") as f:
                f.write("<!-- edited-template-marker -->\n")
            client.wait_reload()
        finally:
            client.close()
        assert "edited-template-marker" in get(running.port, ARTICLE_URL)[1]
    finally:
        running.stop()


def test_an_edit_of_the_seed_an_article_names_rebuilds_and_reloads(project, tmp_path):
    paragraph = "Ada Lovelace wrote the first paragraph of this fixture, and the tests change it."
    seed = project / "seeds" / "hello.txt"
    seed.parent.mkdir()
    seed.write_text(f"Clutter the article drops\n\n{paragraph}\n", encoding="utf-8")
    edit(project / ARTICLE, "author: ada\n", "author: ada\nseed: seeds/hello.txt\n")
    running = Server(project, tmp_path).start()
    try:
        running.wait_until_serving()
        assert get(running.port, ARTICLE_URL)[0] == 200
        client = LiveReloadClient(running.port)
        try:
            edit(seed, "first paragraph", "1st paragraph")  # the article no longer matches it
            client.wait_reload()
            status, page = get(running.port, ARTICLE_URL)
            assert status == 500 and "content/articles/hello.md:" in page
            edit(seed, "1st paragraph", "first paragraph")
            client.wait_reload()
        finally:
            client.close()
        assert get(running.port, ARTICLE_URL)[0] == 200
    finally:
        running.stop()


def test_a_seed_whose_folder_comes_later_is_seen_when_it_comes(project, tmp_path):
    """The article names seeds/later/hello.txt before seeds/ exists: the page says
    so, and making the folders and the file is a save like any other."""
    paragraph = "Ada Lovelace wrote the first paragraph of this fixture, and the tests change it."
    edit(project / ARTICLE, "author: ada\n", "author: ada\nseed: seeds/later/hello.txt\n")
    running = Server(project, tmp_path).start()
    try:
        running.wait_until_serving()
        status, page = get(running.port, ARTICLE_URL)
        assert status == 500 and "seeds/later/hello.txt" in page
        client = LiveReloadClient(running.port)
        try:
            # As `mkdir -p` and a save do it: the file may come before its folder is watched.
            (project / "seeds" / "later").mkdir(parents=True)
            (project / "seeds" / "later" / "hello.txt").write_text(f"{paragraph}\n", encoding="utf-8")
            client.wait_reload()
            deadline = time.monotonic() + RELOAD_TIMEOUT
            while get(running.port, ARTICLE_URL)[0] != 200 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            client.close()
        assert get(running.port, ARTICLE_URL)[0] == 200, running.stderr
        # Watched from now on: an edit of the seed is seen like any other.
        client = LiveReloadClient(running.port)
        try:
            edit(project / "seeds" / "later" / "hello.txt", "first paragraph", "1st paragraph")
            client.wait_reload()
        finally:
            client.close()
        assert get(running.port, ARTICLE_URL)[0] == 500
    finally:
        running.stop()


@pytest.mark.parametrize("path", [
    "/../../../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/articles/../../../../../../etc/passwd",
    "//etc/passwd",
    "/..%5c..%5c..%5cetc%5cpasswd",
])
def test_a_path_outside_the_output_folder_is_refused(server, path):
    status, body = get(server.port, path)
    assert status in (400, 403, 404), (status, body[:200])
    assert "root:" not in body


def test_nothing_outside_the_project_is_served_through_a_symlink(project, tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key.txt").write_text("TOP-SECRET", encoding="utf-8")
    shutil.copytree(REPO / "templates", project / "templates")
    (project / "templates" / "static" / "leak.txt").symlink_to(secret / "key.txt")
    (project / "templates" / "static" / "leakdir").symlink_to(secret, target_is_directory=True)
    running = Server(project, tmp_path).start()
    try:
        running.wait_until_serving()
        for path in ("/static/leak.txt", "/static/leakdir/key.txt", "/static/leakdir/", "/"):
            status, body = get(running.port, path)
            assert "TOP-SECRET" not in body
        assert get(running.port, "/")[0] == 500
        assert "templates/static/leak.txt: error: it leads to" in get(running.port, "/")[1]
    finally:
        running.stop()


def test_a_missing_page_gets_the_sites_404_page(server):
    status, body = get(server.port, "/no/such/page/")
    assert status == 404
    assert "livereload.js" in body


def test_a_port_in_use_is_a_clear_message_not_a_traceback(project, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        running = Server(project, tmp_path, port=port).start()
        try:
            assert running.process.wait(timeout=START_TIMEOUT) == 2
        finally:
            running.stop()
    assert f"port {port} is already in use" in running.stderr
    assert f"--port {port + 1}" in running.stderr
    assert "Traceback" not in running.stderr


def test_ctrl_c_stops_the_server_cleanly(server):
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=10) == 0
    assert "Traceback" not in server.stderr
    assert "Stopped" in server.stderr


def test_a_folder_without_content_is_a_usage_error(tmp_path):
    running = Server(tmp_path, tmp_path).start()
    try:
        assert running.process.wait(timeout=START_TIMEOUT) == 2
    finally:
        running.stop()
    assert "no content/ folder" in running.stderr
    assert "Traceback" not in running.stderr


def test_the_error_page_escapes_every_diagnostic():
    from builder.serve import ERROR_PAGE

    class Diagnostic:
        severity = "error"

        def format(self) -> str:
            return "content/a.yaml:1:2: error: unknown id '<script>alert(1)</script>'"

    page = ERROR_PAGE.render(headline="1 error", diagnostics=[Diagnostic()], internal=None)
    assert "<script>alert" not in page
    assert "content/a.yaml:1:2: error: unknown id &#39;&lt;script&gt;" in page
    assert "</head>" in page  # where livereload injects its script
