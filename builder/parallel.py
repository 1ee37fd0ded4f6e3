"""Run one function over many items in forked worker processes, results in order.

Linking and rendering are CPU-bound Python, so threads would share one core.
Workers are forked: each starts with the parent's memory (the validated,
linked model) and gets only small items (article numbers, page names) and
sends back small results; nothing big is pickled. `jobs=1`, or too few items,
runs in this process, calling the same function: the output is the same.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_function: Callable | None = None
"""The function of the current run, inherited by the forked workers."""


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run(function: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> list[Result]:
    """[function(item) for item in items], on `jobs` processes when there is work for them."""
    jobs = min(jobs, len(items))
    if jobs <= 1 or not can_fork():
        return [function(item) for item in items]
    global _function
    _function = function
    # Objects that exist before the fork are never moved by the collector:
    # their pages stay shared with the workers instead of being copied.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            # Small batches: the big items (a 30 MB glossary) don't hold up the rest.
            chunk = max(1, len(items) // (jobs * 8))
            return pool.map(_call, items, chunksize=chunk)
    finally:
        gc.unfreeze()
        _function = None


def _call(item):
    return _function(item)
