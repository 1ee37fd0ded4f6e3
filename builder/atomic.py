"""Folder primitives for an atomic publish (write.py) and the search index's mirrors (search.py).

    exchange(staging, out)     both paths trade places in one system call, or False
    with locked(out, 60): ...  one writer at a time beside `out`; freed if we are killed
    remove_leftovers(out)      what killed writes left beside `out`, gone
    hard_link(source, target)  a file kept or mirrored without writing its bytes again

Linux has renameat2(RENAME_EXCHANGE) (glibc 2.28 and later, through ctypes);
elsewhere, or on a file system without it, exchange() says False and the
caller falls back to two renames, whose window remove_leftovers() repairs.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path


class Busy(Exception):
    """Another process held the lock for longer than we waited."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _load_renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one system call; False where the system or file system can't."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextlib.contextmanager
def locked(out: Path, wait_s: float) -> Iterator[None]:
    """Hold `.<name>.lock` beside the folder; the system frees the lock if we
    are killed, and the file goes when we are done. Raises Busy after `wait_s`."""
    path = out.parent / f".{out.name}.lock"
    deadline = time.monotonic() + wait_s
    while True:
        handle = open(path, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            if time.monotonic() > deadline:
                raise Busy(holder) from None
            time.sleep(0.05)
            continue
        try:
            if os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino:
                break  # the file we locked is still the lock file
        except FileNotFoundError:
            pass  # its holder removed it as we locked it: take the new one
        handle.close()
    with handle:
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            os.unlink(path)  # still locked: whoever waits on this file will see it is gone


def remove_leftovers(out: Path) -> None:
    """Remove what killed builds left beside `out`; first bring back a folder
    that a kill between the two fallback renames left moved away."""
    prefixes = (f".{out.name}.building-", f".{out.name}.old-")
    leftovers = [out.parent / name for name in os.listdir(out.parent) if name.startswith(prefixes)]
    moved_away = sorted((p for p in leftovers if p.name.startswith(prefixes[1])),
                        key=lambda p: p.stat().st_mtime_ns)
    if not os.path.lexists(out) and moved_away:
        moved_away[-1].rename(out)
        leftovers.remove(moved_away[-1])
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


def hard_link(source, target) -> None:
    """`target` as a hard link to `source` (a symbolic link is made again as one),
    or a copy where the file system has no hard links: no bytes are written twice
    where they need not be, and the source is never touched."""
    if os.path.islink(source):
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)
