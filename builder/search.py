"""Full-text search: a Pagefind index of the written site, made before the swap.

Pagefind (the PyPI packages `pagefind` and `pagefind-bin`, which ships the
binary) reads the HTML in the staging folder and writes a static index into
its `pagefind/` folder; the browser searches it with WebAssembly and asks no
other host. Only what pages mark `data-pagefind-body` is indexed (their
<main>). Pagefind's own user interfaces are removed: search.js is ours.

Indexing takes most of a second, several times the live preview's reload
budget, so `serve` does not index (see README, Search); `build` does.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from builder import urls
from builder.diagnostics import Diagnostic

FOLDER = urls.SEARCH_INDEX_FOLDER
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
"""Pagefind's ready-made interfaces, which the site does not load."""
TIMEOUT = 300


class SearchError(Exception):
    """The index could not be made; the message says why."""


@dataclass(frozen=True, slots=True)
class SearchIndex:
    pages: int
    files: int
    bytes: int


def executable() -> Path | None:
    """The Pagefind binary from pagefind-bin (through the pagefind package), or None."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    return get_executable()


def index_site(folder: Path) -> SearchIndex:
    """Index the HTML under `folder` into `folder/pagefind/`."""
    binary = executable()
    if binary is None:
        raise SearchError("the Python packages pagefind and pagefind-bin are not installed "
                          "(pip install 'pagefind[bin]')")
    try:
        done = subprocess.run(
            [str(binary), "--site", str(folder), "--output-subdir", FOLDER, "--silent"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchError(f"Pagefind did not run: {error}") from error
    out = folder / FOLDER
    if done.returncode != 0 or not (out / "pagefind.js").is_file():
        message = (done.stderr or done.stdout).strip().splitlines()
        raise SearchError("Pagefind failed" + (f": {message[-1]}" if message else ""))
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(out / "playground", ignore_errors=True)
    files = [p for p in out.rglob("*") if p.is_file()]
    pages = sum(1 for p in (out / "fragment").glob("*")) if (out / "fragment").is_dir() else 0
    return SearchIndex(pages, len(files), sum(p.stat().st_size for p in files))


@dataclass
class Indexer:
    """write_site's step before the swap: the index made in the staging folder, or why not.

    A missing or failing Pagefind is a warning: the site works without its
    index (the search box then links to the glossary and actors)."""

    made: SearchIndex | None = None
    problems: list[Diagnostic] = field(default_factory=list)

    def __call__(self, staging: Path) -> None:
        try:
            self.made = index_site(staging)
        except SearchError as error:
            self.problems.append(Diagnostic("search", None, None, f"no search index: {error}; the search "
                                            "box links to the glossary and actors instead", "warning"))
