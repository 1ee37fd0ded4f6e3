"""data.json: every validated entry of the knowledge base, field by field, with its URL.

Others can reuse the curation; docs/DATA.md describes the format. Pure:
takes the linked content, returns the file's text (produce.py writes it).
"""

from __future__ import annotations

import dataclasses
import json

from builder import model, urls
from builder.dates import PartialDate
from builder.linked import Linked

DATA_FORMAT = "explainer-data"
DATA_VERSION = 1


def data_json(linked: Linked) -> str:
    """The whole validated knowledge base as JSON (docs/DATA.md)."""
    content = linked.content
    # base_url is the address this build was made for (validate settled it: --base-url wins).
    site = {name: _value(getattr(content.site, name))
            for name in (f.name for f in dataclasses.fields(content.site))}
    placements = linked.placements
    data = {
        "format": DATA_FORMAT, "version": DATA_VERSION, "site": site,
        "articles": [_record(a, urls.article_url(a.slug), skip=("body",)) for a in content.articles],
    }
    for key, entries in (("facts", content.facts), ("actors", content.actors),
                         ("terms", content.terms), ("events", content.events),
                         ("sources", content.sources)):
        records = []
        for entry in entries:
            record = _record(entry, urls.entry_url(entry))
            if entry.id in placements:
                slug, block_id = placements[entry.id]
                record["placed_in"] = urls.block_url(slug, block_id)
            records.append(record)
        data[key] = records
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _record(item, page: str, skip: tuple[str, ...] = ()) -> dict:
    record = {}
    for field in dataclasses.fields(item):
        if field.name == "origin" or field.name in skip:
            continue
        record[field.name] = _value(getattr(item, field.name))
    record["page"] = page
    return record


def _value(value):
    """Model values as JSON: dates as YYYY[-MM[-DD]], references as ids, Markdown as its text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, PartialDate):
        return value.iso
    if isinstance(value, model.Reference):
        return value.id
    if isinstance(value, (model.Markdown, model.Quote)):
        return value.text
    if isinstance(value, (tuple, list)):
        return [_value(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _value(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name != "origin"}
    raise TypeError(f"no JSON form for {type(value).__name__}")
