"""The one rule for every file the builder reads, and what text may hold.

    read_bytes(root / "content/articles/a.md", root)  -> the file's bytes, or ReadError:
        "it leads to /etc/passwd, outside the project folder /work/site: ..."

A file is read only if it is a regular file, inside the project folder once
symlinks are resolved, and not too large; it is opened so that a FIFO or a
device can't block or flood the build. Content, seeds, templates and static
assets all come through here. Text is decoded once: UTF-16, a NUL byte or
bad UTF-8 is an error at its position, and other control characters become
U+FFFD with a warning, so none reaches the HTML.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from builder.diagnostics import Diagnostic

MAX_TEXT_BYTES = 16 * 1024 * 1024
"""The largest content file, template or seed the builder reads."""
MAX_ASSET_BYTES = 100 * 1024 * 1024
"""The largest static asset: GitHub Pages refuses larger files."""

_JUNK = re.compile(r"""
    ^\.\#          # Emacs lock file (a dangling symlink while a file is edited)
  | ^\#.*\#$       # Emacs auto-save
  | ~$              # backup copies (Emacs, Vim, gedit)
  | ^\..+\.sw[a-p]$ # Vim swap files
  | ^4913$          # Vim's probe that a folder is writable
  | ^\.DS_Store$ | ^\._ | ^Thumbs\.db$ | ^desktop\.ini$ | ^\.directory$   # Finder, Windows, KDE
  | ___jb_(tmp|old)___$ | ^\.goutputstream-   # JetBrains and gedit safe-save files
""", re.X)


def is_editor_junk(name: str) -> bool:
    """Files that editors and operating systems leave beside the real ones: never read."""
    return bool(_JUNK.search(name))


class ReadError(Exception):
    """Why a file cannot be read, without its path (the diagnostic adds it)."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def read_bytes(path: Path, inside: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The one way the builder reads a file.

    It must be a regular file, inside `inside` once symlinks are resolved, and
    at most `limit` bytes. It is opened without blocking, so a FIFO or a device
    is refused rather than waited on or read forever.
    """
    outside = leads_outside(path, inside)
    if outside:
        raise ReadError(outside)
    real = os.path.realpath(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_NOCTTY | os.O_CLOEXEC
    try:
        fd = os.open(real, flags)
    except FileNotFoundError:
        if os.path.islink(path):
            raise ReadError(f"it is a symbolic link to {os.readlink(path)}, which does not exist") from None
        raise ReadError("the file does not exist") from None
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise ReadError("it is a socket, not a file") from None
        raise ReadError(f"cannot read file: {(error.strerror or str(error)).lower()}") from None
    try:
        info = os.fstat(fd)
        for test, kind in _KINDS:
            if test(info.st_mode):
                raise ReadError(f"it is {kind}, not a file")
        if info.st_size > limit:
            raise ReadError(f"the file is {_size(info.st_size)}; a file may have at most {_size(limit)}")
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise ReadError(f"the file is larger than {_size(limit)}, the most a file may have")
        return b"".join(chunks)
    except OSError as error:
        raise ReadError(f"cannot read file: {(error.strerror or str(error)).lower()}") from None
    finally:
        os.close(fd)


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def read_text(path: Path, rel: str, diagnostics: list[Diagnostic], inside: Path) -> str | None:
    """UTF-8 text with BOM removed, line endings made `\\n` and control
    characters neutralised, or None if unreadable."""
    try:
        data = read_bytes(path, inside)
    except ReadError as error:
        diagnostics.append(Diagnostic(rel, None, None, str(error)))
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
        diagnostics.append(Diagnostic(rel, 1, 1, "the file is UTF-16, not UTF-8: save it as UTF-8"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        good = data[:error.start].decode("utf-8-sig", errors="replace")
        line, column = position(good, len(good))
        diagnostics.append(Diagnostic(
            rel, line, column,
            f"file is not UTF-8 (byte 0x{data[error.start]:02x}): save it as UTF-8"))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        line, column = position(text, text.index("\0"))
        diagnostics.append(Diagnostic(rel, line, column, "a NUL character (byte 0x00) is in the "
                                      "text: the file is damaged or not text; delete it"))
        return None
    return neutralise(text, rel, diagnostics)


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 text without a byte-order mark: ASCII letters with a zero byte beside each."""
    sample = data[:4096]
    return len(sample) >= 4 and max(sample[0::2].count(0), sample[1::2].count(0)) > len(sample) // 4


def read_assets(folder: Path, inside: Path, rel: str,
                diagnostics: list[Diagnostic]) -> dict[str, bytes]:
    """Every file under `folder` (the static assets), by path relative to it.

    The read rule holds for each file; a symlinked folder is followed only
    while it stays inside `inside`, and each real folder is entered once.
    """
    found: dict[str, bytes] = {}
    seen: set[str] = set()
    pending = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        real = os.path.realpath(current)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as error:
            diagnostics.append(Diagnostic(f"{rel}/{prefix}".rstrip("/"), None, None,
                                          f"cannot read folder: {(error.strerror or str(error)).lower()}"))
            continue
        for entry in entries:
            if is_editor_junk(entry.name):
                continue
            name = prefix + entry.name
            if entry.is_dir():  # follows a symlink: checked just below
                outside = leads_outside(Path(entry.path), inside)
                if outside:
                    diagnostics.append(Diagnostic(f"{rel}/{name}", None, None, outside))
                    continue
                pending.append((Path(entry.path), name + "/"))
                continue
            try:
                found[name] = read_bytes(Path(entry.path), inside, MAX_ASSET_BYTES)
            except ReadError as error:
                diagnostics.append(Diagnostic(f"{rel}/{name}", None, None, str(error)))
    return dict(sorted(found.items()))


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Characters that have no place in text: C0 controls but tab and line breaks,
DEL, C1 controls, and lone surrogates. Shown as U+FFFD where they occur."""


def neutralise(text: str, path: str, diagnostics: list[Diagnostic],
               where: tuple[int, int] | None = None) -> str:
    """`text` with each control character replaced by U+FFFD, and one warning
    that points at the first (at `where`, or found in `text`)."""
    found = CONTROL.search(text)
    if found is None:
        return text
    line, column = where or position(text, found.start())
    count = len(CONTROL.findall(text))
    also = f" (and {count - 1} more)" if count > 1 else ""
    diagnostics.append(Diagnostic(
        path, line, column, f"control character U+{ord(found.group()):04X}{also} is shown as "
        "\ufffd: delete it (text has no use for it)", "warning"))
    return CONTROL.sub("\ufffd", text)


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset into `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def leads_outside(folder: Path, inside: Path) -> str | None:
    """Why a folder (content/, templates/) may not be read: it resolves outside `inside`."""
    real, home = os.path.realpath(folder), os.path.realpath(inside)
    if os.path.commonpath([home, real]) != home:
        return f"it leads to {real}, outside the project folder {home}: the builder reads nothing outside it"
    return None


def read_seeds(root: Path, paths: Iterable[str], diagnostics: list[Diagnostic]) -> dict[str, str]:
    """Seed path (relative to the root, validated) -> its text; a seed that
    can't be read is reported once and left out (not checked paragraph by paragraph)."""
    seeds: dict[str, str] = {}
    for path in dict.fromkeys(paths):
        text = read_text(root / path, path, diagnostics, root)
        if text is not None:
            seeds[path] = text
    return seeds
