"""The manifest: which files of an output folder are ours, and which we keep.

    .explainer-build.json   {"generator": "explainer", "version": 1, "files": ["404.html", ...]}

A build lists every file it wrote; the next replaces those and keeps the rest
(a gh-pages checkout's .git, CNAME, files added by hand). A non-empty folder
without one is not ours, unless it holds only what a Pages checkout has.
"""

from __future__ import annotations

import json
import os
import posixpath
from pathlib import Path

MANIFEST = ".explainer-build.json"
MANIFEST_VERSION = 1
MARKER = ".nojekyll"
"""Written by every build, for GitHub Pages; no proof of ownership (any site may hold one)."""
KEPT_UNLISTED = (".git", ".gitignore", ".gitattributes", "CNAME", MARKER)
"""Names a GitHub Pages checkout holds besides the site; with README* and LICENSE*
they may be in a folder without a manifest, and are kept."""


class OutputError(Exception):
    """The output folder cannot be written; the message says why and what to do."""


def owned_files(out: Path) -> set[str] | None:
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
            strays = [name for name in names if name not in KEPT_UNLISTED
                      and not name.upper().startswith(("README", "LICENSE"))]
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
        detail = reason(error) if isinstance(error, OSError) else "it is not valid JSON"
        raise OutputError(f"cannot read {out / MANIFEST}: {detail}; delete the folder and "
                          "build again") from error
    listed = manifest.get("files") if isinstance(manifest, dict) else None
    if (not isinstance(listed, list) or manifest.get("version") != MANIFEST_VERSION
            or not all(isinstance(rel, str) and is_inside(rel) for rel in listed)):
        raise OutputError(f"{out / MANIFEST} is damaged or from another version; delete the "
                          "folder and build again")
    return set(listed)


def kept_entries(out: Path, new: set[str]) -> list[str]:
    """Entries of `out` that we never wrote (files, links, whole folders), to keep.

    Raises OutputError when one stands where the new build writes."""
    owned = owned_files(out)
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


def is_inside(rel: str) -> bool:
    # The staging folder is new and ours, with no symlinks in it: a lexical
    # check is enough (and resolve() per file was a tenth of a rebuild).
    normal = posixpath.normpath(rel)
    return not (posixpath.isabs(normal) or normal in (".", "..") or normal.startswith("../")
                or "\0" in normal)


def reason(error: OSError) -> str:
    """An OSError in words for a message: 'permission denied (/srv/www/.site.lock)'."""
    if isinstance(error, OSError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror.lower()}{where}"
    return str(error)
