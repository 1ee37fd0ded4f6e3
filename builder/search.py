"""Full-text search: a Pagefind index of the written site, made before the swap.

Pagefind (the PyPI packages `pagefind` and `pagefind-bin`, which ships the
binary) reads the HTML in the staging folder and writes a static index into
its `pagefind/` folder; the browser searches it with WebAssembly and asks no
other host. Only what pages mark `data-pagefind-body` is indexed (their
<main>), less what they mark `data-pagefind-ignore`. Pagefind's own user
interfaces are removed: search.js is ours.

Pagefind holds everything it indexes in memory until it writes, about 0.7 KB
a word, so one run over a newsroom's 5,000 articles peaks above 4 GB. The
pages are therefore indexed in shards, one Pagefind run after another, each
bounded by SHARD_WORDS words (search_shards.py): the first shard is the
index at `pagefind/`, the others go to `pagefind/shards/1/`, `2/`, ... (urls.search_shard), and search.js merges
them into the first (Pagefind's mergeIndex) before the first query. A site
that fits one shard, like most explainers, gets exactly the index it had
before sharding: one Pagefind run over the whole folder.

Indexing takes most of a second, several times the live preview's reload
budget, so `serve` does not index (see README, Search); `build` does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from builder import atomic, urls
from builder.diagnostics import Diagnostic
from builder.search_shards import SHARD_WORDS, pages_to_index, plan_shards

FOLDER = urls.SEARCH_INDEX_FOLDER
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
"""Pagefind's ready-made interfaces, which the site does not load."""
MERGED_UNUSED = ("pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")
"""What a merged shard does not need either: the first shard's script, worker
and WebAssembly search it (mergeIndex loads a shard's entry, meta, chunks and
fragments only)."""
SHARDS_EXPORT = "explainerShards"
"""The name under which the first shard's pagefind.js exports the other shards'
folders, when there are any (search.js reads it: no extra request)."""
MIRROR = ".pagefind-shard"
"""The folder in the staging folder that holds one shard's pages (hard links)
while Pagefind indexes them; removed afterwards."""
TIMEOUT = 300
"""Seconds for one Pagefind run (one shard)."""


class SearchError(Exception):
    """The index could not be made; the message says why."""


@dataclass(frozen=True, slots=True)
class SearchIndex:
    pages: int
    files: int
    bytes: int
    shards: int = 1


def executable() -> Path | None:
    """The Pagefind binary from pagefind-bin (through the pagefind package), or None."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    return get_executable()


def index_site(folder: Path, budget: int = SHARD_WORDS) -> SearchIndex:
    """Index the HTML under `folder` into `folder/pagefind/`, in shards of at
    most `budget` indexed words each (see the module's docstring)."""
    binary = executable()
    if binary is None:
        raise SearchError("the Python packages pagefind and pagefind-bin are not installed "
                          "(pip install 'pagefind[bin]')")
    out = folder / FOLDER
    try:
        shards = plan_shards(pages_to_index(folder), budget)
        if len(shards) <= 1:
            _run(binary, folder, out)
        else:
            _index_shards(binary, folder, shards)
    except SearchError:
        shutil.rmtree(out, ignore_errors=True)  # no index rather than one that misses pages
        raise
    except OSError as error:
        shutil.rmtree(out, ignore_errors=True)
        raise SearchError(f"cannot write the index: {error}") from error
    files = [p for p in out.rglob("*") if p.is_file()]
    pages = sum(1 for p in files if p.parent.name == "fragment")
    return SearchIndex(pages, len(files), sum(p.stat().st_size for p in files), max(len(shards), 1))


def _index_shards(binary: Path, folder: Path, shards: Sequence[Sequence[str]]) -> None:
    """One Pagefind run per shard, one after the other, each over a mirror of
    its pages; the first shard's pagefind.js lists the others' folders."""
    mirror = folder / MIRROR
    try:
        for number, shard in enumerate(shards):
            _link(folder, shard, mirror)
            out = folder / (urls.search_shard(number) if number else FOLDER)
            _run(binary, mirror, out)
            shutil.rmtree(mirror)
            if number:
                _remove(out, MERGED_UNUSED)
    finally:
        shutil.rmtree(mirror, ignore_errors=True)
    others = [urls.search_shard(number) for number in range(1, len(shards))]
    with (folder / FOLDER / "pagefind.js").open("a", encoding="utf-8") as script:
        script.write(f"\nexport const {SHARDS_EXPORT} = {json.dumps(others)};\n")


def _link(folder: Path, paths: Sequence[str], mirror: Path) -> None:
    """`mirror` holds the pages `paths` of `folder` at the same relative paths
    (so Pagefind gives them the same URLs): hard links, or copies where the
    file system has none."""
    for rel in paths:
        target = mirror / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.hard_link(folder / rel, target)


def _run(binary: Path, site: Path, out: Path) -> None:
    """One Pagefind run: the HTML under `site` indexed into `out`, less the files we don't serve."""
    try:
        done = subprocess.run(
            [str(binary), "--site", str(site), "--output-path", str(out), "--silent"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchError(f"Pagefind did not run: {error}") from error
    if done.returncode != 0 or not (out / "pagefind.js").is_file():
        message = (done.stderr or done.stdout).strip().splitlines()
        raise SearchError("Pagefind failed" + (f": {message[-1]}" if message else ""))
    _remove(out, UNUSED)
    shutil.rmtree(out / "playground", ignore_errors=True)


def _remove(folder: Path, patterns: Iterable[str]) -> None:
    for pattern in patterns:
        for path in folder.glob(pattern):
            path.unlink()


@dataclass
class Indexer:
    """write_site's step before the swap: the index made in the staging folder, or why not.

    A missing or failing Pagefind is a warning: the site works without its
    index (the search box then links to the glossary and actors). `budget`
    is a shard's indexed words (tests force several shards with a small one)."""

    budget: int = SHARD_WORDS
    made: SearchIndex | None = None
    problems: list[Diagnostic] = field(default_factory=list)

    def __call__(self, staging: Path) -> None:
        try:
            self.made = index_site(staging, self.budget)
        except SearchError as error:
            self.problems.append(Diagnostic("search", None, None, f"no search index: {error}; the search "
                                            "box links to the glossary and actors instead", "warning"))
