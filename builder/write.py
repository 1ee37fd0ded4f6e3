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

MANIFEST = ".explainer-build.json"
MANIFEST_VERSION = 1
MARKER = ".nojekyll"
"""Written by every build, for GitHub Pages; no proof of ownership (any site may hold one)."""
KEPT_UNLISTED = (".git", ".gitignore", ".gitattributes", "CNAME", MARKER)
"""Names a GitHub Pages checkout holds besides the site; with README* and LICENSE*
they may be in a folder without a manifest, and are kept."""
LOCK_WAIT_S = 60.0
"""How long a build waits for another build into the same folder to finish."""


class OutputError(Exception):
    """The output folder cannot be written; the message says why and what to do."""


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
        _owned_files(out)
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
        kept = _kept_entries(out, set(paths))
        staging = out.parent / f".{out.name}.building-{os.getpid()}"
        try:
            _stage(staging, out, files, paths, kept, before_swap)
            _swap_in(staging, out)
        except OSError as error:
            raise OutputError(f"cannot write the site to {out}: {_reason(error)}") from error
        finally:
            # After the swap this is the old site (minus the hard links of
            # what we kept); before it, an unfinished staging folder.
            shutil.rmtree(staging, ignore_errors=True)
        _step("done")


def _step(name: str) -> None:
    """Called between the steps of a write; tests replace it to kill the process there."""


# -- ownership -----------------------------------------------------------------

def _owned_files(out: Path) -> set[str] | None:
    """What the manifest says we wrote; None for a missing or empty folder (all
    ours); an empty set for a checkout that holds only kept names. Raises
    OutputError for a folder that is not ours."""
    if not os.path.lexists(out):
        return None
    if out.is_symlink() or not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    try:
        names = sorted(os.listdir(out))
        if MANIFEST not in names:
            strays = [name for name in names if not _kept_without_manifest(name)]
            if not strays:
                return None if not names else set()
            shown = ", ".join(strays[:4]) + (f" and {len(strays) - 4} more" if len(strays) > 4 else "")
            raise OutputError(
                f"{out} is not empty and has no {MANIFEST}, so this tool did not build it "
                f"(or a version before build manifests did): nothing was written. It holds {shown}. "
                "Choose another --out, or empty the folder (a gh-pages checkout may keep .git, "
                "CNAME and README.md: they are left as they are)")
        with open(out / MANIFEST, "rb") as handle:
            manifest = json.loads(handle.read(64 * 1024 * 1024))
    except (OSError, ValueError) as error:
        detail = _reason(error) if isinstance(error, OSError) else "it is not valid JSON"
        raise OutputError(f"cannot read {out / MANIFEST}: {detail}; delete the folder and "
                          "build again") from error
    listed = manifest.get("files") if isinstance(manifest, dict) else None
    if (not isinstance(listed, list) or manifest.get("version") != MANIFEST_VERSION
            or not all(isinstance(rel, str) and _is_inside(rel) for rel in listed)):
        raise OutputError(f"{out / MANIFEST} is damaged or from another version; delete the "
                          "folder and build again")
    return set(listed)


def _kept_without_manifest(name: str) -> bool:
    return name in KEPT_UNLISTED or name.upper().startswith(("README", "LICENSE"))


def _kept_entries(out: Path, new: set[str]) -> list[str]:
    """Entries of `out` that we never wrote (files, links, whole folders), to keep.

    Raises OutputError when one stands where the new build writes."""
    owned = _owned_files(out)
    if owned is None:
        return []
    folders = _folders_of(owned) | _folders_of(new)
    kept: list[str] = []
    pending = [""]
    while pending:
        folder = pending.pop()
        with os.scandir(out / folder) as entries:
            for entry in entries:
                rel = posixpath.join(folder, entry.name)
                if rel == MANIFEST or (not owned and rel == MARKER):
                    continue
                if entry.is_dir(follow_symlinks=False) and rel in folders:
                    pending.append(rel)  # holds files of ours: look inside
                elif rel in owned and not entry.is_dir(follow_symlinks=False):
                    continue  # ours: replaced or, if no longer built, deleted
                elif rel in new or rel in folders:
                    raise OutputError(
                        f"{out / rel} was not written by this tool, and the new build writes "
                        "there: move it away and build again")
                else:
                    kept.append(rel)
    return sorted(kept)


def _folders_of(paths: set[str]) -> set[str]:
    folders = set()
    for rel in paths:
        parent = posixpath.dirname(rel)
        while parent and parent not in folders:
            folders.add(parent)
            parent = posixpath.dirname(parent)
    return folders


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
            kept = _kept_entries(out, set(listed))
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
        raise OutputError(f"cannot write the site to {out}: {_reason(error)}") from error


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
                              f"{_reason(error)}") from error


def _checked(rel: str) -> str:
    if not _is_inside(rel):
        raise OutputError(f"refusing to write {rel!r}: it lies outside the output folder")
    return posixpath.normpath(rel)


def _is_inside(rel: str) -> bool:
    # The staging folder is new and ours, with no symlinks in it: a lexical
    # check is enough (and resolve() per file was a tenth of a rebuild).
    normal = posixpath.normpath(rel)
    return not (posixpath.isabs(normal) or normal in (".", "..") or normal.startswith("../")
                or "\0" in normal)


def _reason(error: OSError) -> str:
    if isinstance(error, OSError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror.lower()}{where}"
    return str(error)
