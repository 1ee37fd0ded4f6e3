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


def load_content(root: Path) -> RawContent:
    """Read content/ under `root`. Problems are collected, never raised."""
    diagnostics: list[Diagnostic] = []
    content = root / "content"
    problem = ("no content/ folder here: pass --root with the folder that holds it"
               if not content.is_dir() else leads_outside(content, root))
    if problem:
        return RawContent(None, [], {}, [Diagnostic("content", None, None, problem)])

    site = None
    if os.path.lexists(content / "site.yaml"):
        site = _load_yaml_file(root, content / "site.yaml", diagnostics)
    else:
        diagnostics.append(Diagnostic("content/site.yaml", None, None,
                                      "site.yaml is missing: it needs at least 'title: ...'"))
    data = {}
    for stem in DATA_FILES:
        path = content / f"{stem}.yaml"
        if not os.path.lexists(path) and os.path.lexists(content / f"{stem}.yml"):
            path = content / f"{stem}.yml"
        if os.path.lexists(path):
            loaded = _load_yaml_file(root, path, diagnostics)
            if loaded is not None:
                data[stem] = loaded
    return RawContent(site, _load_articles(root, content / "articles", diagnostics), data, diagnostics)


def _load_yaml_file(root: Path, path: Path, diagnostics: list[Diagnostic]) -> RawFile | None:
    rel = path.relative_to(root).as_posix()
    text = read_text(path, rel, diagnostics, root)
    if text is None:
        return None
    source = SourceText(rel, text)
    return RawFile(source, parse_yaml(source, diagnostics))


def _load_articles(root: Path, folder: Path, diagnostics: list[Diagnostic]) -> list[RawArticle]:
    names = sorted(name for name in os.listdir(folder)
                   if name.endswith(".md") and not is_editor_junk(name)) if folder.is_dir() else []
    if not names:
        diagnostics.append(Diagnostic("content/articles", None, None,
                                      "no articles: add at least one content/articles/*.md"))
    articles = []
    for name in names:
        rel = f"content/articles/{name}"
        text = read_text(folder / name, rel, diagnostics, root)
        if text is not None:
            article = split_front_matter(rel, text, diagnostics)
            if article is not None:
                articles.append(article)
    return articles
