"""Give back to the system the memory of a build's pages once they are written.

The search index is made by another program (Pagefind) while the builder
waits for it, so what the builder still holds then adds to the build's peak.
Freed Python objects return their memory to the C allocator, which keeps most
of it for reuse; `malloc_trim` (glibc) hands its free pages back.
"""

from __future__ import annotations

import ctypes
import gc


def give_back() -> None:
    """Collect what is garbage and return the free pages to the system, where the C library can."""
    gc.collect()
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library this process runs on
    except (OSError, AttributeError, TypeError):  # not glibc (macOS, musl, Windows)
        return
    trim(0)
