"""Which fields each record has, and of what kind: the content format as tables.

    "as_of": DATE,                 an optional date
    "title": required(TEXT),       text that must be there
    "sources": refs("source"),     ids of sources, one or a list

Adding an optional field of a known kind is one line in a table here; the
model class gets a field of the same name, which receives the value.
`builder/fields.py` has one reader per kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from builder import model


@dataclass(frozen=True, slots=True)
class Field:
    kind: str
    """text, url, markdown, markdowns, quote, id, date, number, bool, choice, names, ref, refs,
    records or series."""
    required: bool = False
    choices: tuple[str, ...] = ()
    """For choice: the values allowed."""
    targets: str = "any"
    """For ref and refs: which entries a reference may name: any, source or actor."""
    item_fields: dict[str, Field] = field(default_factory=dict)
    """For records and series: the fields of each item."""
    item_type: type | None = None
    """For records and series: the model class each item becomes (it takes `origin` too)."""


TEXT = Field("text")
URL = Field("url")
"""A web address, shown as a link: http(s) only."""
MARKDOWN = Field("markdown")
MARKDOWNS = Field("markdowns")
"""A list of Markdown texts, e.g. key points."""
QUOTE = Field("quote")
"""Words of an article, whitespace collapsed."""
ID = Field("id")
DATE = Field("date")
NUMBER = Field("number")
BOOL = Field("bool")
NAMES = Field("names")
"""Text or a list of text, e.g. aliases."""


def required(spec: Field) -> Field:
    return replace(spec, required=True)


def choice(values: tuple[str, ...]) -> Field:
    return Field("choice", choices=values)


def ref(targets: str = "any") -> Field:
    """One id."""
    return Field("ref", targets=targets)


def refs(targets: str = "any") -> Field:
    """One id or a list of ids."""
    return Field("refs", targets=targets)


def records(item_fields: dict[str, Field], item_type: type) -> Field:
    """A list of mappings, each read by `item_fields` into an `item_type`."""
    return Field("records", item_fields=item_fields, item_type=item_type)


SERIES_POINT = {
    "date": required(DATE), "value": required(NUMBER),
    "qualifier": choice(model.QUALIFIERS), "sources": refs("source"),
}
SERIES = Field("series", item_fields=SERIES_POINT, item_type=model.SeriesPoint)
"""A fact's dated values, each a mapping of SERIES_POINT: records in date order."""


FACT = {
    "id": required(ID), "title": required(TEXT),
    "kind": choice(model.FACT_KINDS), "value": NUMBER,
    "unit": TEXT, "qualifier": choice(model.QUALIFIERS),
    "display": TEXT, "as_of": DATE,
    "claimed_by": ref("actor"),
    "status": choice(model.STATUSES), "quote": QUOTE,
    "body": MARKDOWN, "sources": refs("source"),
    "related": refs(), "series": SERIES, "chart": choice(model.CHARTS),
}
ACTOR = {
    "id": required(ID), "name": required(TEXT),
    "kind": required(choice(model.ACTOR_KINDS)), "aliases": NAMES,
    "role": TEXT, "role_as_of": DATE, "summary": MARKDOWN,
    "born": DATE, "died": DATE, "founded": DATE,
    "sources": refs("source"), "related": refs(),
}
TERM = {
    "id": required(ID), "term": required(TEXT),
    "definition": required(MARKDOWN), "aliases": NAMES,
    "case_sensitive": BOOL, "see_also": refs(),
    "sources": refs("source"),
}
EVENT = {
    "id": required(ID), "date": required(DATE), "title": required(TEXT),
    "end": DATE, "body": MARKDOWN,
    "actors": refs("actor"), "related": refs(),
    "sources": refs("source"), "quote": QUOTE,
}
SOURCE = {
    "id": required(ID), "title": required(TEXT), "publisher": TEXT,
    "author": TEXT, "url": URL, "date": DATE, "accessed": DATE,
    "archive": URL, "kind": choice(model.SOURCE_KINDS),
}
SITE = {
    "title": required(TEXT), "description": TEXT,
    "language": TEXT, "base_url": TEXT, "checked": DATE,
    "key_points": MARKDOWNS,
}
ARTICLE = {
    "title": required(TEXT), "slug": ID, "author": TEXT,
    "publisher": TEXT, "published": DATE, "url": URL,
    "summary": MARKDOWN, "seed": TEXT, "genre": choice(model.GENRES),
}

ENTRY_FIELDS: dict[type, dict[str, Field]] = {
    model.Fact: FACT, model.Actor: ACTOR, model.Term: TERM, model.Event: EVENT, model.Source: SOURCE,
}
