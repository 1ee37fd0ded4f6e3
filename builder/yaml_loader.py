"""Safe YAML whose mappings and lists remember where each value stands.

    title: Kim meets Putin      ->  YamlMapping({"title": "Kim meets Putin"}),
                                    whose value_nodes["title"] marks line 1, column 8

Object tags are an error, never code. Later stages report `path:line:column`
for any field or list item from the nodes kept here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from types import MappingProxyType

import yaml

from builder.diagnostics import Diagnostic
from builder.read import CONTROL, neutralise, position


def _read_only(self, *args, **kwargs):
    raise TypeError("parsed YAML is shared between builds: read it, never change it")


class YamlMapping(dict):
    """A YAML mapping that remembers the node of each key and value. Read-only."""

    node: yaml.MappingNode
    key_nodes: MappingProxyType
    value_nodes: MappingProxyType

    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only


class YamlList(list):
    """A YAML list that remembers the node of each item. Read-only."""

    node: yaml.SequenceNode
    item_nodes: tuple

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _read_only
    append = extend = insert = pop = remove = clear = sort = reverse = _read_only


@dataclass(frozen=True, slots=True)
class SourceText:
    """A file's decoded text; turns YAML marks into positions."""

    path: str
    text: str
    line_offset: int = 0
    """Lines before `text` in the file (front matter starts after the `---`)."""

    def node_position(self, node: yaml.Node) -> tuple[int, int]:
        """1-based (line, column) of where the node starts in the file."""
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def node_source(self, node: yaml.Node) -> str:
        """The node's raw text, as written, for finding words inside it."""
        return self.text[node.start_mark.index:node.end_mark.index]


class _Positions:
    """Constructors for a PyYAML loader: containers keep their nodes, duplicate keys are reported."""

    def __init__(self, stream, source: SourceText, diagnostics: list[Diagnostic]):
        super().__init__(stream)
        self._source = source
        self._diagnostics = diagnostics

    def construct_mapping(self, node, deep=False):  # noqa: D401 - PyYAML hook
        own = {id(key) for key, _ in node.value if key.tag != "tag:yaml.org,2002:merge"}
        self.flatten_mapping(node)  # puts the pairs of `<<: *base` first: own keys override them
        values, key_nodes, value_nodes = {}, {}, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            problem = self._key_problem(key, key_node, key_nodes, own)
            if problem:
                line, column = self._source.node_position(key_node)
                self._diagnostics.append(Diagnostic(self._source.path, line, column, problem))
                continue
            values[key] = self.construct_object(value_node, deep=True)
            key_nodes[key], value_nodes[key] = key_node, value_node
        result = YamlMapping(values)
        result.node = node
        result.key_nodes, result.value_nodes = MappingProxyType(key_nodes), MappingProxyType(value_nodes)
        return result

    def _key_problem(self, key, key_node, seen: dict, own: set[int]) -> str | None:
        try:
            hash(key)
        except TypeError:
            return "a mapping key must be text"
        if key in seen and id(seen[key]) in own:
            first_line, _ = self._source.node_position(seen[key])
            return f"duplicate key '{key}' (first given at line {first_line})"
        return None

    def construct_sequence(self, node, deep=False):
        result = YamlList(self.construct_object(child, deep=True) for child in node.value)
        result.node, result.item_nodes = node, tuple(node.value)
        return result

    def construct_object(self, node, deep=False):
        # A tag on a value it does not fit (`!!bool maybe`, `!!timestamp nope`,
        # `!!seq {a: 1}`) makes PyYAML's constructors raise anything: say so at the value.
        try:
            return super().construct_object(node, deep)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception as error:  # noqa: BLE001 - whatever a constructor raised
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(
                None, None, f"this value is not a valid {tag}", node.start_mark) from error

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


def position_loader(base: type) -> type:
    """A safe loader class on `base` (SafeLoader or libyaml's CSafeLoader) whose values keep positions."""
    loader = type(f"Position{base.__name__}", (_Positions, base), {})
    loader.add_constructor("tag:yaml.org,2002:str", _Positions.construct_yaml_str)
    loader.add_constructor("tag:yaml.org,2002:timestamp", _Positions.construct_yaml_timestamp)
    loader.add_constructor("tag:yaml.org,2002:map", _Positions.construct_mapping)
    loader.add_constructor("tag:yaml.org,2002:seq", _Positions.construct_sequence)
    return loader


# libyaml's scanner and parser when PyYAML was built with it (its wheels are):
# with our constructors, content/'s YAML parses about 8 times as fast (bench/caches.py).
_PositionLoader = position_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def parse_yaml(source: SourceText, diagnostics: list[Diagnostic]) -> object:
    """The YAML document in `source`, or None after reporting why it can't be read."""
    data, found = _parse_yaml_cached(source)
    diagnostics += found
    return data


@functools.lru_cache(maxsize=256)
def _parse_yaml_cached(source: SourceText) -> tuple[object, tuple[Diagnostic, ...]]:
    # The dev server rebuilds on every save, usually of one file: the others
    # parse to the same data, which is read-only, so builds can share it.
    # Parsing it all again made a build of content/ take 1.35 times as long.
    diagnostics: list[Diagnostic] = []
    return _parse_yaml(source, diagnostics), tuple(diagnostics)


MAX_DEPTH = 100
"""How deeply YAML may nest: content is lists of flat entries, and constructing
a value recurses once per level (libyaml itself stops at 1,000)."""


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
        line, column = position(source.text, error.position)
        diagnostics.append(Diagnostic(source.path, line + source.line_offset, column,
                                      f"invalid YAML: character U+{error.character:04X} is not allowed"
                                      if isinstance(error.character, int) else f"invalid YAML: {error.reason}"))
    except RecursionError:
        diagnostics.append(Diagnostic(source.path, None, None, "the YAML is nested too deeply"))
    except yaml.MarkedYAMLError as error:
        diagnostics.append(_yaml_error(source, error))
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


def _yaml_error(source: SourceText, error: yaml.MarkedYAMLError) -> Diagnostic:
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
    return Diagnostic(source.path, line, column, message)
