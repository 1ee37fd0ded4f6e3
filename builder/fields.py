"""One reader per field kind: a YAML value in, a model value out.

    read_date(Value("as_of", "2024-06", ...))   -> PartialDate(2024, 6)
    read_date(Value("as_of", "June 2024", ...)) -> raises Invalid("'as_of': 'June 2024'
                                                   is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")

A reader raises Invalid for a value it can't use; the validator reports it
at the value's position. Problems with single items of a list are reported
by the reader itself, which goes on with the rest.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import yaml

from builder import model
from builder.dates import parse_date
from builder.diagnostics import describe_type, did_you_mean, shorten
from builder.schema import Field
from builder.yaml_loader import SourceText, YamlList, YamlMapping

if TYPE_CHECKING:
    from builder.validate import Validator

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WEB_ADDRESS = re.compile(r"^https?://[^\s]+$")


class Invalid(Exception):
    """A value that can't be used; the message says why."""


@dataclass(frozen=True, slots=True)
class Value:
    """A field's value as loaded, with what a reader needs around it."""

    name: str
    data: object
    node: yaml.Node
    source: SourceText
    spec: Field
    validator: Validator
    """Where readers report item problems and register references and Markdown."""

    @property
    def origin(self) -> model.Origin:
        return self.validator.origin(self.source, self.node)


def suggest_id(text: str) -> str:
    """An id like `text`: 'Ünï Café' -> 'uni-cafe'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return slug or "my-id"


YAML_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}
"""Words YAML 1.1 reads as true or false when they are not quoted."""


def _text(value: Value) -> str:
    if not isinstance(value.data, str):
        hint = ""
        if isinstance(value.data, bool) and str(getattr(value.node, "value", "")).lower() in YAML_BOOLEANS:
            hint = f" (YAML reads {value.node.value} as {str(value.data).lower()}: put it in quotes)"
        raise Invalid(f"'{value.name}' must be text, not {describe_type(value.data)}{hint}")
    if not value.data.strip():
        raise Invalid(f"'{value.name}' must not be empty")
    return value.data


def read_text(value: Value) -> str:
    return _text(value).strip()


def read_url(value: Value) -> str:
    # Shown as a link: only web addresses, never javascript: or data:.
    text = _text(value).strip()
    if not WEB_ADDRESS.match(text):
        raise Invalid(f"'{value.name}' must be a web address starting with https:// or http://, "
                      f"not '{shorten(text)}'")
    return text


def read_id(value: Value) -> str:
    text = _text(value)
    if not ID_PATTERN.match(text):
        raise Invalid(f"'{shorten(text)}' is not a valid {value.name}: use lowercase ASCII letters, "
                      f"digits and single hyphens, e.g. '{suggest_id(text)}'")
    return text


def read_choice(value: Value) -> str:
    text, choices = _text(value), value.spec.choices
    if text not in choices:
        raise Invalid(f"'{value.name}' must be one of {', '.join(choices)}, not '{shorten(text)}'"
                      f"{did_you_mean(text, choices)}")
    return text


def read_markdown(value: Value) -> model.Markdown:
    text = model.Markdown(_text(value), value.origin, value.source.node_source(value.node))
    value.validator.markdowns.append(text)
    return text


def read_markdowns(value: Value) -> tuple[model.Markdown, ...]:
    """A list of Markdown texts, each read as `markdown` is."""
    if not isinstance(value.data, YamlList):
        raise Invalid(f"'{value.name}' takes a list of Markdown texts ('- ...' lines), "
                      f"not {describe_type(value.data)}")
    texts = []
    for item, node in zip(value.data, value.data.item_nodes):
        try:
            texts.append(read_markdown(replace(value, data=item, node=node)))
        except Invalid:
            value.validator.error(value.validator.origin(value.source, node),
                                  f"each item of '{value.name}' must be text, not {describe_type(item)}")
    return tuple(texts)


def read_quote(value: Value) -> model.Quote:
    return model.Quote(" ".join(_text(value).split()), value.origin)


def read_date(value: Value) -> model.PartialDate:
    parsed = parse_date(value.data)
    if isinstance(parsed, str):
        raise Invalid(f"'{value.name}': {parsed}")
    return parsed


def read_number(value: Value) -> int | float:
    data = value.data
    if isinstance(data, bool) or not isinstance(data, (int, float)):
        raise Invalid(f"'{value.name}' must be a number, not {describe_type(data)}"
                      + (" (write it without quotes)" if isinstance(data, str) else ""))
    if not math.isfinite(data):
        raise Invalid(f"'{value.name}' must be a finite number, not {value.node.value}")
    return data


def read_bool(value: Value) -> bool:
    if not isinstance(value.data, bool):
        raise Invalid(f"'{value.name}' must be true or false, not {describe_type(value.data)}")
    return value.data


def read_names(value: Value) -> tuple[str, ...]:
    return tuple(text for text, _ in _text_items(value))


def read_ref(value: Value) -> model.Reference:
    if not isinstance(value.data, str):
        raise Invalid(f"'{value.name}' takes one id, not {describe_type(value.data)}")
    text = value.data.strip()
    if not ID_PATTERN.match(text):
        raise Invalid(_not_an_id(text))
    return value.validator.expect_entry(model.Reference(text, value.origin), value.name, value.spec.targets)


def read_refs(value: Value) -> tuple[model.Reference, ...]:
    found = []
    for text, origin in _text_items(value):
        if ID_PATTERN.match(text):
            found.append(value.validator.expect_entry(model.Reference(text, origin), value.name,
                                                      value.spec.targets))
        else:
            value.validator.error(origin, _not_an_id(text))
    return tuple(found)


def read_records(value: Value) -> tuple:
    """Each mapping of a list, read by the item fields into the item type."""
    if not isinstance(value.data, YamlList):
        raise Invalid(f"'{value.name}' takes a list of mappings ('- field: ...'), "
                      f"not {describe_type(value.data)}")
    return tuple(_mappings(value, "each item", "a mapping of fields", f"an item of '{value.name}'"))


def read_series(value: Value) -> tuple:
    """Dated values, each a mapping with its own sources, in date order: a fact's `series`."""
    if not isinstance(value.data, YamlList) or not value.data:
        what = "an empty list" if isinstance(value.data, YamlList) else describe_type(value.data)
        raise Invalid(f"'{value.name}' takes a list of points "
                      f"('- {{date: 2024-06, value: 10000, sources: [...]}}'), not {what}")
    points = _mappings(value, "each point", "a mapping with 'date' and 'value'",
                       f"each point of '{value.name}'")
    return tuple(sorted(points, key=lambda point: point.date.sort_key))


