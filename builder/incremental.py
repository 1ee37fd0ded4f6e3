"""What the dev server keeps between builds, so that a save re-does only what it changed.

    memo = Memo()
    preview_site(root, base_url, memo=memo)          # the first build: everything
    memo.forget(["content/articles/a.md"])           # what the watcher saw change
    preview_site(root, base_url, memo=memo)          # re-reads that file, re-renders what it touches

Every cached result is keyed on everything it depends on, so a build with a
memo makes the bytes a cold build writes:

- file texts, until the watcher names the file; YAML parses, by their text;
- what validation read of each file whose parse is the same (validation_cache.py);
- the entries world (entries, site.yaml's key points, the newest article's date):
  link context, Markdown, backlinks lists, glossary terms, and each article's
  links while it and its seed are the same (its quotes are checked every build);
- the `world` (that and the settings every page's frame shows): each
  article's page; when only those settings changed, it is made from its links;
- each gathering page's main block, by the views it read (main_blocks.py);
- each article's result has a random version: the backlinks it gives a
  list and its card on the home page are kept per version;
- the dependency map: a page that gathers articles is rendered again only
  when an article it shows changed (pages.stale_pages: the home page and
  data.json list every article, the glossary and actor pages show the
  entries an article mentions or names), or a quote moved;
- data.json's records, by the entry or article and where its quote stands;
- the theme's static files, read and bundled;
- the files of the last good build (`serve` serves them from memory): a
  new snapshot shares the bytes of every file whose bytes did not change.

A change to anything else (templates, a folder appearing) forgets it all:
the next build renders everything, and still shares what did not change.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

from builder.load import LoadCache
from builder.read import is_editor_junk
from builder.validation_cache import ValidationCache


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
    entries_world: tuple | None = None
    """The part of the world that links, Markdown and blocks depend on."""
    links: tuple | None = None
    """(link context, the entries' rendered Markdown) of that entries_world."""
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
    mains: dict[str, tuple] = field(default_factory=dict)
    """Page URL -> its main block, by what it read (main_blocks.py)."""
    theme: dict[str, bytes] | None = None
    """The theme's static files (style sheet bundled), while they read without a problem."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Output path -> the bytes of the last good build (what `serve` serves)."""

    def forget(self, changed: Iterable[str]) -> None:
        """Drop what the changed paths (relative to the root) may have made stale."""
        for rel in changed:
            name = posixpath.basename(rel)
            if rel.startswith("content/") and name.endswith(CONTENT_SUFFIXES):
                self.load.forget(rel)
            elif rel.startswith("content/") and ("." in name or is_editor_junk(name)):
                continue  # an editor's swap or backup file: the build reads none
            else:  # templates, seeds, folders, anything else: start afresh
                self.clear()
                return

    def clear(self) -> None:
        files = self.files  # what is served stays known: unchanged bytes stay the same objects
        self.__init__()
        self.files = files


def snapshot(memo: Memo, written: dict[str, bytes], built: set[str]) -> tuple[dict[str, bytes], list[str]]:
    """The whole output of a good build: the `built` paths, each with the bytes
    this build `written` there, or the last good build's (the very object,
    when this build did not render it or made the same bytes); and the paths
    whose bytes changed. The memo keeps it for the next build."""
    before = memo.files
    files, changed = {}, []
    for rel in sorted(built):
        data, old = written.get(rel), before.get(rel)
        if data is None or data == old:
            files[rel] = old
        else:
            files[rel] = data
            changed.append(rel)
    memo.files = files
    return files, changed
