"""How to publish a site folder: four designs, measured (not asserted).

    .venv/bin/python bench/publish.py                 # 1,000 pages of 30 kB
    .venv/bin/python bench/publish.py --pages 200 --runs 5

First each design replaces a site of N pages by the next version, the designs
taking turns, and the median publish time is printed with its ratio to the
two-renames baseline measured in the same run (the machine is shared and
noisy: compare ratios). Then each design publishes again while another
process reads the site as a web server would, opening the folder and reading
the home page and the stylesheet through it: reads that found no site, the
longest time without one, and reads that mixed two versions are counted.

- two renames: old folder renamed away, new one renamed in (the builder before
  #11); between the two calls there is no site, a window too short for the
  reader to hit most runs, but kills and concurrent builds did (tests/test_write.py);
- exchange: renameat2(RENAME_EXCHANGE), what builder/write.py does (with its
  manifest, lock and walk for files to keep);
- symlink swap: the output path is a symlink, replaced by rename(2);
- in place: each file written beside itself and renamed over it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from builder import atomic, write  # noqa: E402


def make_files(pages: int, version: int) -> dict[str, bytes]:
    body = (f"<!-- version {version} -->\n" + "<p>" + "word " * 6000 + "</p>\n").encode()
    files = {f"articles/a{n}/index.html": body for n in range(pages)}
    files["index.html"] = body
    files["static/style.css"] = f"/* version {version} */\n".encode() + b"p{}" * 10000
    return files


def stage(folder: Path, files: dict[str, bytes]) -> None:
    folder.mkdir()
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def two_renames(out: Path, files: dict[str, bytes]) -> None:
    staging, old = out.parent / ".building", out.parent / ".old"
    stage(staging, files)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def exchange(out: Path, files: dict[str, bytes]) -> None:
    write.write_site(out, files)


def symlink_swap(out: Path, files: dict[str, bytes]) -> None:
    target = out.parent / f".v-{time.monotonic_ns()}"
    stage(target, files)
    previous = os.readlink(out) if out.is_symlink() else None
    link = out.parent / ".link"
    link.symlink_to(target.name)
    link.rename(out)
    if previous:
        shutil.rmtree(out.parent / previous, ignore_errors=True)


def in_place(out: Path, files: dict[str, bytes]) -> None:
    out.mkdir(exist_ok=True)
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        temporary.rename(path)


DESIGNS = {"two renames": two_renames, "exchange": exchange,
           "symlink swap": symlink_swap, "in place": in_place}


def reader(out: str, stop, counts) -> None:
    """In its own process (no shared GIL), like a web server: open the site
    folder, then read the home page and the stylesheet through it."""
    reads = missing = mixed = 0
    longest_gap, gap_began = 0.0, None
    while not stop.is_set():
        reads += 1
        try:
            folder = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            missing += 1
            gap_began = gap_began or time.perf_counter()
            continue
        try:
            versions = []
            for name in ("index.html", "static/style.css"):
                handle = os.open(name, os.O_RDONLY, dir_fd=folder)
                versions.append(os.read(handle, 40).split(b"version ")[1].split(b" ")[0])
                os.close(handle)
        except OSError:
            missing += 1
            gap_began = gap_began or time.perf_counter()
            continue
        finally:
            os.close(folder)
        if gap_began is not None:
            longest_gap = max(longest_gap, time.perf_counter() - gap_began)
            gap_began = None
        mixed += versions[0] != versions[1]
    counts.extend([reads, missing, longest_gap, mixed])


def timings(pages: int, runs: int) -> dict[str, list[float]]:
    """Publish times, the designs taking turns so that a busy moment hits them all."""
    times: dict[str, list[float]] = {name: [] for name in DESIGNS}
    versions = [make_files(pages, v) for v in range(2)]
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as scratch:
        outs = {name: Path(scratch) / str(n) / "site" for n, name in enumerate(DESIGNS)}
        for name, publish in DESIGNS.items():
            outs[name].parent.mkdir()
            publish(outs[name], versions[0])
        for run in range(runs):
            for name, publish in DESIGNS.items():
                began = time.perf_counter()
                publish(outs[name], versions[(run + 1) % 2])
                times[name].append(time.perf_counter() - began)
    return times


def while_reading(name: str, pages: int, runs: int) -> list:
    """Reads that found no site, the longest time without one, and mixed reads."""
    versions = [make_files(pages, v) for v in range(2)]
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as scratch, \
            multiprocessing.Manager() as manager:
        out = Path(scratch) / "site"
        DESIGNS[name](out, versions[0])
        stop, counts = manager.Event(), manager.list()
        process = multiprocessing.Process(target=reader, args=(str(out), stop, counts))
        process.start()
        time.sleep(0.2)
        for run in range(runs):
            DESIGNS[name](out, versions[(run + 1) % 2])
        stop.set()
        process.join()
        return list(counts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    if atomic._renameat2 is None:
        print("this system has no renameat2(): 'exchange' falls back to two renames")
    times = timings(args.pages, args.runs)
    base = statistics.median(times["two renames"])
    print(f"{args.pages} pages of ~30 kB; median of {args.runs} publishes, designs taking turns;")
    print(f"then {args.runs} more publishes each while another process reads the site through")
    print("an open folder (index.html, then static/style.css), counting reads with no site and")
    print("reads that mixed two versions:")
    print(f"{'design':14} {'median':>9} {'vs base':>8} {'reads':>9} {'no site':>8} {'longest gap':>12} {'mixed':>7}")
    for name in DESIGNS:
        median = statistics.median(times[name])
        reads, missing, gap, mixed = while_reading(name, args.pages, args.runs)
        print(f"{name:14} {median * 1000:7.0f}ms {median / base:7.2f}x {reads:9d} "
              f"{missing:8d} {gap * 1e6:10.0f}µs {mixed:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
