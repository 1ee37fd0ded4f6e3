"""Files -> raw records that remember where every value came from.

YAML is loaded with a safe loader subclass (object tags are an error, never
code) whose mappings and lists keep the YAML node of every value, so later
stages can report `path:line:column` for any field or list item.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from builder.diagnostics import Diagnostic

DATA_FILES = ("facts", "actors", "glossary", "timeline", "sources")


class Mapping(dict):
    """A YAML mapping that remembers the node of each key and value."""

    node: yaml.MappingNode
    key_nodes: dict
    value_nodes: dict


class Sequence(list):
    """A YAML list that remembers the node of each item."""

    node: yaml.SequenceNode
    item_nodes: list


@dataclass(frozen=True, slots=True)
class SourceText:
    """A file's decoded text; turns YAML marks and offsets into positions."""

    path: str
    text: str
    line_offset: int = 0
    """Lines before `text` in the file (front matter starts after the `---`)."""

    def position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset into `text`."""
        line = self.text.count("\n", 0, index)
        column = index - (self.text.rfind("\n", 0, index) + 1)
        return line + 1 + self.line_offset, column + 1

    def node_position(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def node_source(self, node: yaml.Node) -> tuple[str, int]:
        """The node's raw text and its start offset, for finding words inside it."""
        return self.text[node.start_mark.index:node.end_mark.index], node.start_mark.index


@dataclass(slots=True)
class RawFile:
    source: SourceText
    data: object
    """Mapping, Sequence, scalar or None (an empty file)."""


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


# libyaml's parser when PyYAML was built with it (its wheels are): 3x faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PositionLoader(_SafeLoader):
    """SafeLoader whose containers keep their nodes and report duplicate keys."""

    def __init__(self, stream, source: SourceText, diagnostics: list[Diagnostic]):
        super().__init__(stream)
        self._source = source
        self._diagnostics = diagnostics

    def construct_mapping(self, node, deep=False):  # noqa: D401 - PyYAML hook
        self.flatten_mapping(node)
        result = Mapping()
        result.node, result.key_nodes, result.value_nodes = node, {}, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                line, column = self._source.node_position(key_node)
                self._diagnostics.append(Diagnostic(
                    self._source.path, line, column, "a mapping key must be text"))
                continue
            if key in result:
                line, column = self._source.node_position(key_node)
                first_line, _ = self._source.node_position(result.key_nodes[key])
                self._diagnostics.append(Diagnostic(
                    self._source.path, line, column,
                    f"duplicate key '{key}' (first given at line {first_line})"))
                continue
            result[key] = self.construct_object(value_node, deep=True)
            result.key_nodes[key], result.value_nodes[key] = key_node, value_node
        return result

    def construct_sequence(self, node, deep=False):
        result = Sequence(self.construct_object(child, deep=True) for child in node.value)
        result.node, result.item_nodes = node, list(node.value)
        return result


    def construct_yaml_timestamp(self, node):
        # An impossible date such as 2023-02-30 stays text, so validation can say why.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_PositionLoader.add_constructor("tag:yaml.org,2002:timestamp", _PositionLoader.construct_yaml_timestamp)
_PositionLoader.add_constructor("tag:yaml.org,2002:map", _PositionLoader.construct_mapping)
_PositionLoader.add_constructor("tag:yaml.org,2002:seq", _PositionLoader.construct_sequence)


@dataclass(slots=True)
class LoadCache:
    """What the dev server keeps between loads: each file's text until the
    watcher names the file (`forget`), and each YAML text's parse."""

    texts: dict[str, str] = field(default_factory=dict)
    """Path relative to the root -> text."""
    parsed: dict[SourceText, tuple[object, tuple[Diagnostic, ...]]] = field(default_factory=dict)
    articles: dict[tuple[str, str], tuple[RawArticle | None, tuple[Diagnostic, ...]]] = field(default_factory=dict)
    """(path, text) -> the article split into front matter and body."""

    def forget(self, rel: str) -> None:
        self.texts.pop(rel, None)


def parse_yaml(source: SourceText, diagnostics: list[Diagnostic],
               cache: LoadCache | None = None) -> object:
    """The YAML document in `source`, or None after reporting why it can't be read."""
    if cache is None:
        data, found = _parse_yaml_cached(source)
    else:
        if source not in cache.parsed:
            found_now: list[Diagnostic] = []
            cache.parsed[source] = (_parse_yaml(source, found_now), tuple(found_now))
        data, found = cache.parsed[source]
    diagnostics += found
    return data


