"""Files -> raw records that remember where every value came from.

YAML is loaded with a safe loader subclass (object tags are an error, never
code) whose mappings and lists keep the YAML node of every value, so later
stages can report `path:line:column` for any field or list item.
"""

from __future__ import annotations

import codecs
import errno
import functools
import os
import re
import stat
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
        own = {id(key) for key, _ in node.value if key.tag != "tag:yaml.org,2002:merge"}
        self.flatten_mapping(node)  # puts the pairs of `<<: *base` first
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
            if key in result and id(result.key_nodes[key]) in own:
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


    def construct_yaml_str(self, node):
        # "\e", "\0" and friends are YAML escapes: neutralised like raw control characters.
        value = super().construct_yaml_str(node)
        if CONTROL.search(value):
            value = neutralise(value, self._source.path, self._diagnostics,
                               self._source.node_position(node))
        return value

    def construct_yaml_timestamp(self, node):
        # An impossible date such as 2023-02-30 stays text, so validation can say why.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_PositionLoader.add_constructor("tag:yaml.org,2002:str", _PositionLoader.construct_yaml_str)
_PositionLoader.add_constructor("tag:yaml.org,2002:timestamp", _PositionLoader.construct_yaml_timestamp)
_PositionLoader.add_constructor("tag:yaml.org,2002:map", _PositionLoader.construct_mapping)
_PositionLoader.add_constructor("tag:yaml.org,2002:seq", _PositionLoader.construct_sequence)


def parse_yaml(source: SourceText, diagnostics: list[Diagnostic]) -> object:
    """The YAML document in `source`, or None after reporting why it can't be read."""
    data, found = _parse_yaml_cached(source)
    diagnostics += found
    return data


@functools.lru_cache(maxsize=64)
def _parse_yaml_cached(source: SourceText) -> tuple[object, tuple[Diagnostic, ...]]:
    # The dev server rebuilds on every save, usually of one file: the others
    # parse to the same data (later stages only read it).
    diagnostics: list[Diagnostic] = []
    return _parse_yaml(source, diagnostics), tuple(diagnostics)


MAX_DEPTH = 100
"""How deeply YAML may nest: content is lists of flat entries, and constructing
a value recurses once per level."""


def _parse_yaml(source: SourceText, diagnostics: list[Diagnostic]) -> object:
    loader = _PositionLoader(source.text, source, diagnostics)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        deep = _deeper_than(node, MAX_DEPTH)
        if deep is not None:
            line, column = source.node_position(deep)
            diagnostics.append(Diagnostic(source.path, line, column,
                                          f"this value is nested more than {MAX_DEPTH} levels deep"))
            return None
        return loader.construct_document(node)
    except yaml.reader.ReaderError as error:
        # A character YAML refuses (U+FFFE, ...): point at it.
        line, column = _position(source.text, error.position)
        diagnostics.append(Diagnostic(source.path, line + source.line_offset, column,
                                      f"invalid YAML: character U+{error.character:04X} is not allowed"
                                      if isinstance(error.character, int) else f"invalid YAML: {error.reason}"))
    except RecursionError:
        diagnostics.append(Diagnostic(source.path, None, None, "the YAML is nested too deeply"))
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


def _deeper_than(node: yaml.Node, limit: int) -> yaml.Node | None:
    """The first node nested more than `limit` levels deep, or None."""
    pending = [(node, 1)]
    while pending:
        current, depth = pending.pop()
        if depth > limit:
            return current
        if isinstance(current, yaml.SequenceNode):
            pending += [(child, depth + 1) for child in current.value]
        elif isinstance(current, yaml.MappingNode):
            pending += [(child, depth + 1) for pair in current.value for child in pair]
    return None


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


MAX_TEXT_BYTES = 16 * 1024 * 1024
"""The largest content file, template or seed the builder reads."""
MAX_ASSET_BYTES = 100 * 1024 * 1024
"""The largest static asset: GitHub Pages refuses larger files."""

