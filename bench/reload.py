"""Save-to-reload time of `python -m builder serve`.

Copies a project's content/ (and seeds/, templates/) to a temporary folder,
starts the real server on a free port, connects a LiveReload client to its
WebSocket and edits the content again and again: the article's title and the
site's title in turn, one save at a time and in rapid bursts. For each edit it
measures the time from the file write to the reload message, and checks that
the page served after the reload shows the edit. It reports median, p90 and
worst, and exits 1 if any edit was lost.

    .venv/bin/python bench/reload.py                 # the project's content
    .venv/bin/python bench/reload.py --root tests/fixtures/serve-site --edits 10
    .venv/bin/python bench/reload.py --articles 1000     # the scale corpus (bench/corpus.py)

With --articles N it builds the generated corpus of bench/scale.py instead
and makes single-article saves: the title, then a paragraph of the body, of
a different article each time.

It also reports the server's first build (its time and the peak memory of
the server and its workers, PSS sampled every 20 ms as bench/scale.py does)
and its memory while the edits run.

Our bar: median at most 150 ms, worst at most 500 ms, no edit lost; with
--articles 1000, median at most 250 ms and worst at most 600 ms (issue 10).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websocket
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from scale import TreeSampler, _memory_kb  # noqa: E402
BAR_MEDIAN_MS = 150
BAR_WORST_MS = 500
SCALE_BAR_MEDIAN_MS = 250
SCALE_BAR_WORST_MS = 600
RELOAD_TIMEOUT = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=REPO, help="project to copy (default: this repository)")
    parser.add_argument("--edits", type=int, default=30, help="single saves (default 30)")
    parser.add_argument("--spacing", type=float, default=0.4, help="seconds between single saves (default 0.4)")
    parser.add_argument("--bursts", type=int, default=5, help="bursts of rapid saves (default 5)")
    parser.add_argument("--burst-size", type=int, default=3, help="saves per burst (default 3)")
    parser.add_argument("--burst-gap", type=float, default=0.02, help="seconds between saves in a burst")
    parser.add_argument("--articles", type=int, default=0,
                        help="build the generated scale corpus of N articles and edit single articles")
    parser.add_argument("--seed", type=int, default=10, help="seed of the generated corpus")
    args = parser.parse_args()
    bar_median, bar_worst = ((SCALE_BAR_MEDIAN_MS, SCALE_BAR_WORST_MS) if args.articles
                             else (BAR_MEDIAN_MS, BAR_WORST_MS))

    with tempfile.TemporaryDirectory(prefix="bench-reload-") as scratch:
        scratch = Path(scratch)
        root = scratch / "project"
        if args.articles:
            from corpus import write_corpus

            write_corpus(root, args.articles, args.seed)
            count = args.articles
            targets = [edit(root, (n * 37) % count)
                       for n in range(args.edits + args.bursts) for edit in (ArticleTitle, ArticleBody)]
        else:
            for name in ("content", "seeds", "templates"):
                if (args.root / name).is_dir():
                    shutil.copytree(args.root / name, root / name)
            targets = [ArticleTitle(root), SiteTitle(root)]
        build_ms = plain_build_ms(root, scratch / "plain", 1 if args.articles else 3)
        global RELOAD_TIMEOUT
        RELOAD_TIMEOUT = max(RELOAD_TIMEOUT, 3 * build_ms / 1000)
        with Server(root, scratch) as server, Client(server.port) as client:
            single, single_lost = [], 0
            by_file: dict[str, list[float]] = {}
            for n in range(args.edits):
                target = targets[n % len(targets)]
                ms = measure(server, client, target, [f"edit{n:04d}"], 0.0)
                if ms is None:
                    single_lost += 1
                else:
                    single.append(ms)
                    by_file.setdefault(target.label, []).append(ms)
                time.sleep(args.spacing)
            burst, burst_lost = [], 0
            for b in range(args.bursts):
                target = targets[b % len(targets)]
                markers = [f"burst{b:02d}x{i}" for i in range(args.burst_size)]
                ms = measure(server, client, target, markers, args.burst_gap)
                if ms is None:
                    burst_lost += 1
                else:
                    burst.append(ms)
                time.sleep(args.spacing)

        rebuilds = [float(ms) for ms in re.findall(r": built \d+ pages in (\d+) ms", server.log)]
        first = re.search(r"^built \d+ pages in (\d+) ms", server.log, re.M)
    edited = (f"the title or a paragraph of one of {args.articles} articles" if args.articles
              else " and ".join(t.label for t in targets))
    print(f"save-to-reload, {args.edits} single saves {args.spacing:.1f} s apart ({edited}):")
    print("  " + summary(single, single_lost))
    if not args.articles:
        for label, times in by_file.items():
            print(f"    {label}: median {statistics.median(times):.0f} ms   worst {max(times):.0f} ms   n={len(times)}")
    if args.bursts:
        print(f"bursts ({args.bursts} x {args.burst_size} saves {args.burst_gap * 1000:.0f} ms apart, "
              "timed from the last save):")
        print("  " + summary(burst, burst_lost))
    every = single + burst
    lost = single_lost + burst_lost
    print("all edits:")
    print("  " + summary(every, lost))
    if every:
        print(f"one plain build_site of the same content: {build_ms:.0f} ms "
              f"(median save-to-reload is {statistics.median(every) / build_ms:.2f}x a build)")
        if rebuilds:
            print(f"the server's own rebuilds: median {statistics.median(rebuilds):.0f} ms over "
                  f"{len(rebuilds)}; watching, queueing and pushing add about "
                  f"{statistics.median(every) - statistics.median(rebuilds):.0f} ms")
        if first:
            print(f"the server: first build {first.group(1)} ms, peak {server.first_peak_mb:.0f} MB "
                  f"(PSS, workers included); while editing, peak {server.edits_peak_mb:.0f} MB, "
                  f"{server.end_mb:.0f} MB at the end")
        ok = statistics.median(every) <= bar_median and max(every) <= bar_worst and not lost
        print(f"bar (median <= {bar_median} ms, worst <= {bar_worst} ms, none lost): "
              f"{'PASS' if ok else 'FAIL'}")
    return 1 if lost else 0


def summary(times: list[float], lost: int) -> str:
    if not times:
        return f"no edit measured, lost {lost}"
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return (f"median {statistics.median(ordered):.0f} ms   p90 {p90:.0f} ms   "
            f"worst {ordered[-1]:.0f} ms   best {ordered[0]:.0f} ms   n={len(ordered)}   lost {lost}")


def measure(server: Server, client: Client, target, markers: list[str], gap: float) -> float | None:
    """Save once per marker; ms from the last write to the reload that shows it, or None if lost."""
    client.drain()
    for i, marker in enumerate(markers):
        if i:
            time.sleep(gap)
        written = time.perf_counter()
        target.write(marker)
    deadline = written + RELOAD_TIMEOUT
    while (left := deadline - time.perf_counter()) > 0:
        if not client.wait_reload(left):
            break
        reloaded = time.perf_counter()
        if markers[-1] in server.get(target.url):
            return (reloaded - written) * 1000
        # A reload for an earlier save of the burst: the last one must follow.
    return None


class TitleEdit:
    """Rewrites one `title:` line of a YAML mapping to `<original> <marker>`."""

    label = ""
    url = "/"

    def __init__(self, path: Path, lines_start: int, lines_end: int) -> None:
        self.path = path
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        block = lines[lines_start:lines_end]
        for i, line in enumerate(block):
            if line.startswith("title:"):
                break
        else:
            raise SystemExit(f"{path}: no title: line to edit")
        title = yaml.safe_load("".join(block))["title"]
        end = i + 1
        while end < len(block) and block[end][:1] in (" ", "\t"):
            end += 1  # a title folded over several lines
        self.before = "".join(lines[:lines_start + i])
        self.after = "".join(lines[lines_start + end:])
        self.title = str(title)

    def write(self, marker: str) -> None:
        text = f"{self.before}title: {json.dumps(f'{self.title} {marker}', ensure_ascii=False)}\n{self.after}"
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(text)


def article_path(root: Path, index: int) -> Path:
    articles = sorted((root / "content" / "articles").glob("*.md"))
    if not articles:
        raise SystemExit("no content/articles/*.md to edit")
    return articles[index % len(articles)]


class ArticleTitle(TitleEdit):
    def __init__(self, root: Path, index: int = 0) -> None:
        path = article_path(root, index)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        fences = [i for i, line in enumerate(lines) if line.strip() == "---"][:2]
        super().__init__(path, fences[0] + 1, fences[1])
        front = yaml.safe_load("".join(lines[fences[0] + 1:fences[1]]))
        self.url = f"/articles/{front.get('slug') or path.stem}/"
        self.label = path.relative_to(root).as_posix()


class ArticleBody:
    """Appends `<marker>.` to the first paragraph of an article's body."""

    def __init__(self, root: Path, index: int = 0) -> None:
        self.path = article_path(root, index)
        text = self.path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        fences = [i for i, line in enumerate(lines) if line.strip() == "---"][:2]
        front = yaml.safe_load("".join(lines[fences[0] + 1:fences[1]]))
        self.url = f"/articles/{front.get('slug') or self.path.stem}/"
        self.label = self.path.relative_to(root).as_posix() + " (body)"
        for i in range(fences[1] + 1, len(lines)):
            line = lines[i].strip()
            if line and line[0].isalpha() and (i + 1 == len(lines) or not lines[i + 1].strip()):
                break
        else:
            raise SystemExit(f"{self.path}: no paragraph line to edit")
        self.before = "".join(lines[:i]) + lines[i].rstrip("\n")
        self.after = "\n" + "".join(lines[i + 1:])

    def write(self, marker: str) -> None:
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(f"{self.before} {marker}.{self.after}")


