"""Atomic output: write the whole site into a staging folder, then swap it in.

A failed build never touches the previous output, and nobody (the dev
server included) ever sees half a site. Nothing is written outside the
staging folder: every path is checked before it is opened.
"""

from __future__ import annotations

import os
import posixpath
import shutil
from collections.abc import Callable, Iterable
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


class Staging:
    """The new site, written file by file into a folder beside `out`, then swapped in.

    Any process may call `write` (the build's workers write their own pages);
    `publish` and `discard` are for the one that made it."""

    shared = True

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.folder = self.out.parent / f".{self.out.name}.building-{os.getpid()}"
        self._old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
        self._made: set[Path] = set()
        """Folders made by this process (a thousand articles share three levels)."""
        shutil.rmtree(self.folder, ignore_errors=True)
        try:
            self.folder.mkdir()
        except OSError as error:
            raise OutputError(f"cannot write the site to {self.out}: {error.strerror or error}") from error

    def write(self, rel: str, data: str | bytes | Iterable[bytes]) -> None:
        """Write a file; an iterable of pieces is written piece by piece."""
        target = inside(self.folder, rel)
        try:
            if target.parent not in self._made:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(target.parent)
            if isinstance(data, (str, bytes)):
                target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
            else:
                with open(target, "wb") as file:
                    for piece in data:
                        file.write(piece)
        except OSError as error:
            raise OutputError(f"cannot write the site to {self.out}: {error.strerror or error}") from error

    def publish(self, copies: dict[str, Path] | None = None,
                before_swap: Callable[[Path], None] | None = None) -> None:
        """Copy `copies` in (relative path -> the file to copy, e.g. static
        files) and swap the staging folder for `out`.

        `before_swap(staging)` runs on the complete staging folder (the search
        index is made there), so the swapped-in site is whole, index and all."""
        out, old = self.out, self._old
        try:
            for rel, source in sorted((copies or {}).items()):
                target = inside(self.folder, rel)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
            if before_swap is not None:
                before_swap(self.folder)
            if out.exists():
                out.rename(old)
            self.folder.rename(out)
        except OSError as error:
            self.discard()
            if old.exists() and not out.exists():
                old.rename(out)
            raise OutputError(f"cannot write the site to {out}: {error.strerror or error}") from error
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def write_site(out: Path, files: dict[str, str | bytes], copies: dict[str, Path] | None = None,
               before_swap: Callable[[Path], None] | None = None) -> None:
    """Write `files` (relative path -> content), `copies` (relative path -> the
    file to copy, e.g. static files) and MARKER, then swap in.

    `before_swap(staging)` runs on the complete staging folder (the search
    index is made there), so the swapped-in site is whole, index and all."""
    files = {**files, MARKER: ""}
    staging = Staging(out)
    try:
        for rel in sorted(files):
            staging.write(rel, files[rel])
    except OutputError:
        staging.discard()
        raise
    staging.publish(copies, before_swap)


def inside(folder: Path, rel: str) -> Path:
    # The staging folder is new and ours, with no symlinks in it: a lexical
    # check is enough (resolve() costs about 70 µs a file).
    normal = posixpath.normpath(rel)
    if posixpath.isabs(normal) or normal == ".." or normal.startswith("../") or "\0" in normal:
        raise OutputError(f"refusing to write {rel!r}: it lies outside the output folder")
    return folder / normal