def _mappings(value: Value, each: str, shape: str, label: str) -> list:
    """The items of a list of mappings as the spec's item type; a bad item is reported and left out."""
    items = []
    for item, node in zip(value.data, value.data.item_nodes):
        origin = value.validator.origin(value.source, node)
        if not isinstance(item, YamlMapping):
            value.validator.error(origin, f"{each} of '{value.name}' must be {shape}, "
                                  f"not {describe_type(item)}")
            continue
        values, ok = value.validator.read_record(value.source, item, value.spec.item_fields, label)
        if ok:
            items.append(value.spec.item_type(origin=origin, **values))
    return items


def _not_an_id(text: str) -> str:
    return (f"'{shorten(text)}' is not a valid id: use lowercase ASCII letters, digits and single "
            f"hyphens, e.g. '{suggest_id(text)}'")


def _text_items(value: Value) -> list[tuple[str, model.Origin]]:
    """[(text, origin)] from text or a list of text; a bad item is reported and left out."""
    if isinstance(value.data, str):
        return [(value.data.strip(), value.origin)]
    if not isinstance(value.data, YamlList):
        raise Invalid(f"'{value.name}' takes text or a list of text, not {describe_type(value.data)}")
    items = []
    for item, node in zip(value.data, value.data.item_nodes):
        origin = value.validator.origin(value.source, node)
        if isinstance(item, str) and item.strip():
            items.append((item.strip(), origin))
        elif isinstance(item, str):
            value.validator.error(origin, f"an item of '{value.name}' is empty: remove it or give it text")
        else:
            value.validator.error(origin, f"each item of '{value.name}' must be text, "
                                  f"not {describe_type(item)}")
    return items


READERS: dict[str, Callable[[Value], object]] = {
    "text": read_text, "url": read_url, "id": read_id, "choice": read_choice,
    "markdown": read_markdown, "markdowns": read_markdowns, "quote": read_quote, "date": read_date,
    "number": read_number, "bool": read_bool, "names": read_names,
    "ref": read_ref, "refs": read_refs, "records": read_records, "series": read_series,
}
