"""`new` and `suggest` on the Kim–Putin seed, measured: `.venv/bin/python bench/suggest.py`.

1. Time: `new` (seed -> project, with its own check) and a first `build` of
   the new project, median of several runs, against a baseline measured in
   the same run: a build of the project's curated content/ (shared machines
   are noisy; the ratio much less so). Also `suggest` on both projects.
2. Recall: `new` makes a project from the seed with nothing curated, and
   `suggest` runs on it. Of today's curated actors and glossary terms (in
   content/), how many does it find? An entry counts as found when a name or
   term suggestion, or one of its aliases, is the entry's name, term or one
   of its aliases (case and a leading "the" aside: "West" finds "the
   West"). Reported for the entries the article
   mentions (the others could not be found in it) and for all of them.
3. The top 30 suggestions, ranked as `suggest` ranks within a section (how
   often, then how early) across names, terms, claims and dates, printed for
   judging by hand: precision is an editor's judgement, not a computed figure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import yaml  # noqa: E402

from bench.build import timed  # noqa: E402
from builder.build import build_site  # noqa: E402
from builder.link import link_content  # noqa: E402
from builder.load import load_content  # noqa: E402
from builder.new import new_project  # noqa: E402
from builder.suggest import suggest  # noqa: E402
from builder.validate import validate  # noqa: E402

SEED = PROJECT / "seeds" / "000_421fdaf1a19a275d.txt"
BASE = "https://example.github.io/repo/"


def ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.0f} ms"


def bench_time(repeat: int, tmp: Path) -> Path:
    runs = iter(range(10_000))

    def new_and_build() -> None:
        root = tmp / f"kp-{next(runs)}"
        new_project(root, SEED)
        result = build_site(root, base_url=BASE)
        assert result.ok, [d.format() for d in result.diagnostics]

    def new_only() -> None:
        new_project(tmp / f"kp-{next(runs)}", SEED)

    out = tmp / "curated-site"
    build_site(PROJECT, out=out, base_url=BASE)          # warm both paths once
    new_and_build()
    baseline = timed(lambda: build_site(PROJECT, out=out, base_url=BASE), repeat)
    both = timed(new_and_build, repeat)
    alone = timed(new_only, repeat)
    fresh = tmp / "kp-0"
    suggest_new = timed(lambda: suggest(fresh), repeat)
    suggest_curated = timed(lambda: suggest(PROJECT), repeat)
    print(f"baseline: build of the curated content/  {ms(baseline)}")
    print(f"new (seed -> project)                   {ms(alone)}")
    print(f"new + first build of the new project    {ms(both)}  "
          f"({statistics.median(both) / statistics.median(baseline):.2f} x the baseline)")
    print(f"suggest on the new project              {ms(suggest_new)}")
    print(f"suggest on the curated project          {ms(suggest_curated)}")
    print(f"(median of {repeat} runs each; in-process, without Python's start-up)\n")
    return fresh


def mentioned_ids() -> set[str]:
    content, _ = validate(load_content(PROJECT), PROJECT)
    return set(link_content(content, {}).backlinks)


def _key(name: str) -> str:
    return name.casefold().removeprefix("the ")


def bench_recall(fresh: Path) -> None:
    report = suggest(fresh)
    found = set()
    for section in ("names", "terms"):
        for item in report.sections[section]:
            entry = (yaml.safe_load(item.stub) or [{}])[0]
            found |= {_key(w) for w in (item.text, *entry.get("aliases", []))}
    mentioned = mentioned_ids()
    rows = []
    for kind, key in (("actors", "name"), ("glossary", "term")):
        for entry in yaml.safe_load((PROJECT / f"content/{kind}.yaml").read_text(encoding="utf-8")):
            names = {entry[key], *entry.get("aliases", [])}
            hit = bool({_key(n) for n in names} & found)
            rows.append((kind, entry["id"], entry[key], entry["id"] in mentioned, hit))
    for kind in ("actors", "glossary"):
        in_article = [r for r in rows if r[0] == kind and r[3]]
        every = [r for r in rows if r[0] == kind]
        print(f"recall, {kind}: {sum(r[4] for r in in_article)} of the {len(in_article)} the "
              f"article mentions; {sum(r[4] for r in every)} of all {len(every)}")
    in_article = [r for r in rows if r[3]]
    print(f"recall, actors and terms the article mentions: {sum(r[4] for r in in_article)} / "
          f"{len(in_article)} = {sum(r[4] for r in in_article) / len(in_article):.0%}")
    print("missed (mentioned in the article): " + ", ".join(
        f"{r[2]}" for r in in_article if not r[4]))
    print()
    ranked = []
    for section in ("names", "terms", "claims", "dates"):
        for item in report.sections[section]:
            first = item.places[0]
            ranked.append(((-item.count, first.line, first.column), section, item))
    ranked.sort(key=lambda r: r[0])
    print("top 30 (how often, then how early), to judge by hand:")
    for n, (_, section, item) in enumerate(ranked[:30], 1):
        text = item.text if len(item.text) < 70 else item.text[:67] + "..."
        print(f"{n:2}. [{section}] {text}  x{item.count}  ({item.note})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = bench_time(args.repeat, Path(tmp))
        bench_recall(fresh)


if __name__ == "__main__":
    main()
