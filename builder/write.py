"""Publish the output folder: complete, atomically, and only what is ours.

The output folder is ours only by a manifest we wrote (`.explainer-build.json`,
the list of files of the last build). A non-empty folder without one is
refused, except for the files a GitHub Pages checkout holds (`.git`, `CNAME`,
`README*`, `LICENSE*`), which are kept. In a folder with a manifest, the files
it lists are replaced and everything else (files we never wrote) is kept.

The new site is written into a staging folder beside the output folder, page
by page as a build makes them (`Staging`); what we keep is hard-linked into
it; then the two folders trade places in one `renameat2(RENAME_EXCHANGE)`
call, so a reader (or a kill) sees the old complete folder or the new
complete one, never none and never half. Where the
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
from collections.abc import Callable, Iterable, Iterator, Mapping
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
    for rel in files:
        _checked(rel)
    staging = Staging(out)
    try:
        for number, rel in enumerate(sorted(files)):
            staging.write(rel, files[rel])
            if number == len(files) // 2:
                _step("staging")
    except BaseException:
        staging.discard()
        raise
    staging.publish(before_swap)


class Staging:
    """The new site, written file by file into a folder beside `out` (under
    the lock), then swapped in by `publish`, or dropped by `discard`.

    Any process may call `write` (a build's forked workers write their own
    pages: no page is held with the others); `publish` and `discard` are for
    the one that made it."""

    shared = True

    def __init__(self, out: Path):
        self.out = Path(out).resolve()
        _writable_parent(self.out)
        self._lock = contextlib.ExitStack()
        self._lock.enter_context(_locked(self.out))
        try:
            _step("locked")
            atomic.remove_leftovers(self.out)
            _step("cleaned")
            self.folder = self.out.parent / f".{self.out.name}.building-{os.getpid()}"
            self.folder.mkdir()
            if self.out.is_dir():
                shutil.copymode(self.out, self.folder)  # a folder made readable for a web server stays so
        except OSError as error:
            self._lock.close()
            raise OutputError(f"cannot write the site to {self.out}: {reason(error)}") from error
        except BaseException:
            self._lock.close()
            raise
        self._made: set[str] = set()
        """Folders made by this process (a thousand articles share three levels)."""

    def write(self, rel: str, data: str | bytes | Iterable[bytes]) -> None:
        """Write a file; an iterable of pieces is written piece by piece."""
        normal = _checked(rel)
        if normal == MANIFEST:
            raise OutputError(f"refusing to write {MANIFEST!r}: the builder keeps that name for itself")
        parent = posixpath.dirname(normal)
        try:
            if parent and parent not in self._made:
                (self.folder / parent).mkdir(parents=True, exist_ok=True)
                self._made.add(parent)
            if isinstance(data, (str, bytes)):
                (self.folder / normal).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
            else:
                with open(self.folder / normal, "wb") as file:
                    for piece in data:
                        file.write(piece)
        except OSError as error:
            raise OutputError(f"cannot write the site to {self.out}: {reason(error)}") from error

    def publish(self, before_swap: Callable[[Path], None] | None = None) -> None:
        """Run `before_swap(staging)`, write the manifest, carry in what we
        keep, and swap the staging folder in; then release the lock."""
        try:
            if before_swap is not None:
                # A file of someone else's where a page goes is found before the
                # search index is made (about 45 s at 5,000 articles), and again after.
                kept_entries(self.out, set(_files_under(self.folder)))
                before_swap(self.folder)
            listed = _files_under(self.folder)  # the workers' pages too
            kept = kept_entries(self.out, set(listed))
            manifest = {"generator": "explainer", "version": MANIFEST_VERSION, "files": listed}
            (self.folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
            _step("staged")
            for rel in kept:
                source, target = self.out / rel, self.folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                # Kept by linking: a kill at any moment loses nothing of someone else's.
                if source.is_dir() and not source.is_symlink():
                    shutil.copytree(source, target, symlinks=True, copy_function=atomic.hard_link)
                else:
                    atomic.hard_link(source, target)
            _step("carried")
            _swap_in(self.folder, self.out)
        except OSError as error:
            raise OutputError(f"cannot write the site to {self.out}: {reason(error)}") from error
        finally:
            # After the swap this is the old site (minus the hard links of
            # what we kept); before it, an unfinished staging folder.
            self.discard()
        _step("done")

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self._lock.close()


def _step(name: str) -> None:
    """Called between the steps of a write; tests replace it to kill the process there."""


# -- staging and swapping ----------------------------------------------------

def _files_under(folder: Path) -> list[str]:
    return sorted(os.path.relpath(os.path.join(parent, name), folder).replace(os.sep, "/")
                  for parent, _, names in os.walk(folder) for name in names)


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