class SiteTitle(TitleEdit):
    def __init__(self, root: Path) -> None:
        path = root / "content" / "site.yaml"
        super().__init__(path, 0, len(path.read_text(encoding="utf-8").splitlines()))
        self.url = "/"
        self.label = "content/site.yaml"


def plain_build_ms(root: Path, out: Path, repeat: int = 3) -> float:
    """One build_site of the same content, in this process (the median of `repeat`)."""
    sys.path.insert(0, str(REPO))
    from builder.build import build_site

    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = build_site(root, out=out, base_url="http://127.0.0.1:8000/")
        times.append((time.perf_counter() - began) * 1000)
        if not result.ok:
            for d in result.diagnostics:
                print(d.format(), file=sys.stderr)
            raise SystemExit("the content does not build; nothing to measure")
    return statistics.median(times)


class Server:
    def __init__(self, root: Path, logs: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.root = root
        self.logs = logs

    def __enter__(self) -> Server:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        self.stdout = self.logs / "serve.stdout"
        self.stderr = self.logs / "serve.stderr"
        with open(self.stdout, "wb") as out, open(self.stderr, "wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "builder", "serve", "--root", str(self.root),
                 "--port", str(self.port)], cwd=REPO, env=env, stdout=out, stderr=err)
        self.sampler = TreeSampler(self.process.pid)
        self.sampler.start()
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"serve exited:\n{self.stderr.read_text()}")
            if "Serving http://" in self.stdout.read_text():
                # The first build's peak; from here on, the peak while editing.
                self.first_peak_mb = self.sampler.peak_pss / 1024
                self.sampler.peak_pss = 0
                return self
            time.sleep(0.05)
        raise SystemExit("serve did not start within 600 s")

    def __exit__(self, *exc) -> None:
        self.sampler.done.set()
        self.sampler.join()
        self.edits_peak_mb = self.sampler.peak_pss / 1024
        self.end_mb = _memory_kb(self.process.pid)[0] / 1024
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log = self.stderr.read_text()
        failures = re.findall(r"^.*build failed.*$", self.log, re.M)
        if failures:
            print(f"note: {len(failures)} builds failed during the run:", failures[0], file=sys.stderr)

    def get(self, path: str) -> str:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", path)
            return connection.getresponse().read().decode("utf-8", "replace")
        finally:
            connection.close()


class Client:
    """A LiveReload client, as livereload.js is one."""

    def __init__(self, port: int) -> None:
        self.port = port

    def __enter__(self) -> Client:
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{self.port}/livereload", timeout=5)
        hello = json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})
        self.ws.send(hello)
        self.ws.recv()
        self.ws.send(json.dumps({"command": "info", "plugins": {}, "url": f"http://127.0.0.1:{self.port}/"}))
        self.ws.send(hello)  # answered only after the info is handled
        self.ws.recv()
        return self

    def __exit__(self, *exc) -> None:
        self.ws.close()

    def wait_reload(self, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while (left := deadline - time.perf_counter()) > 0:
            self.ws.settimeout(left)
            try:
                if json.loads(self.ws.recv()).get("command") == "reload":
                    return True
            except websocket.WebSocketTimeoutException:
                return False
        return False

    def drain(self) -> None:
        while self.wait_reload(0.05):
            pass


if __name__ == "__main__":
    sys.exit(main())
