"""Watch a project's inputs and rebuild the site once per burst of saves.

This replaces livereload's own watcher, which polls every 0.8 s, runs its
callback once per changed path, sends no reload when the callback raises and
drops a change that comes within 3 s of the last reload. Here inotify events
(via watchfiles) are gathered into one set of pending paths; a single worker
thread takes the whole set, builds once and hands the outcome on. Builds never
overlap: whatever is saved during a build is pending when it ends, so exactly
one more build follows and it includes the last save.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from builder import memory
from builder.build import BuildResult, preview_site
from builder.incremental import Memo
from builder.read import is_editor_junk

DEBOUNCE_MS = 300
"""The longest a steady stream of saves is gathered into one build."""
STEP_MS = 8
"""A burst of saves ends after this much quiet (an editor's save is a few events)."""
READY_MS = 100
"""Watchers wake this often with nothing to report; the first wake-up shows
that their inotify watches are in place."""
READY_TIMEOUT_S = 10.0
POLL_MS = 50
"""Only where inotify fails: how often the folders are scanned instead."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One finished build, as the worker hands it on."""

    result: BuildResult | None
    """None when the build raised (a builder bug, never bad content)."""
    changed: tuple[str, ...]
    """What set the build off: paths relative to the root, in sorted order."""
    seconds: float
    error: BaseException | None = None


class _Watcher(threading.Thread):
    """One watchfiles watcher over a fixed list of folders."""

    def __init__(self, name: str, folders: list[Path], *, recursive: bool,
                 accept: Callable[[watchfiles.Change, str], bool],
                 deliver: Callable[[set[tuple[watchfiles.Change, str]]], None]) -> None:
        super().__init__(name=name, daemon=True)
        self.folders = folders
        self.recursive = recursive
        self.accept = accept
        self.deliver = deliver
        self.ready = threading.Event()
        self._stop = threading.Event()

    def run(self) -> None:
        try:
            self._watch(force_polling=None)
        except FileNotFoundError:
            pass  # the folder is gone; the root's watcher sees it come back
        except Exception as error:  # e.g. the system's limit of inotify watches
            print(f"warning: cannot watch {self._names} with inotify ({error}); "
                  "polling instead", file=sys.stderr)
            try:
                self._watch(force_polling=True)
            except Exception as error:
                print(f"warning: cannot watch {self._names} ({error}); saves there are "
                      "not seen until serve is restarted", file=sys.stderr)
        finally:
            self.ready.set()

    def _watch(self, force_polling: bool | None) -> None:
        for changes in watchfiles.watch(
            *self.folders, watch_filter=self.accept, recursive=self.recursive,
            debounce=DEBOUNCE_MS, step=STEP_MS, rust_timeout=READY_MS,
            yield_on_timeout=True, stop_event=self._stop, raise_interrupt=False,
            force_polling=force_polling, poll_delay_ms=POLL_MS,
        ):
            self.ready.set()
            if changes:
                self.deliver(changes)

    @property
    def _names(self) -> str:
        return ", ".join(str(folder) for folder in self.folders)

    def start_and_wait(self) -> _Watcher:
        self.start()
        self.ready.wait(READY_TIMEOUT_S)
        return self

    def stop(self) -> None:
        self._stop.set()


class Rebuilder:
    """Keeps the site of `root` built (in memory): watches, coalesces, builds, reports.

    `publish` is called from the worker thread after every build.
    """

    def __init__(self, root: Path, base_url: str, publish: Callable[[Outcome], None]) -> None:
        self.root = root
        self.base_url = base_url
        self.publish = publish
        self._pending: dict[str, None] = {}  # an ordered set
        self._wake = threading.Condition()
        self._stopping = False
        self._worker = threading.Thread(target=self._work, name="rebuild", daemon=True)
        self._building = threading.Lock()  # the first build runs outside the worker
        self._swap = threading.Lock()  # one watcher restart at a time
        self._tree: _Watcher | None = None
        self._flat: _Watcher | None = None
        self._seeds: frozenset[Path] = frozenset()
        self._default_filter = watchfiles.DefaultFilter()
        self.memo = Memo()
        """What the last builds made; each build re-does only what the changes touch."""

    # -- what is watched -------------------------------------------------

    @property
    def _trees(self) -> list[Path]:
        """content/ and templates/, watched recursively."""
        return [self.root / name for name in ("content", "templates")
                if (self.root / name).is_dir()]

    def _flat_folders(self) -> list[Path]:
        """The root itself (so content/ or templates/ appearing is seen) and the
        folders of the seed files, each watched without its subfolders. A seed's
        folder that does not exist yet is watched through its nearest folder that
        does, so that its coming is seen (one missing folder would stop the
        whole watcher)."""
        return sorted({self.root} | {self._nearest_folder(seed.parent) for seed in self._seeds})

    def _nearest_folder(self, folder: Path) -> Path:
        while folder != self.root and self.root in folder.parents and not folder.is_dir():
            folder = folder.parent
        return folder

    def _accept_tree(self, change: watchfiles.Change, path: str) -> bool:
        return self._default_filter(change, path) and not is_editor_junk(os.path.basename(path))

    def _accept_flat(self, change: watchfiles.Change, path: str) -> bool:
        p = Path(path)
        return p in self._seeds or self._is_tree_root(p) or self._on_the_way_to_a_seed(p)

    def _on_the_way_to_a_seed(self, path: Path) -> bool:
        """A folder that holds a seed, deep down: its coming or going changes what to watch."""
        return path != self.root and any(path in seed.parents for seed in self._seeds)

    def _is_tree_root(self, path: Path) -> bool:
        return path.parent == self.root and path.name in ("content", "templates")

    def start(self) -> None:
        """Begin watching; return once every watch is in place.

        Called before the first build, so that a save made during it is seen.
        """
        self._tree = _Watcher("watch-tree", self._trees, recursive=True,
                              accept=self._accept_tree, deliver=self._deliver).start_and_wait()
        self._flat = _Watcher("watch-flat", self._flat_folders(), recursive=False,
                              accept=self._accept_flat, deliver=self._deliver).start_and_wait()
        self._worker.start()

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        for watcher in (self._tree, self._flat):
            if watcher is not None:
                watcher.stop()
        if self._worker.is_alive():
            self._worker.join(timeout=5)

    @property
    def watched(self) -> list[str]:
        """What is watched, for the terminal: folders with a slash, then seed files."""
        names = [f"{p.relative_to(self.root).as_posix()}/" for p in self._trees]
        names += sorted(p.relative_to(self.root).as_posix() for p in self._seeds)
        return names

    # -- changes in, builds out ------------------------------------------

    def _deliver(self, changes: Iterable[tuple[watchfiles.Change, str]]) -> None:
        # An editor's temporary file, created and renamed away within the
        # burst, is no reason worth reporting.
        added = {path for change, path in changes if change == watchfiles.Change.added}
        paths = sorted({self._relative(Path(path)) for change, path in changes
                        if os.path.lexists(path) or path not in added})
        paths = paths or sorted({self._relative(Path(path)) for _, path in changes})
        structural = any(self._is_tree_root(Path(path)) for _, path in changes)
        seed_folders = any(self._on_the_way_to_a_seed(Path(path)) for _, path in changes)
        self.request(*paths)
        if structural or seed_folders:
            # content/ or templates/, or a folder on the way to a seed, was
            # created, removed or replaced: the inotify watches on the old
            # folder are gone. Watch afresh, then build again, since a save
            # inside the new folder may have come before its watch.
            if structural:
                self._restart_tree()
            if seed_folders:
                self._restart_flat()
            self.request("(watched folders changed)")

    def request(self, *reasons: str) -> None:
        """Ask for a build; all requests made before the build starts share it."""
        with self._wake:
            for reason in reasons:
                self._pending[reason] = None
            self._wake.notify()

    def _work(self) -> None:
        garbage_due = False
        while True:
            with self._wake:
                asked = self._wake.wait_for(lambda: bool(self._pending) or self._stopping,
                                            IDLE_COLLECT_S if garbage_due else None)
                if self._stopping:
                    return
                changed = tuple(self._pending)
                self._pending.clear()
            if not asked:  # quiet for a while after a build
                _collect_frozen_garbage()
                garbage_due = False
                continue
            outcome = self.build(changed)
            garbage_due = True
            with self._wake:
                superseded = bool(self._pending)
            if superseded and not (outcome.result and outcome.result.ok):
                # A save landed during a failed build (often an editor's
                # half-written file): the next build reports, so the browser
                # does not flash an error page that is already out of date.
                continue
            self.publish(outcome)

    def build(self, changed: tuple[str, ...] = ()) -> Outcome:
        """Build once, now, in the calling thread."""
        with self._building:
            began_ns = time.time_ns()
            began = time.perf_counter()
            try:
                self.memo.forget(changed)
                # Workers are forked for the first build only: later builds
                # re-do little, and this process has threads by then.
                jobs = None if changed == ("(start)",) else 1
                result = preview_site(self.root, self.base_url, jobs=jobs, memo=self.memo)
                # What the memo keeps lives long: out of the collector's sight, a
                # rebuild at 1,000 articles took a third less time.
                gc.freeze()
            except Exception as error:  # a builder bug: report it, keep serving
                self.memo.clear()  # whatever it made may be half done
                return Outcome(None, changed, time.perf_counter() - began, error)
            outcome = Outcome(result, changed, time.perf_counter() - began)
            seeds = {self._absolute(p) for p in result.watch_paths}
            if not result.ok:
                # A build that stops early reads fewer seeds (or none): keep
                # watching the ones a good build read, rather than churn.
                seeds |= self._seeds
            self._follow_seeds(seeds, began_ns)
            return outcome

    def _follow_seeds(self, seeds: set[Path], began_ns: int) -> None:
        seeds = frozenset(p for p in seeds if not any(p.is_relative_to(t) for t in self._trees))
        if seeds == self._seeds:
            return
        self._seeds = seeds  # the flat watcher's filter reads this at once
        if self._flat is None or self._flat_folders() == self._flat.folders:
            return
        self._restart_flat()
        # A seed in a newly watched folder that was saved after this build
        # began may have been missed; build again if so.
        if any(self._mtime_ns(seed) >= began_ns - 50_000_000 for seed in seeds):
            self.request("(seed files changed)")

    def _restart_tree(self) -> None:
        with self._swap:
            old = self._tree
            self._tree = _Watcher("watch-tree", self._trees, recursive=True,
                                  accept=self._accept_tree, deliver=self._deliver).start_and_wait()
            if old is not None:
                old.stop()

    def _restart_flat(self) -> None:
        # The new watcher is in place before the old one stops: no gap.
        with self._swap:
            old = self._flat
            self._flat = _Watcher("watch-flat", self._flat_folders(), recursive=False,
                                  accept=self._accept_flat, deliver=self._deliver).start_and_wait()
            if old is not None:
                old.stop()

    # -- paths -----------------------------------------------------------

    def _absolute(self, path: Path) -> Path:
        path = Path(path)
        return Path(os.path.abspath(path if path.is_absolute() else self.root / path))

    def _relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    @staticmethod
    def _mtime_ns(path: Path) -> int:
        try:
            return path.stat().st_mtime_ns
        except OSError:
            return time.time_ns()  # gone: treat as just changed


IDLE_COLLECT_S = 30.0
"""Quiet time after a build before the collector looks at what builds froze:
rarely between one editor's saves (the pass took 306 ms at 1,000 articles)."""


def _collect_frozen_garbage() -> None:
    """Builds freeze what they keep (Rebuilder.build), so reference cycles that
    later saves dropped are never collected (about 70 objects per save on the
    Kim-Putin site). Collect them while nobody waits, give the free memory
    back to the system, then freeze what lives on. At 1,000 articles, 200
    saves took the server from 250 to 350 MB; after the quiet spell a
    collection alone left it at 354 MB, and with the trim at 244 MB."""
    gc.unfreeze()
    memory.give_back()
    gc.freeze()
