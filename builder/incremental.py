"""What the dev server keeps between builds, so that a save re-does only what it changed.

    memo = Memo()
    build_site(root, out, base_url, memo=memo)       # the first build: everything
    memo.forget(["content/articles/a.md"])           # what the watcher saw change
    build_site(root, out, base_url, memo=memo)       # re-reads that file, re-renders what it touches

Every cached result is keyed on everything it depends on, so a build with a
memo writes the bytes a cold build writes:

- file texts, until the watcher names the file; YAML parses, by their text;
- what validation read of each file whose parse is the same (validation_cache.py);
- the `world`: every entry, the site settings and base URL, the newest
  article's date. While it stays the same, the link context (names the
  matcher finds, link targets, quotes) and the entries' rendered Markdown
  are kept, and so is each article's result (its links and page) as long as
  the article and its seed are the same (the quotes an article holds are
  checked on every build, since an earlier article may take one over);
- each article's result has a random version: the backlinks it gives a
  list and its card on the home page are kept per version;
- the dependency map: a page that gathers articles is rendered again only
  when an article it shows changed (pages.stale_pages: the home page and
  data.json list every article, the glossary and actor pages show the
  entries an article mentions or names), or a quote moved;
- data.json's records, by the entry or article and where its quote stands;
- a digest of every output file, so only files whose bytes changed are
  written and files no longer built are removed.

A change to anything else (templates, a folder appearing) forgets it all:
the next build renders everything, and still writes only what changed.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from builder.load import LoadCache
from builder.validation_cache import ValidationCache
from builder.write import OutputError, inside


CONTENT_SUFFIXES = (".md", ".yaml", ".yml")  # the files under content/ a build reads


@dataclass
class ArticleMemo:
    article: object
    seed: str | None
    done: object
    """produce.ArticleDone, without its files, its `placed` as if the article came first."""
    own: frozenset[str]
    """The quotes its written page holds."""


@dataclass
class Memo:
    load: LoadCache = field(default_factory=LoadCache)
    validation: ValidationCache = field(default_factory=ValidationCache)
    world: tuple | None = None
    links: tuple | None = None
    """(link context, the entries' rendered Markdown) of that world."""
    articles: dict[str, ArticleMemo] = field(default_factory=dict)
    """Slug -> the article's last result."""
    backlinks: tuple[dict, dict] | None = None
    """The merged backlinks of the last build, and how many each entry has."""
    placements: dict | None = None
    """Where each quote stood."""
    multi: bool = False
    """Whether there were several articles (backlinks then name theirs)."""
    fragments: dict[bytes, dict] = field(default_factory=dict)
    """Article version -> its fragments (fragments.py), HTML by what it is."""
    blocks: dict[tuple, tuple] = field(default_factory=dict)
    """Backlinks lists and glossary terms (fragments.py): key -> (what it shows, its HTML)."""
    records: dict = field(default_factory=dict)
    """data.json: (entry or article, where its quote stands) -> its record as JSON."""
    outputs: dict[str, bytes] = field(default_factory=dict)
    """Output path -> digest of the bytes the last good build wrote there."""

    def forget(self, changed: Iterable[str]) -> None:
        """Drop what the changed paths (relative to the root) may have made stale."""
        for rel in changed:
            name = posixpath.basename(rel)
            if rel.startswith("content/") and name.endswith(CONTENT_SUFFIXES):
                self.load.forget(rel)
            elif rel.startswith("content/") and "." in name:
                continue  # an editor's swap or backup file: the build reads none
            else:  # templates, seeds, folders, anything else: start afresh
                self.clear()
                return

    def clear(self) -> None:
        outputs = self.outputs  # what is on disk stays known: only changes are written
        self.__init__()
        self.outputs = outputs


def update_in_place(out: Path, memo: Memo, written: dict[str, bytes], built: set[str]) -> list[str]:
    """Write into `out` the files whose bytes changed and remove those no longer
    built; return the paths written. Each file is replaced in one rename, so a
    reader sees the old page or the new one."""
    out.mkdir(parents=True, exist_ok=True)
    changed = []
    try:
        for rel in sorted(written):
            data = written[rel]
            key = hashlib.blake2b(data, digest_size=16).digest()
            if memo.outputs.get(rel) == key and os.path.exists(out / rel):
                continue
            target = inside(out, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.new-{os.getpid()}")
            temporary.write_bytes(data)
            os.replace(temporary, target)
            memo.outputs[rel] = key
            changed.append(rel)
        for rel in sorted(set(memo.outputs) - built):
            del memo.outputs[rel]
            try:
                os.remove(inside(out, rel))
                _remove_empty_folders(out, posixpath.dirname(rel))
            except FileNotFoundError:
                pass
    except OSError as error:
        memo.outputs.clear()  # unknown state: the next build writes everything
        raise OutputError(f"cannot write the site to {out}: {error.strerror or error}") from error
    return changed


def _remove_empty_folders(out: Path, folder: str) -> None:
    while folder:
        try:
            os.rmdir(out / folder)
        except OSError:
            return
        folder = posixpath.dirname(folder)
