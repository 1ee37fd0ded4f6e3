"""What each cache and shortcut saves, measured: `.venv/bin/python bench/caches.py`.

The dev server rebuilds in one process on every save, so a few things are
kept between builds. Each earns its place only by a measured saving: this
builds content/ over and over, with everything kept and with one thing
dropped at a time (interleaved, so a change in machine load hits every case
alike), and prints the median CPU time of a build and its ratio to the
baseline measured in the same run.

- the jinja2 environment (templates compiled once, not per build);
- the parsed YAML of each file text;
- the parse of each Markdown text outside article bodies (definitions,
  summaries, bodies), shared by validation and linking;
- the per-build memo of fact boxes, events, links and source lines, made
  once per entry and page depth (a memo inside one build, not between builds).

It also times the libyaml parser against PyYAML's pure-Python one, with the
same position-keeping constructors.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

import yaml

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from builder import render, yaml_loader  # noqa: E402
from builder.markdown import entry_texts  # noqa: E402
from builder.build import build_site  # noqa: E402
from builder.parts import Parts  # noqa: E402

BASE_URL = "https://example.github.io/repo/"


def _without_memo(self, kind, entry_id, prefix, make):
    return make()


CASES = {
    "everything kept": lambda: None,
    "no jinja2 environment cache": render.make_environment.cache_clear,
    "no YAML cache": yaml_loader._parse_yaml_cached.cache_clear,
    "no entry-text cache": entry_texts.parse_text.cache_clear,
    "nothing kept between builds": lambda: [drop() for drop in (
        render.make_environment.cache_clear, yaml_loader._parse_yaml_cached.cache_clear,
        entry_texts.parse_text.cache_clear)],
}


def bench_caches(root: Path, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        first = build_site(root, out=out, base_url=BASE_URL)
        assert first.ok, [d.format() for d in first.diagnostics]
        times: dict[str, list[float]] = {name: [] for name in (*CASES, "no per-build memo")}
        for _ in range(repeat):
            for name, drop in CASES.items():
                drop()
                times[name].append(_cpu(lambda: build_site(root, out=out, base_url=BASE_URL)))
            with mock.patch.object(Parts, "_once", _without_memo):
                times["no per-build memo"].append(_cpu(lambda: build_site(root, out=out, base_url=BASE_URL)))
    base = statistics.median(times["everything kept"])
    print(f"{root}: {first.pages} pages, median CPU ms of a build over {repeat} runs")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:30s} {median * 1000:6.0f} ms  x{median / base:.2f}")


def bench_libyaml(root: Path, repeat: int) -> None:
    texts = [yaml_loader.SourceText(p.name, p.read_text(encoding="utf-8"))
             for p in sorted((root / "content").glob("*.yaml"))]

    def parse_with(base: type) -> float:
        loader = yaml_loader.position_loader(base)

        def run():
            for source in texts:
                instance = loader(source.text, source, [])
                instance.get_single_data()
                instance.dispose()
        return statistics.median(_cpu(run) for _ in range(repeat))

    c_time, py_time = parse_with(yaml.CSafeLoader), parse_with(yaml.SafeLoader)
    print(f"YAML of content/*.yaml with positions: libyaml {c_time * 1000:.0f} ms, "
          f"pure Python {py_time * 1000:.0f} ms: x{py_time / c_time:.1f}")


def _cpu(function) -> float:
    start = time.process_time()
    function()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=PROJECT, help="project to build (default: this one)")
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    bench_caches(args.root, args.repeat)
    bench_libyaml(args.root, max(3, args.repeat // 4))


if __name__ == "__main__":
    main()
