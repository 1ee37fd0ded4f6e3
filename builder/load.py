"""Files -> raw records that remember where every value came from.

Reads content/ (site.yaml, the data files, articles with their front
matter) and, once validation has approved their paths, the seed texts
articles name. Nothing else in the builder opens a content file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from builder.diagnostics import Diagnostic
from builder.model import DATA_FILES
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


def read_text(path: Path, rel: str, diagnostics: list[Diagnostic]) -> str | None:
    """UTF-8 text with BOM removed and line endings made `\\n`, or None if unreadable."""
    try:
        data = path.read_bytes()
    except OSError as error:
        diagnostics.append(Diagnostic(rel, None, None, f"cannot read file: {error.strerror}"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        good = data[:error.start].decode("utf-8-sig", errors="replace")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        diagnostics.append(Diagnostic(
            rel, line, column,
            f"file is not UTF-8 (byte 0x{data[error.start]:02x}): save it as UTF-8"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    if not content.is_dir():
        diagnostics.append(Diagnostic("content", None, None,
                                      "no content/ folder here: pass --root with the folder that holds it"))
        return RawContent(None, [], {}, diagnostics)

    site = None
    if (content / "site.yaml").is_file():
        site = _load_yaml_file(root, content / "site.yaml", diagnostics)
    else:
        diagnostics.append(Diagnostic("content/site.yaml", None, None,
                                      "site.yaml is missing: it needs at least 'title: ...'"))
    data = {}
    for stem in DATA_FILES:
        path = content / f"{stem}.yaml"
        if not path.exists() and (content / f"{stem}.yml").exists():
            path = content / f"{stem}.yml"
        if path.is_file():
            loaded = _load_yaml_file(root, path, diagnostics)
            if loaded is not None:
                data[stem] = loaded
    return RawContent(site, _load_articles(root, content / "articles", diagnostics), data, diagnostics)


def _load_yaml_file(root: Path, path: Path, diagnostics: list[Diagnostic]) -> RawFile | None:
    rel = path.relative_to(root).as_posix()
    text = read_text(path, rel, diagnostics)
    if text is None:
        return None
    source = SourceText(rel, text)
    return RawFile(source, parse_yaml(source, diagnostics))


def _load_articles(root: Path, folder: Path, diagnostics: list[Diagnostic]) -> list[RawArticle]:
    paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
    if not paths:
        diagnostics.append(Diagnostic("content/articles", None, None,
                                      "no articles: add at least one content/articles/*.md"))
    articles = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        text = read_text(path, rel, diagnostics)
        if text is not None:
            article = split_front_matter(rel, text, diagnostics)
            if article is not None:
                articles.append(article)
    return articles


def read_seeds(root: Path, paths: Iterable[str], diagnostics: list[Diagnostic]) -> dict[str, str]:
    """Seed path (relative to the root, validated) -> its text, '' if it can't be read."""
    seeds: dict[str, str] = {}
    for path in paths:
        if path not in seeds:
            seeds[path] = read_text(root / path, path, diagnostics) or ""
    return seeds