_JUNK = re.compile(r"""
    ^\.\#          # Emacs lock file (a dangling symlink while a file is edited)
  | ^\#.*\#$       # Emacs auto-save
  | ~$              # backup copies (Emacs, Vim, gedit)
  | ^\..+\.sw[a-p]$ # Vim swap files
  | ^4913$          # Vim's probe that a folder is writable
  | ^\.DS_Store$ | ^\._ | ^Thumbs\.db$ | ^desktop\.ini$ | ^\.directory$   # Finder, Windows, KDE
  | ___jb_(tmp|old)___$ | ^\.goutputstream-   # JetBrains and gedit safe-save files
""", re.X)


def is_editor_junk(name: str) -> bool:
    """Files that editors and operating systems leave beside the real ones: never read."""
    return bool(_JUNK.search(name))


class ReadError(Exception):
    """Why a file cannot be read, without its path (the diagnostic adds it)."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def read_bytes(path: Path, inside: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The one way the builder reads a file.

    It must be a regular file, inside `inside` once symlinks are resolved, and
    at most `limit` bytes. It is opened without blocking, so a FIFO or a device
    is refused rather than waited on or read forever.
    """
    outside = leads_outside(path, inside)
    if outside:
        raise ReadError(outside)
    real = os.path.realpath(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_NOCTTY | os.O_CLOEXEC
    try:
        fd = os.open(real, flags)
    except FileNotFoundError:
        if os.path.islink(path):
            raise ReadError(f"it is a symbolic link to {os.readlink(path)}, which does not exist") from None
        raise ReadError("the file does not exist") from None
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise ReadError("it is a socket, not a file") from None
        raise ReadError(f"cannot read file: {(error.strerror or str(error)).lower()}") from None
    try:
        info = os.fstat(fd)
        for test, kind in _KINDS:
            if test(info.st_mode):
                raise ReadError(f"it is {kind}, not a file")
        if info.st_size > limit:
            raise ReadError(f"the file is {_size(info.st_size)}; a file may have at most {_size(limit)}")
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise ReadError(f"the file is larger than {_size(limit)}, the most a file may have")
        return b"".join(chunks)
    except OSError as error:
        raise ReadError(f"cannot read file: {(error.strerror or str(error)).lower()}") from None
    finally:
        os.close(fd)


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Characters that have no place in text: C0 controls but tab and line breaks,
DEL, C1 controls, and lone surrogates. Shown as U+FFFD where they occur."""


def neutralise(text: str, path: str, diagnostics: list[Diagnostic],
               where: tuple[int, int] | None = None) -> str:
    """`text` with each control character replaced by U+FFFD, and one warning
    that points at the first (at `where`, or found in `text`)."""
    found = CONTROL.search(text)
    if found is None:
        return text
    line, column = where or _position(text, found.start())
    count = len(CONTROL.findall(text))
    also = f" (and {count - 1} more)" if count > 1 else ""
    diagnostics.append(Diagnostic(
        path, line, column, f"control character U+{ord(found.group()):04X}{also} is shown as "
        "\ufffd: delete it (text has no use for it)", "warning"))
    return CONTROL.sub("\ufffd", text)


def read_text(path: Path, rel: str, diagnostics: list[Diagnostic], inside: Path) -> str | None:
    """UTF-8 text with BOM removed, line endings made `\\n` and control
    characters neutralised, or None if unreadable."""
    try:
        data = read_bytes(path, inside)
    except ReadError as error:
        diagnostics.append(Diagnostic(rel, None, None, str(error)))
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
        diagnostics.append(Diagnostic(rel, 1, 1, "the file is UTF-16, not UTF-8: save it as UTF-8"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        good = data[:error.start].decode("utf-8-sig", errors="replace")
        line, column = _position(good, len(good))
        diagnostics.append(Diagnostic(
            rel, line, column,
            f"file is not UTF-8 (byte 0x{data[error.start]:02x}): save it as UTF-8"))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        line, column = _position(text, text.index("\0"))
        diagnostics.append(Diagnostic(rel, line, column, "a NUL character (byte 0x00) is in the "
                                      "text: the file is damaged or not text; delete it"))
        return None
    return neutralise(text, rel, diagnostics)


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 text without a byte-order mark: ASCII letters with a zero byte beside each."""
    sample = data[:4096]
    return len(sample) >= 4 and max(sample[0::2].count(0), sample[1::2].count(0)) > len(sample) // 4


def read_assets(folder: Path, inside: Path, rel: str,
                diagnostics: list[Diagnostic]) -> dict[str, bytes]:
    """Every file under `folder` (the static assets), by path relative to it.

    The read rule holds for each file; a symlinked folder is followed only
    while it stays inside `inside`, and each real folder is entered once.
    """
    found: dict[str, bytes] = {}
    seen: set[str] = set()
    pending = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        real = os.path.realpath(current)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as error:
            diagnostics.append(Diagnostic(f"{rel}/{prefix}".rstrip("/"), None, None,
                                          f"cannot read folder: {(error.strerror or str(error)).lower()}"))
            continue
        for entry in entries:
            if is_editor_junk(entry.name):
                continue
            name = prefix + entry.name
            if entry.is_dir():  # follows a symlink: checked just below
                outside = leads_outside(Path(entry.path), inside)
                if outside:
                    diagnostics.append(Diagnostic(f"{rel}/{name}", None, None, outside))
                    continue
                pending.append((Path(entry.path), name + "/"))
                continue
            try:
                found[name] = read_bytes(Path(entry.path), inside, MAX_ASSET_BYTES)
            except ReadError as error:
                diagnostics.append(Diagnostic(f"{rel}/{name}", None, None, str(error)))
    return dict(sorted(found.items()))


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

    def load_yaml_file(path: Path) -> RawFile | None:
        rel = path.relative_to(root).as_posix()
        text = read_text(path, rel, diagnostics, root)
        if text is None:
            return None
        source = SourceText(rel, text)
        return RawFile(source, parse_yaml(source, diagnostics))

    if not content.is_dir():
        diagnostics.append(Diagnostic("content", None, None,
                                      "no content/ folder here: pass --root with the folder that holds it"))
        return RawContent(None, [], {}, diagnostics)
    outside = leads_outside(content, root)
    if outside:
        diagnostics.append(Diagnostic("content", None, None, outside))
        return RawContent(None, [], {}, diagnostics)

    site = None
    if os.path.lexists(content / "site.yaml"):
        site = load_yaml_file(content / "site.yaml")
    else:
        diagnostics.append(Diagnostic("content/site.yaml", None, None,
                                      "site.yaml is missing: it needs at least 'title: ...'"))

    data = {}
    for stem in DATA_FILES:
        path = content / f"{stem}.yaml"
        if not os.path.lexists(path) and os.path.lexists(content / f"{stem}.yml"):
            path = content / f"{stem}.yml"
        if os.path.lexists(path):
            loaded = load_yaml_file(path)
            if loaded is not None:
                data[stem] = loaded

    articles = []
    article_dir = content / "articles"
    names = sorted(name for name in os.listdir(article_dir)
                   if name.endswith(".md") and not is_editor_junk(name)) if article_dir.is_dir() else []
    if not names:
        diagnostics.append(Diagnostic("content/articles", None, None,
                                      "no articles: add at least one content/articles/*.md"))
    for name in names:
        rel = f"content/articles/{name}"
        text = read_text(article_dir / name, rel, diagnostics, root)
        if text is not None:
            article = split_front_matter(rel, text, diagnostics)
            if article is not None:
                articles.append(article)
    return RawContent(site, articles, data, diagnostics)


def leads_outside(folder: Path, inside: Path) -> str | None:
    """Why a folder (content/, templates/) may not be read: it resolves outside `inside`."""
    real, home = os.path.realpath(folder), os.path.realpath(inside)
    if os.path.commonpath([home, real]) != home:
        return f"it leads to {real}, outside the project folder {home}: the builder reads nothing outside it"
    return None
