"""Atomic output: write the whole site into a staging folder, then swap it in.

A failed build never touches the previous output, and nobody (the dev
server included) ever sees half a site. Nothing is written outside the
staging folder: every path is checked before it is opened.
"""

from __future__ import annotations

import os
import posixpath
import shutil
from collections.abc import Callable
from pathlib import Path

MARKER = ".nojekyll"
"""Every build writes it; an existing folder without it was not made by us."""


class OutputError(Exception):
    """The output folder cannot be written; the message says why."""


def check_output_folder(root: Path, out: Path) -> str | None:
    """Why `out` must not be the output folder, or None if it may."""
    root, out = root.resolve(), out.resolve()
    content = root / "content"
    if out == root:
        return "the output folder cannot be the project folder itself"
    if content == out or content.is_relative_to(out):
        return f"the output folder {out} holds content/: building would delete it"
    for guarded in (content, root / "templates"):
        if out.is_relative_to(guarded):
            return f"the output folder cannot be inside {guarded.name}/"
    if out.exists() and not out.is_dir():
        return f"{out} exists and is not a folder"
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        return (f"{out} is not empty and was not built by this tool (no {MARKER}); "
                "choose another --out or empty it first")
    return None


def write_site(out: Path, files: dict[str, str | bytes], copies: dict[str, Path] | None = None,
               before_swap: Callable[[Path], None] | None = None) -> None:
    """Write `files` (relative path -> content), `copies` (relative path -> the
    file to copy, e.g. static files) and MARKER, then swap in.

    `before_swap(staging)` runs on the complete staging folder (the search
    index is made there), so the swapped-in site is whole, index and all."""
    files = {**files, MARKER: ""}
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for rel, source in sorted((copies or {}).items()):
            shutil.copyfile(source, _new_file(staging, rel))
        for rel in sorted(files):
            data = files[rel]
            _new_file(staging, rel).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if before_swap is not None:
            before_swap(staging)
        if out.exists():
            out.rename(old)
        staging.rename(out)
    except OutputError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        raise OutputError(f"cannot write the site to {out}: {error.strerror or error}") from error
    shutil.rmtree(old, ignore_errors=True)


def _new_file(staging: Path, rel: str) -> Path:
    """Where `rel` goes in the staging folder, its parent folders made."""
    target = _inside(staging, rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _inside(folder: Path, rel: str) -> Path:
    # The staging folder is new and ours, with no symlinks in it: a lexical
    # check is enough (resolve() costs about 70 µs a file).
    normal = posixpath.normpath(rel)
    if posixpath.isabs(normal) or normal == ".." or normal.startswith("../") or "\0" in normal:
        raise OutputError(f"refusing to write {rel!r}: it lies outside the output folder")
    return folder / normal
