"""Build time and memory at newsroom scale: `.venv/bin/python bench/scale.py N`.

Generates the corpus of issue 10 (bench/corpus.py: N articles of about 1,250
words, 200 glossary terms, 50 actors whose names occur in the text; "plain" is
the same articles without glossary or actors) from a seed, then runs, in
interleaved rounds (the order rotates each round):

- floor: markdown-it-py + jinja2 rendering the same Markdown into a minimal
  template, one process (bench/floor.py): the two libraries and nothing else;
- explainer-plain, explainer, and explainer --jobs 1 (when the builder has
  --jobs), each `python -m builder build` in a fresh process, and
  "explainer (no index)": the same build without the Pagefind index,
  which the peers do not make (MkDocs makes its own lunr index);
- the peers Hugo (Debian's `hugo`), Eleventy (npm `@11ty/eleventy`) and MkDocs
  (PyPI), on the plain articles with a minimal template, where installed:
  `bash scripts/install-bench-peers.sh` installs them into bench/.peers/
  (they are no test or CI dependency); a missing one is skipped and named.

It reports the median wall time, ms per page (per article), the ratio to the
floor's median in the same run, the CPU time (user + system, workers
included) and its ratio to the floor's (steadier than wall time when the
machine is shared), CPU / wall (above 1: more than one core), and the peak memory of
the whole process tree (workers included), sampled every 20 ms from /proc:
PSS (shared pages divided among the processes that share them, so forked
workers are not counted twice) and, for comparison, the plain sum of RSS.

    .venv/bin/python bench/scale.py 1000 --rounds 5
    .venv/bin/python bench/scale.py 5000 --rounds 3
    .venv/bin/python bench/scale.py 1000 --compare before=/path/to/old/checkout

`--compare LABEL=DIR` adds `explainer@LABEL`, the builder of another checkout
(e.g. `git archive <commit> | tar -x -C DIR`), run in the same rounds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
PEERS = BENCH / ".peers"
sys.path.insert(0, str(BENCH))

from corpus import write_corpus  # noqa: E402

BASE_URL = "https://example.org/scale/"


@dataclass
class Runner:
    name: str
    command: list[str]
    out: Path
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path = PROJECT
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    pss: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    failed: str = ""


# -- memory of a process tree ----------------------------------------------

def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return pids


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in kB, from smaps_rollup; zeros once the process is gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


class TreeSampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_pss = self.peak_rss = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            pss = rss = 0
            for pid in _tree(self.pid):
                p, r = _memory_kb(pid)
                pss, rss = pss + p, rss + r
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            self.done.wait(self.interval)


def run_once(runner: Runner) -> None:
    shutil.rmtree(runner.out, ignore_errors=True)
    env = dict(os.environ, **runner.env)
    began = time.perf_counter()
    process = subprocess.Popen(runner.command, cwd=runner.cwd, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeSampler(process.pid)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - began
    sampler.done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    if process.returncode != 0:
        runner.failed = f"exit {process.returncode}: {errors.strip()[-400:]}"
        return
    runner.times.append(wall)
    runner.cpu.append(usage.ru_utime + usage.ru_stime)
    runner.pss.append(sampler.peak_pss / 1024)
    runner.rss.append(sampler.peak_rss / 1024)


# -- the sites -----------------------------------------------------------------

def prepare(work: Path, articles: int, seed: int) -> tuple[Path, Path]:
    full = write_corpus(work / "full", articles, seed)
    plain = write_corpus(work / "plain", articles, seed, plain=True)
    return full, plain


def explainer(name: str, root: Path, out: Path, project: Path = PROJECT, *flags: str) -> Runner:
    return Runner(name, [sys.executable, "-m", "builder", "build", "--root", str(root),
                         "--out", str(out), "--base-url", BASE_URL, *flags], out,
                  env={"PYTHONPATH": str(project)}, cwd=project)


def explainer_without_index(name: str, root: Path, out: Path) -> Runner:
    """The same build without the Pagefind search index (build_site(index=False)):
    the peers make none, and it is most of the time and memory at scale."""
    script = ("import sys; from pathlib import Path; from builder.build import build_site; "
              f"sys.exit(0 if build_site(Path({str(root)!r}), Path({str(out)!r}), {BASE_URL!r}, "
              "index=False).ok else 1)")
    return Runner(name, [sys.executable, "-c", script], out, env={"PYTHONPATH": str(PROJECT)}, cwd=PROJECT)


def has_jobs(project: Path) -> bool:
    help_text = subprocess.run([sys.executable, "-m", "builder", "build", "--help"], cwd=project,
                               env=dict(os.environ, PYTHONPATH=str(project)),
                               capture_output=True, text=True).stdout
    return "--jobs" in help_text


def hugo(work: Path, plain: Path) -> Runner | str:
    binary = shutil.which("hugo")
    if not binary:
        return "Hugo (Debian's hugo) is not installed"
    site = work / "hugo"
    (site / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    shutil.copytree(plain / "content" / "articles", site / "content" / "articles", dirs_exist_ok=True)
    (site / "hugo.toml").write_text(
        f'baseURL = "{BASE_URL}"\ntitle = "Scale"\n'
        'disableKinds = ["taxonomy", "term", "RSS"]\n')
    (site / "layouts" / "_default" / "baseof.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · '
        '{{ .Site.Title }}</title></head><body><header><a href="{{ .Site.BaseURL }}">'
        '{{ .Site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>\n')
    (site / "layouts" / "_default" / "single.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ with .Params.author }}<p class="byline">By {{ . }}'
        '</p>{{ end }}{{ .Content }}{{ end }}\n')
    (site / "layouts" / "_default" / "list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
        '{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')
    (site / "layouts" / "index.html").write_text(
        '{{ define "main" }}<ul>{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">'
        '{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')
    out = work / "out-hugo"
    return Runner("Hugo", [binary, "--quiet", "-s", str(site), "-d", str(out)], out)


def eleventy(work: Path, plain: Path) -> Runner | str:
    binary = PEERS / "node_modules" / ".bin" / "eleventy"
    if not binary.exists():
        return "Eleventy (npm @11ty/eleventy) is not installed (scripts/install-bench-peers.sh)"
    site = work / "eleventy"
    (site / "_includes").mkdir(parents=True, exist_ok=True)
    shutil.copytree(plain / "content" / "articles", site / "articles", dirs_exist_ok=True)
    (site / "articles" / "articles.json").write_text(
        '{"layout": "page.njk", "permalink": "articles/{{ page.fileSlug }}/"}\n')
    (site / "_includes" / "page.njk").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>'
        '<body><main><h1>{{ title }}</h1>{% if author %}<p class="byline">By {{ author }}</p>{% endif %}'
        '{{ content | safe }}</main></body></html>\n')
    (site / "index.njk").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Scale</title></head><body><ul>'
        '{% for p in collections.all %}<li><a href="{{ p.url }}">{{ p.data.title }}</a></li>{% endfor %}'
        '</ul></body></html>\n')
    out = work / "out-eleventy"
    return Runner("Eleventy", [str(binary), f"--input={site}", f"--output={out}", "--quiet",
                               "--formats=md,njk"], out, cwd=site)


def mkdocs(work: Path, plain: Path) -> Runner | str:
    binary = PEERS / "mkdocs" / "bin" / "mkdocs"
    if not binary.exists():
        found = shutil.which("mkdocs")
        if not found:
            return "MkDocs (PyPI mkdocs) is not installed (scripts/install-bench-peers.sh)"
        binary = Path(found)
    site = work / "mkdocs"
    (site / "theme").mkdir(parents=True, exist_ok=True)
    shutil.copytree(plain / "content" / "articles", site / "docs" / "articles", dirs_exist_ok=True)
    (site / "docs" / "index.md").write_text("# Scale\n")
    (site / "theme" / "main.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ page.title }}</title>'
        '</head><body><main>{% if page.meta.author %}<p class="byline">By {{ page.meta.author }}</p>'
        '{% endif %}{{ page.content }}</main></body></html>\n')
    (site / "mkdocs.yml").write_text(
        f"site_name: Scale\nsite_url: {BASE_URL}\ntheme:\n  name: null\n  custom_dir: theme\n"
        "nav:\n  - index.md\n")
    out = work / "out-mkdocs"
    return Runner("MkDocs", [str(binary), "build", "--quiet", "-f", str(site / "mkdocs.yml"),
                             "-d", str(out)], out, cwd=site)


# -- report ----------------------------------------------------------------------

def report(runners: list[Runner], articles: int, rounds: int) -> str:
    floor = next((r for r in runners if r.name == "floor" and r.times), None)
    floor_median = statistics.median(floor.times) if floor else None
    floor_cpu = statistics.median(floor.cpu) if floor else None
    lines = [f"N={articles} articles, {rounds} interleaved rounds; medians "
             f"(memory: peak of the process tree, PSS and RSS sum)",
             f"{'':24} {'wall':>9} {'ms/page':>8} {'×floor':>7} {'cpu':>8} {'cpu×floor':>9} "
             f"{'cpu/wall':>8} {'PSS MB':>7} {'RSS MB':>7}  walls"]
    for r in runners:
        if not r.times:
            lines.append(f"{r.name:24} failed: {r.failed}")
            continue
        wall, cpu = statistics.median(r.times), statistics.median(r.cpu)
        ratio = f"{wall / floor_median:.2f}" if floor_median else "-"
        cpu_ratio = f"{cpu / floor_cpu:.2f}" if floor_cpu else "-"
        use = statistics.median(c / t for c, t in zip(r.cpu, r.times))
        walls = " ".join(f"{t:.1f}" for t in r.times)
        lines.append(f"{r.name:24} {wall:8.2f}s {wall * 1000 / articles:8.1f} {ratio:>7} {cpu:7.2f}s "
                     f"{cpu_ratio:>9} {use:8.2f} {statistics.median(r.pss):7.0f} "
                     f"{statistics.median(r.rss):7.0f}  [{walls}]")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=int, nargs="?", default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--only", help='comma-separated runner names to keep (e.g. "floor,explainer (no index)")')
    parser.add_argument("--compare", action="append", default=[], metavar="LABEL=DIR",
                        help="also run the builder of another checkout, as explainer@LABEL")
    parser.add_argument("--no-peers", action="store_true", help="skip Hugo, Eleventy and MkDocs")
    parser.add_argument("--work", type=Path, help="keep the corpus and outputs here")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        began = time.perf_counter()
        full, plain = prepare(work, args.articles, args.seed)
        print(f"corpus: {args.articles} articles in {work} ({time.perf_counter() - began:.1f} s)",
              file=sys.stderr)
        runners = [Runner("floor", [sys.executable, str(BENCH / "floor.py"), str(plain / "content"),
                                    str(work / "out-floor")], work / "out-floor")]
        runners.append(explainer("explainer-plain", plain, work / "out-plain"))
        runners.append(explainer("explainer", full, work / "out-full"))
        runners.append(explainer_without_index("explainer (no index)", full, work / "out-full-noindex"))
        if has_jobs(PROJECT):
            runners.append(explainer("explainer --jobs 1", full, work / "out-full-1", PROJECT, "--jobs", "1"))
        for spec in args.compare:
            label, _, folder = spec.partition("=")
            runners.append(explainer(f"explainer@{label}", full, work / f"out-{label}", Path(folder).resolve()))
        skipped = []
        if not args.no_peers:
            for make in (hugo, eleventy, mkdocs):
                made = make(work, plain)
                if isinstance(made, str):
                    skipped.append(made)
                else:
                    runners.append(made)
        if args.only:
            keep = set(args.only.split(","))
            runners = [r for r in runners if r.name in keep]
        for note in skipped:
            print(f"skipped: {note}", file=sys.stderr)
        load = os.getloadavg()
        for n in range(args.rounds):
            order = runners[n % len(runners):] + runners[:n % len(runners)]
            for runner in order:
                if not runner.failed:
                    run_once(runner)
                    print(f"  round {n + 1}: {runner.name} "
                          f"{runner.times[-1] if runner.times and not runner.failed else float('nan'):.2f} s",
                          file=sys.stderr, flush=True)
        print(report(runners, args.articles, args.rounds))
        for note in skipped:
            print(f"skipped: {note}")
        print(f"load average before / after: {load[0]:.2f} / {os.getloadavg()[0]:.2f} "
              f"on {os.cpu_count()} cores")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if all(not r.failed for r in runners) else 1


if __name__ == "__main__":
    sys.exit(main())
