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


def data_json(linked: Linked, known: dict | None = None, made: dict | None = None) -> str:
    """The whole validated knowledge base as JSON (docs/DATA.md).

    `known` and `made` are for the dev server: each record's JSON by the entry
    or article and where its quote stands, from the last build and made now."""
    content = linked.content
    # base_url is the address this build was made for (validate settled it: --base-url wins).
    site = {name: _value(getattr(content.site, name))
            for name in (f.name for f in dataclasses.fields(content.site))}
    head = json.dumps({"format": DATA_FORMAT, "version": DATA_VERSION, "site": site}, ensure_ascii=False, indent=1)
    pieces = [head[:-2]]  # without its closing "\n}": the lists follow
    groups = (("articles", content.articles), ("facts", content.facts), ("actors", content.actors),
              ("terms", content.terms), ("events", content.events), ("sources", content.sources))
    for key, items in groups:
        texts = [_record_json(item, linked.placements, known, made) for item in items]
        # As json.dumps(..., indent=1) lays out a list of records two levels down.
        pieces.append(f',\n "{key}": ' + ("[\n" + ",\n".join(texts) + "\n ]" if texts else "[]"))
    return "".join(pieces) + "\n}\n"


def _record_json(item, placements: dict[str, tuple[str, str]], known: dict | None, made: dict | None) -> str:
    """One record, indented as it stands in data.json."""
    placed = None if isinstance(item, model.Article) else placements.get(item.id)
    text = known.get((item, placed)) if known is not None else None
    if text is None:
        if isinstance(item, model.Article):
            record = _record(item, urls.article_url(item.slug), skip=("body",))
        else:
            record = _record(item, urls.entry_url(item))
            if placed is not None:
                record["placed_in"] = urls.block_url(*placed)
        text = "  " + json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n  ")
    if made is not None:
        made[(item, placed)] = text
    return text


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
