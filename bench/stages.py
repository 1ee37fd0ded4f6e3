"""Where a build's time goes, stage by stage: `.venv/bin/python bench/stages.py N`.

Generates the corpus of bench/scale.py (bench/corpus.py, N articles, seed 10),
then builds it in this process with `--jobs 1`, so that every stage runs here
and can be timed, and prints each stage's own time (the time of the stages
it calls is taken out) and its share of the build. The floor of scale.py is
measured in the same run, so each stage is also shown as a multiple of it.

The last lines say what the build would take if a stage cost nothing: the
ceiling of any speed-up aimed at that stage alone. Issue 10 asked whether a
compiled Markdown parser would be worth it; "markdown-it's parsing" is what
such a parser could save at most (our own rules would still run in Python).

The stages are found by wrapping the builder's functions from outside, so
this script names internals: tests/test_scale.py runs it on a few articles,
so a renamed function breaks a test, not a benchmark nobody runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "bench"))

import floor  # noqa: E402
from corpus import write_corpus  # noqa: E402

from builder import build, link, produce, search, write  # noqa: E402
from builder.markdown import make_markdown  # noqa: E402

MARKDOWN_IT = {"normalize", "block", "inline", "linkify", "replacements", "smartquotes", "text_join"}
"""markdown-it's own core rules; the others (block_ids, autolink, quotes) are ours."""


class Clock:
    """Each stage's own time: a stage running inside another is taken out of the outer one."""

    def __init__(self) -> None:
        self.own: Counter[str] = Counter()
        self._stack: list[list] = []  # [stage, started, time of the stages inside]

    def wrap(self, stage: str, function, unless_inside: str | None = None):
        """`function`, timed as `stage`, or as part of `unless_inside` when that runs it."""
        def timed(*args, **kwargs):
            if unless_inside is not None and any(frame[0] == unless_inside for frame in self._stack):
                return function(*args, **kwargs)
            self._stack.append([stage, time.perf_counter(), 0.0])
            try:
                return function(*args, **kwargs)
            finally:
                name, started, inner = self._stack.pop()
                spent = time.perf_counter() - started
                self.own[name] += spent - inner
                if self._stack:
                    self._stack[-1][2] += spent
        return timed

    def patch(self, owner, attribute: str, stage: str, unless_inside: str | None = None) -> None:
        setattr(owner, attribute, self.wrap(stage, getattr(owner, attribute), unless_inside))


GATHERING = "gathering pages: actors, glossary, home, data.json"
"""Their templates and writes count here (the glossary is rendered as it is written)."""


def instrument(clock: Clock) -> None:
    clock.patch(build, "load_content", "load: read files, parse YAML")
    clock.patch(build, "validate", "validate")
    clock.patch(produce, "link_context", "link: names, targets, previews")
    clock.patch(produce, "entry_markdown", "link: names, targets, previews")
    clock.patch(produce, "link_article", "link: an article's chunks, boxes, seed")
    clock.patch(produce, "article_page", "article pages' views (notes, previews, boxes)")
    clock.patch(produce, "article_backlinks", "backlinks and snippets")
    clock.patch(produce, "merge_backlinks", "backlinks and snippets")
    clock.patch(produce._Producer, "gathering", GATHERING)
    clock.patch(produce, "render_page", "article pages' template (Jinja)", unless_inside=GATHERING)
    clock.patch(write.Staging, "write", "write article pages", unless_inside=GATHERING)
    clock.patch(write.Staging, "publish", "publish: swap in, remove the old site")
    clock.patch(search.Indexer, "__call__", "search index (Pagefind)")
    clock.patch(build, "_theme_files", "theme: stylesheet bundle, scripts")
    clock.patch(build.memory, "give_back", "give memory back before the index")
    md = make_markdown()
    for rule in md.core.ruler.__rules__:
        stage = "markdown-it's parsing" if rule.name in MARKDOWN_IT else f"our Markdown rule: {rule.name}"
        rule.fn = clock.wrap(stage, rule.fn)
    md.core.ruler.__compiled__ = {}  # the rule chains are compiled on first use: again, with the wrappers
    md.renderer.render = clock.wrap("tokens to HTML", md.renderer.render)
    link._markdown = lambda: md


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def measure(articles: int, seed: int, work: Path, index: bool) -> tuple[float, float, Clock]:
    """(the floor's median seconds over 3 runs, the build's seconds, its stages) on a fresh corpus."""
    root = write_corpus(work / "full", articles, seed)
    floor_s = statistics.median(timed(lambda: floor.main(root / "content", work / "out-floor")) for _ in range(3))
    clock = Clock()
    instrument(clock)
    started = time.perf_counter()
    result = build.build_site(root, work / "out", "https://example.org/", index=index, jobs=1)
    total = time.perf_counter() - started
    if not result.ok:
        raise SystemExit("the build failed:\n" + "\n".join(d.format() for d in result.diagnostics))
    return floor_s, total, clock


def report(articles: int, floor_s: float, total: float, clock: Clock) -> str:
    stages = clock.own.most_common()
    rest = total - sum(clock.own.values())
    lines = [f"{articles} articles, one process: build {total:.2f} s = {total / floor_s:.2f}x "
             f"the floor ({floor_s:.2f} s, median of 3 in this run)", "",
             f"{'stage':56s} {'s':>7s} {'share':>6s} {'x floor':>8s}"]
    for stage, seconds in [*stages, ("the rest (imports, setup, order, sitemap)", rest)]:
        lines.append(f"{stage:56s} {seconds:7.2f} {100 * seconds / total:5.1f}% {seconds / floor_s:8.2f}")
    lines += ["", "If a stage cost nothing, the build would take (x floor):"]
    for stage, seconds in stages[:6]:
        lines.append(f"  without {stage}: {(total - seconds) / floor_s:.2f}x")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=int, nargs="?", default=1000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--no-index", action="store_true", help="leave out the search index")
    parser.add_argument("--work", type=Path, help="keep the corpus and the outputs here")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-stages-"))
    try:
        print(report(args.articles, *measure(args.articles, args.seed, work, not args.no_index)))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