@functools.lru_cache(maxsize=64)
def _parse_yaml_cached(source: SourceText) -> tuple[object, tuple[Diagnostic, ...]]:
    # The dev server rebuilds on every save, usually of one file: the others
    # parse to the same data (later stages only read it).
    diagnostics: list[Diagnostic] = []
    return _parse_yaml(source, diagnostics), tuple(diagnostics)


def _parse_yaml(source: SourceText, diagnostics: list[Diagnostic]) -> object:
    loader = _PositionLoader(source.text, source, diagnostics)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = (error.problem or error.context or "invalid YAML").strip()
        if "could not determine a constructor" in message:
            tag = error.problem.split("tag ")[-1].strip().strip("'")
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            message = (f"the tag '{tag}' is not allowed: "
                       "content is data, so YAML tags that build objects are refused")
        else:
            message = f"invalid YAML: {message}"
            if error.context and error.problem:
                message += f" ({error.context.strip()})"
        line, column = (mark.line + 1 + source.line_offset, mark.column + 1) if mark else (None, None)
        diagnostics.append(Diagnostic(source.path, line, column, message))
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
        diagnostics.append(Diagnostic(source.path, None, None, f"invalid YAML: {error}"))
    finally:
        loader.dispose()
    return None


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


def split_front_matter(rel: str, text: str, diagnostics: list[Diagnostic],
                       cache: LoadCache | None = None) -> RawArticle | None:
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
    return RawArticle(rel, RawFile(front, parse_yaml(front, diagnostics, cache)), body)


def load_content(root: Path, cache: LoadCache | None = None) -> RawContent:
    """Read content/ under `root`. Problems are collected, never raised.

    With a cache, a file is read again only after `cache.forget(rel)`."""
    diagnostics: list[Diagnostic] = []
    content = root / "content"
    used = LoadCache() if cache is not None else None

    def text_of(path: Path, rel: str) -> str | None:
        text = cache.texts.get(rel) if cache is not None else None
        if text is None:
            text = read_text(path, rel, diagnostics)
        if used is not None and text is not None:
            used.texts[rel] = text
        return text

    def load_yaml_file(path: Path) -> RawFile | None:
        rel = path.relative_to(root).as_posix()
        text = text_of(path, rel)
        if text is None:
            return None
        source = SourceText(rel, text)
        return RawFile(source, parse_yaml(source, diagnostics, cache))

    if not content.is_dir():
        diagnostics.append(Diagnostic("content", None, None,
                                      "no content/ folder here: pass --root with the folder that holds it"))
        return RawContent(None, [], {}, diagnostics)

    site = None
    if (content / "site.yaml").is_file():
        site = load_yaml_file(content / "site.yaml")
    else:
        diagnostics.append(Diagnostic("content/site.yaml", None, None,
                                      "site.yaml is missing: it needs at least 'title: ...'"))

    data = {}
    for stem in DATA_FILES:
        path = content / f"{stem}.yaml"
        if not path.exists() and (content / f"{stem}.yml").exists():
            path = content / f"{stem}.yml"
        if path.is_file():
            loaded = load_yaml_file(path)
            if loaded is not None:
                data[stem] = loaded

    articles = []
    article_dir = content / "articles"
    # Names, not Path objects, are listed and sorted: a thousand articles are read
    # at every save of the dev server. (Hidden files are left out, as glob does.)
    names = sorted(entry.name for entry in os.scandir(article_dir) if entry.name.endswith(".md")
                   and not entry.name.startswith(".")) if article_dir.is_dir() else []
    paths = [article_dir / name for name in names]
    if not paths:
        diagnostics.append(Diagnostic("content/articles", None, None,
                                      "no articles: add at least one content/articles/*.md"))
    articles_rel = article_dir.relative_to(root).as_posix()
    for path in paths:
        rel = f"{articles_rel}/{path.name}"
        text = text_of(path, rel)
        if text is None:
            continue
        if cache is None:
            article = split_front_matter(rel, text, diagnostics)
        else:
            if (rel, text) not in cache.articles:
                found: list[Diagnostic] = []
                cache.articles[(rel, text)] = (split_front_matter(rel, text, found, cache), tuple(found))
            article, found = cache.articles[(rel, text)]
            used.articles[(rel, text)] = cache.articles[(rel, text)]
            diagnostics += found
        if article is not None:
            articles.append(article)
    if cache is not None:
        # Keep what this load used: deleted files and old parses go.
        cache.texts, cache.articles = used.texts, used.articles
        cache.parsed = {source: cache.parsed[source] for source in _sources(site, data, articles)
                        if source in cache.parsed}
    return RawContent(site, articles, data, diagnostics)


def _sources(site: RawFile | None, data: dict[str, RawFile], articles: list[RawArticle]):
    for file in (site, *data.values()):
        if file is not None:
            yield file.source
    for article in articles:
        yield article.front.source
