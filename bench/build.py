"""Build speed, measured (not asserted): `.venv/bin/python bench/build.py`.

1. Builds the project's own content/ several times and prints the median.
2. Scales the auto-linker: 5,000 glossary terms against a ~240 kB article,
   our Aho-Corasick matcher against a baseline measured in the same run (a
   flat regex alternation, what a naive builder would write), as a ratio:
   shared machines are noisy, ratios much less so.
3. Builds a generated site with as many glossary terms, to show nothing
   in the pipeline grows faster than the content.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from builder.build import build_site  # noqa: E402
from builder.markdown.autolink import Name, NameMatcher  # noqa: E402


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def bench_project(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        result = build_site(PROJECT, out=out, base_url="https://example.github.io/repo/")
        assert result.ok, [d.format() for d in result.diagnostics]
        times = timed(lambda: build_site(PROJECT, out=out, base_url="https://example.github.io/repo/"), repeat)
        files = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"content/: {result.pages} pages, {files} files; build median {statistics.median(times) * 1000:.0f} ms, "
          f"best {min(times) * 1000:.0f} ms over {repeat} runs")


def bench_matcher(terms: int, repeat: int) -> None:
    rng = random.Random(42)
    words = [f"w{rng.randrange(100000)}" for _ in range(40000)]
    names = [Name(f"term {i} {words[i]}", f"t{i}", False) for i in range(terms)]
    chunks = []
    while sum(map(len, chunks)) < 240_000:
        chunks.append(" ".join(rng.choice(words) for _ in range(12)))
        if rng.random() < 0.3:
            chunks.append(rng.choice(names).text)
    text = " ".join(chunks)

    build_start = time.perf_counter()
    matcher = NameMatcher(names)
    compile_ms = (time.perf_counter() - build_start) * 1000
    ours = timed(lambda: matcher.find(text), repeat)

    flat = re.compile(r"(?<![\w'’-])(" + "|".join(re.escape(n.text) for n in
                      sorted(names, key=lambda n: -len(n.text))) + r")(?![\w'’-])", re.IGNORECASE)
    baseline = timed(lambda: flat.findall(text), max(1, repeat // 3))
    found_ours = len(matcher.find(text))
    found_flat = len(flat.findall(text))
    ratio = statistics.median(baseline) / statistics.median(ours)
    print(f"matcher: {terms} terms, {len(text) // 1000} kB text; Aho-Corasick {statistics.median(ours) * 1000:.1f} ms "
          f"(compiled once in {compile_ms:.0f} ms), flat regex baseline {statistics.median(baseline) * 1000:.1f} ms: "
          f"{ratio:.0f}x faster; matches {found_ours} vs {found_flat}")


def bench_large_site(terms: int) -> None:
    """A generated site: `terms` glossary terms, 300 actors, a 1,000-paragraph article."""
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "content" / "articles").mkdir(parents=True)
        (root / "content" / "site.yaml").write_text("title: Large\n")
        glossary = [f"- id: term-{i}\n  term: term {i} word{i}\n  definition: Definition {i}.\n"
                    for i in range(terms)]
        (root / "content" / "glossary.yaml").write_text("".join(glossary))
        actors = [f"- id: actor-{i}\n  name: Actor{i} Name\n  kind: person\n" for i in range(300)]
        (root / "content" / "actors.yaml").write_text("".join(actors))
        paragraphs = []
        for n in range(1000):
            words = [f"filler{rng.randrange(1000)}" for _ in range(40)]
            words[rng.randrange(40)] = f"term {rng.randrange(terms)} word{rng.randrange(terms)}"
            words[rng.randrange(40)] = f"Actor{rng.randrange(300)} Name"
            paragraphs.append(f"Paragraph {n} " + " ".join(words) + ".")
        (root / "content" / "articles" / "long.md").write_text(
            "---\ntitle: Long\n---\n" + "\n\n".join(paragraphs) + "\n")
        start = time.perf_counter()
        result = build_site(root, out=root / "site", base_url="https://example.org/")
        elapsed = time.perf_counter() - start
        assert result.ok, [d.format() for d in result.diagnostics[:5]]
    print(f"generated site: {terms} terms, 300 actors, 1,000 paragraphs: {result.pages} pages "
          f"in {elapsed * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--terms", type=int, default=5000)
    args = parser.parse_args()
    bench_project(args.repeat)
    bench_matcher(args.terms, args.repeat)
    bench_large_site(args.terms)


if __name__ == "__main__":
    main()
