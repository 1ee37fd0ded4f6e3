"""Publish the output folder: complete, atomically, and only what is ours.

The output folder is ours only by a manifest we wrote (`.explainer-build.json`,
the list of files of the last build). A non-empty folder without one is
refused, except for the files a GitHub Pages checkout holds (`.git`, `CNAME`,
`README*`, `LICENSE*`), which are kept. In a folder with a manifest, the files
it lists are replaced and everything else (files we never wrote) is kept.

The new site is written into a staging folder beside the output folder; what
we keep is hard-linked into it; then the two folders trade places in one
`renameat2(RENAME_EXCHANGE)` call, so a reader (or a kill) sees the old
complete folder or the new complete one, never none and never half. Where the
system cannot exchange, the old folder is renamed away and the new one renamed
in: a window of two system calls, repaired on the next start. A lock beside the
folder (`.<name>.lock`) serialises builds into it, and each build first removes
what killed builds left (`.<name>.building-*`, `.<name>.old-*`).

Nothing is written outside the staging folder: every path is checked before
it is opened.
"""

from __future__ import annotations

import contextlib
import json
import os
import posixpath
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from builder import atomic
from builder.manifest import (MANIFEST, MANIFEST_VERSION, MARKER, OutputError, is_inside,
                              kept_entries, owned_files, reason)

LOCK_WAIT_S = 60.0
"""How long a build waits for another build into the same folder to finish."""


def check_output_folder(root: Path, out: Path) -> str | None:
    """Why `out` must not be the output folder, or None if it may (checked again when writing)."""
    root, out = root.resolve(), out.resolve()
    content = root / "content"
    if out == root:
        return "the output folder cannot be the project folder itself"
    if content == out or content.is_relative_to(out):
        return f"the output folder {out} holds content/: building would delete it"
    for guarded in (content, root / "templates"):
        if out.is_relative_to(guarded):
            return f"the output folder cannot be inside {guarded.name}/"
    try:
        owned_files(out)
        _writable_parent(out, create=False)
    except OutputError as error:
        return str(error)
    return None


def write_site(out: Path, files: Mapping[str, str | bytes],
               before_swap: Callable[[Path], None] | None = None) -> None:
    """Replace the output folder by `files` (relative path -> content) and
    MARKER, atomically.

    `before_swap(staging)` runs on the complete staging folder (the search
    index is made there), so the swapped-in site is whole, index and all; the
    files it makes are ours and in the manifest. Raises OutputError, with the
    previous folder left complete, when it can't.
    """
    files = {**files, MARKER: ""}
    out = Path(out).resolve()
    paths = {_checked(rel): rel for rel in files}
    if MANIFEST in paths:
        raise OutputError(f"refusing to write {MANIFEST!r}: the builder keeps that name for itself")
    _writable_parent(out)
    with _locked(out):
        _step("locked")
        atomic.remove_leftovers(out)
        _step("cleaned")
        kept = kept_entries(out, set(paths))
        staging = out.parent / f".{out.name}.building-{os.getpid()}"
        try:
            _stage(staging, out, files, paths, kept, before_swap)
            _swap_in(staging, out)
        except OSError as error:
            raise OutputError(f"cannot write the site to {out}: {reason(error)}") from error
        finally:
            # After the swap this is the old site (minus the hard links of
            # what we kept); before it, an unfinished staging folder.
            shutil.rmtree(staging, ignore_errors=True)
        _step("done")


def _step(name: str) -> None:
    """Called between the steps of a write; tests replace it to kill the process there."""


# -- staging and swapping ----------------------------------------------------

def _stage(staging: Path, out: Path, files: Mapping[str, str | bytes], paths: dict[str, str],
           kept: list[str], before_swap: Callable[[Path], None] | None) -> None:
    staging.mkdir()
    if out.is_dir():
        shutil.copymode(out, staging)  # a folder made readable for a web server stays so
    made: set[str] = set()
    for number, normal in enumerate(sorted(paths)):
        parent = posixpath.dirname(normal)
        if parent and parent not in made:
            (staging / parent).mkdir(parents=True, exist_ok=True)
            made.add(parent)
        data = files[paths[normal]]
        (staging / normal).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if number == len(paths) // 2:
            _step("staging")
    listed = sorted(paths)
    if before_swap is not None:
        before_swap(staging)
        listed = _files_under(staging)
        if len(listed) > len(paths):  # what it made may stand where a file we keep does
            kept = kept_entries(out, set(listed))
    manifest = {"generator": "explainer", "version": MANIFEST_VERSION, "files": listed}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    _step("staged")
    for rel in kept:
        source, target = out / rel, staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir() and not source.is_symlink():
            shutil.copytree(source, target, symlinks=True, copy_function=_hard_link)
        else:
            _hard_link(source, target)
    _step("carried")


def _files_under(folder: Path) -> list[str]:
    return sorted(os.path.relpath(os.path.join(parent, name), folder).replace(os.sep, "/")
                  for parent, _, names in os.walk(folder) for name in names)


def _hard_link(source, target) -> None:
    """Keep a file of someone else's by linking it: a kill at any moment loses nothing."""
    if os.path.islink(source):
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    try:
        with atomic.locked(out, LOCK_WAIT_S):
            yield
    except atomic.Busy as busy:
        raise OutputError(f"another build ({busy.holder}) has been writing to {out} for over "
                          f"{LOCK_WAIT_S:.0f} s; try again when it has finished") from None
    except OSError as error:
        raise OutputError(f"cannot write the site to {out}: {reason(error)}") from error


def _swap_in(staging: Path, out: Path) -> None:
    if not os.path.lexists(out):
        staging.rename(out)
        _step("swapped")
        return
    if os.path.ismount(out):
        raise OutputError(f"{out} is a mount point and cannot be swapped; "
                          f"build into a folder inside it, e.g. --out {out / 'site'}")
    if atomic.exchange(staging, out):
        _step("swapped")
        return
    # No atomic exchange here: two renames, and the next build repairs a kill between them.
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(old)
    _step("moved-away")
    try:
        staging.rename(out)
    except OSError:
        old.rename(out)
        raise
    _step("swapped")
    old.rename(staging)  # removed with the staging folder


# -- paths -----------------------------------------------------------------------

def _writable_parent(out: Path, *, create: bool = True) -> None:
    """Make the folder `out` lives in (or, with create=False, only see that
    it could be made), or say clearly why it can't be."""
    parent = out.parent
    existing = parent
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"cannot write the site to {out}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write the site to {out}: the folder {existing} is read-only "
                          "for this user (the build writes beside the output folder, then swaps)")
    if create:
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot write the site to {out}: cannot make {parent}: "
                              f"{reason(error)}") from error


def _checked(rel: str) -> str:
    if not is_inside(rel):
        raise OutputError(f"refusing to write {rel!r}: it lies outside the output folder")
    return posixpath.normpath(rel)
