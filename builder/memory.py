"""Give back to the system the memory of a build's pages once they are written.

The search index is made by another program (Pagefind) while the builder
waits for it, so what the builder still holds then adds to the build's peak.
Freed Python objects return their memory to the C allocator, which keeps most
of it for reuse; `malloc_trim` (glibc) hands its free pages back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc


def give_back() -> None:
    """Collect what is garbage and return the free pages to the system, where the C library can."""
    gc.collect()
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim
    except (OSError, AttributeError, TypeError):  # no C library by that name, or not glibc
        return
    trim(0)
