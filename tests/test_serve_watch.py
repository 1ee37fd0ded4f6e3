"""The dev server's rebuild worker (serve_watch.Rebuilder): builds on request,
and between builds gives back the memory that builds froze."""

from __future__ import annotations

import gc
import shutil
import time
import weakref
from pathlib import Path

from builder import serve_watch

FIXTURE = Path(__file__).parent / "fixtures" / "serve-site"


class Node:
    pass


def test_collecting_frees_cycles_that_a_freeze_hid():
    cycle = Node()
    cycle.me = cycle
    alive = weakref.ref(cycle)
    gc.freeze()
    try:
        del cycle
        gc.collect()
        assert alive() is not None  # frozen: out of the collector's sight
        serve_watch._collect_frozen_garbage()
        assert alive() is None
    finally:
        gc.unfreeze()


def test_collecting_gives_the_free_memory_back_to_the_system(monkeypatch):
    given_back = []
    monkeypatch.setattr(serve_watch.memory, "give_back", lambda: given_back.append("collected and trimmed"))
    serve_watch._collect_frozen_garbage()
    gc.unfreeze()
    assert given_back == ["collected and trimmed"]


def test_the_worker_collects_once_after_a_quiet_spell_that_follows_a_build(tmp_path, monkeypatch):
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    collections, published = [], []
    monkeypatch.setattr(serve_watch, "IDLE_COLLECT_S", 0.3)
    monkeypatch.setattr(serve_watch, "_collect_frozen_garbage", lambda: collections.append(time.monotonic()))
    rebuilder = serve_watch.Rebuilder(root, "http://127.0.0.1:8000/",
                                      lambda outcome: published.append(time.monotonic()))
    rebuilder.start()
    try:
        time.sleep(1.0)
        assert collections == []  # nothing built yet: nothing to collect
        rebuilder.request("(start)")
        deadline = time.monotonic() + 60
        while not collections and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(published) == 1 and len(collections) == 1
        assert collections[0] - published[0] >= 0.29  # only after the quiet spell
        time.sleep(1.0)
        assert len(collections) == 1  # and once: nothing was built since
    finally:
        rebuilder.stop()
        gc.unfreeze()
