"""Files -> raw records that remember where every value came from.

Reads content/ (site.yaml, the data files, articles with their front
matter) and, once validation has approved their paths, the seed texts
articles name (read.read_seeds), each by the one read rule of read.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from builder.diagnostics import Diagnostic
from builder.model import DATA_FILES
from builder.read import is_editor_junk, leads_outside, read_text
from builder.yaml_loader import SourceText, parse_yaml


@dataclass(slots=True)
class RawFile:
    source: SourceText
    data: object
    """YamlMapping, YamlList, scalar or None (an empty file)."""


@dataclass(slots=True)
class RawArticle:
    path: str
    front: RawFile
    """The front matter, positioned in the article file."""
    body: SourceText
    """The Markdown body; its line_offset counts the lines above it."""


@dataclass(slots=True)
class RawContent:
    site: RawFile | None
    articles: list[RawArticle]
    data: dict[str, RawFile]
    """Data file stem (`facts`, ...) -> file, for the files that exist."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(slots=True)
class LoadCache:
    """What the dev server keeps between loads: each file's text until the
    watcher names the file (`forget`), and each article's split into front
    matter (parsed) and body."""

    texts: dict[str, tuple[str, tuple[Diagnostic, ...]]] = field(default_factory=dict)
    """Path relative to the root -> its text, and what reading it found (warnings)."""
    articles: dict[tuple[str, str], tuple[RawArticle | None, tuple[Diagnostic, ...]]] = field(default_factory=dict)
    """(path, text) -> the article split, and what splitting it found."""

    def forget(self, rel: str) -> None:
        self.texts.pop(rel, None)

    def text(self, path: Path, rel: str, diagnostics: list[Diagnostic], root: Path) -> str | None:
        if rel not in self.texts:
            found: list[Diagnostic] = []
            text = read_text(path, rel, found, root)
            diagnostics += found
            if text is None:
                return None  # read again next time: the problem is reported on every build
            self.texts[rel] = (text, tuple(found))
            return text
        text, found = self.texts[rel]
        diagnostics += found
        return text

    def article(self, rel: str, text: str, diagnostics: list[Diagnostic]) -> RawArticle | None:
        if (rel, text) not in self.articles:
            found: list[Diagnostic] = []
            self.articles[(rel, text)] = (split_front_matter(rel, text, found), tuple(found))
        article, found = self.articles[(rel, text)]
        diagnostics += found
        return article

    def keep_only(self, rels: set[str]) -> None:
        """Drop deleted files and the splits of old texts."""
        self.texts = {rel: text for rel, text in self.texts.items() if rel in rels}
        self.articles = {key: value for key, value in self.articles.items()
                         if self.texts.get(key[0], ("",))[0] is key[1]}


class _NoCache:
    """Reads every file every time (a build, not the dev server)."""

    @staticmethod
    def text(path: Path, rel: str, diagnostics: list[Diagnostic], root: Path) -> str | None:
        return read_text(path, rel, diagnostics, root)

    @staticmethod
    def article(rel: str, text: str, diagnostics: list[Diagnostic]) -> RawArticle | None:
        return split_front_matter(rel, text, diagnostics)


def split_front_matter(rel: str, text: str, diagnostics: list[Diagnostic]) -> RawArticle | None:
    """Front matter between `---` lines, then the body."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        diagnostics.append(Diagnostic(
            rel, 1, 1, "an article must start with YAML front matter: a line '---', "
            "fields such as 'title: ...', then another line '---'"))
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        diagnostics.append(Diagnostic(
            rel, 1, 1, "the front matter is not closed: add a line '---' after its last field"))
        return None
    front = SourceText(rel, "\n".join(lines[1:index]) + "\n", line_offset=1)
    body = SourceText(rel, "\n".join(lines[index + 1:]), line_offset=index + 1)
    return RawArticle(rel, RawFile(front, parse_yaml(front, diagnostics)), body)


def load_content(root: Path, cache: LoadCache | None = None) -> RawContent:
    """Read content/ under `root`. Problems are collected, never raised.

    With a cache, a file is read again only after `cache.forget(rel)`."""
    files = cache if cache is not None else _NoCache()
    diagnostics: list[Diagnostic] = []
    content = root / "content"
    problem = ("no content/ folder here: pass --root with the folder that holds it"
               if not content.is_dir() else leads_outside(content, root))
    if problem:
        return RawContent(None, [], {}, [Diagnostic("content", None, None, problem)])

    site = None
    if os.path.lexists(content / "site.yaml"):
        site = _load_yaml_file(root, content / "site.yaml", diagnostics, files)
    else:
        diagnostics.append(Diagnostic("content/site.yaml", None, None,
                                      "site.yaml is missing: it needs at least 'title: ...'"))
    data = {}
    for stem in DATA_FILES:
        path = content / f"{stem}.yaml"
        if not os.path.lexists(path) and os.path.lexists(content / f"{stem}.yml"):
            path = content / f"{stem}.yml"
        if os.path.lexists(path):
            loaded = _load_yaml_file(root, path, diagnostics, files)
            if loaded is not None:
                data[stem] = loaded
    articles = _load_articles(root, content / "articles", diagnostics, files)
    if cache is not None:
        cache.keep_only({file.source.path for file in (site, *data.values()) if file is not None}
                        | {article.path for article in articles})
    return RawContent(site, articles, data, diagnostics)


def _load_yaml_file(root: Path, path: Path, diagnostics: list[Diagnostic], files) -> RawFile | None:
    rel = path.relative_to(root).as_posix()
    text = files.text(path, rel, diagnostics, root)
    if text is None:
        return None
    source = SourceText(rel, text)
    return RawFile(source, parse_yaml(source, diagnostics))


def _load_articles(root: Path, folder: Path, diagnostics: list[Diagnostic], files) -> list[RawArticle]:
    # Names, not Path objects, are listed and sorted: a thousand articles are read
    # at every save of the dev server.
    names = sorted(name for name in os.listdir(folder)
                   if name.endswith(".md") and not is_editor_junk(name)) if folder.is_dir() else []
    if not names:
        diagnostics.append(Diagnostic("content/articles", None, None,
                                      "no articles: add at least one content/articles/*.md"))
    articles = []
    for name in names:
        rel = f"content/articles/{name}"
        text = files.text(folder / name, rel, diagnostics, root)
        if text is not None:
            article = files.article(rel, text, diagnostics)
            if article is not None:
                articles.append(article)
    return articles
