"""The search index's cost, measured (not asserted): `.venv/bin/python bench/search.py`.

Builds the project's content/ with and without the Pagefind index, several
times each, interleaved so both see the same machine load, and prints the
medians, their difference (the time indexing adds), the ratio, and the size
of the index written into pagefind/. The live preview's reload bar is a
150 ms median (bench/reload.py): when indexing alone takes longer, `serve`
builds without it.

    .venv/bin/python bench/search.py [--repeat 7] [--root DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from builder.build import build_site  # noqa: E402

RELOAD_BAR_MS = 150


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--root", type=Path, default=PROJECT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        with_index, without = [], []
        result = None
        for _ in range(args.repeat):
            for index, times in ((True, with_index), (False, without)):
                start = time.perf_counter()
                result = build_site(args.root, out=out, base_url="https://example.github.io/repo/", index=index)
                times.append(time.perf_counter() - start)
                assert result.ok, [d.format() for d in result.diagnostics]
        result = build_site(args.root, out=out, base_url="https://example.github.io/repo/")
        folder = out / "pagefind"
        files = [p for p in folder.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        first_query = sum(p.stat().st_size for p in files
                          if p.name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
                          or p.suffix in (".pagefind", ".pf_meta"))
    median_with, median_without = statistics.median(with_index) * 1000, statistics.median(without) * 1000
    added = median_with - median_without
    print(f"{result.pages} pages; build with the index {median_with:.0f} ms, without {median_without:.0f} ms "
          f"(medians of {args.repeat}, interleaved): indexing adds {added:.0f} ms, "
          f"{median_with / median_without:.1f}x the build")
    print(f"index: {len(files)} files, {size / 1024:.0f} KiB in pagefind/ "
          f"({result.search.pages} pages indexed); loaded before the first result: "
          f"about {first_query / 1024:.0f} KiB plus the index chunks and fragments a query needs")
    verdict = "builds only (serve skips it)" if added > RELOAD_BAR_MS else "could run on every save"
    print(f"reload bar {RELOAD_BAR_MS} ms median: indexing {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
