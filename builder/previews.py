"""What the preview of an entry shows, and the texts it is made of: first
sentences, a figure as shown, a role with its date.

A link to an entry carries its preview as compact JSON in `data-preview`;
explainer.js shows it on hover, keyboard focus or a first tap. Without
JavaScript the link is a plain link and the attribute does nothing.

    actor  {"kind": "Person", "name": "Vladimir Putin", "role": "President of Russia",
            "text": "Has led Russia since 2000."}
    term   {"kind": "Glossary", "name": "Veto", "text": "<first sentence or two>"}
    fact   {"kind": "Fact check", "name": "<title>", "status": "reported",
            "figure": "up to 4.8 million", "claimant": "Shin Won-sik", "as_of": "June 2024"}
    event  {"kind": "Timeline", "name": "<title>", "date": "19 June 2024"}
    source {"kind": "Source", "name": "<title>", "text": "<publisher>"}

The name is given once: a mention by alias ("Pyongyang") shows whom it means.
"""

from __future__ import annotations

import json
import re

from builder import model
from builder.dates import span_text

PREVIEW_CHARS = 280
"""A preview is a glance, not the entry: longer text is cut at a word."""
DESCRIPTION_CHARS = 200
SENTENCE = re.compile(r"(.{20,}?[.!?])(?=\s|$)")


def preview(entry: model.Entry, text: str, names: dict[str, str]) -> dict[str, str]:
    """The preview's fields (empty ones left out). `text` is the entry's summary or
    definition as plain text; `names` gives each id's display name."""
    if isinstance(entry, model.Actor):
        text = first_sentences(text, 2, PREVIEW_CHARS)
        if entry.role and text.startswith(entry.role + "."):
            text = text[len(entry.role) + 1:].strip()  # "President of Russia. Born in ..."
        fields = {"kind": entry.kind.capitalize(), "name": entry.name, "role": role_text(entry) or "",
                  "text": text}
    elif isinstance(entry, model.Term):
        fields = {"kind": "Glossary", "name": entry.term, "text": first_sentences(text, 2, PREVIEW_CHARS)}
    elif isinstance(entry, model.Fact):
        fields = {"kind": "Fact check", "name": entry.title, "status": entry.status,
                  "figure": figure_text(entry) if entry.kind == "figure" else "",
                  "claimant": names[entry.claimed_by.id] if entry.claimed_by else "",
                  "as_of": entry.as_of.text if entry.as_of else ""}
    elif isinstance(entry, model.Event):
        fields = {"kind": "Timeline", "name": entry.title, "date": span_text(entry.date, entry.end)}
    else:
        fields = {"kind": "Source", "name": entry.title, "text": entry.publisher or ""}
    return {key: value for key, value in fields.items() if value}


def preview_json(entry: model.Entry, text: str, names: dict[str, str]) -> str:
    return json.dumps(preview(entry, text, names), ensure_ascii=False, separators=(",", ":"))


def first_sentences(text: str, count: int, limit: int) -> str:
    """The first `count` sentences (of 20 characters at least) of plain text, at most
    `limit` characters: a further sentence is added only while the text stays within it."""
    taken, position = "", 0
    for _ in range(count):
        match = SENTENCE.match(text, position)
        if match is None:
            taken = taken or text
            break
        sentence = match.group(1).strip()
        if taken and len(taken) + len(sentence) >= limit:
            break
        taken = f"{taken} {sentence}".strip()
        position = match.end()
    return taken if len(taken) <= limit else taken[:limit - 1].rsplit(" ", 1)[0] + "…"


def first_sentence(text: str) -> str:
    """For a page's description: the first sentence, cut at 200 characters."""
    return first_sentences(text, 1, DESCRIPTION_CHARS)


def role_text(actor: model.Actor) -> str:
    """'President of Russia (as of June 2024)': a role is shown with the date it was true."""
    if actor.role and actor.role_as_of:
        return f"{actor.role} (as of {actor.role_as_of.text})"
    return actor.role


def figure_text(fact: model.Fact) -> str:
    """`display`, or qualifier + number + unit: "up to 4.8 million shells"."""
    if fact.display:
        return fact.display
    parts = [fact.qualifier, format_number(fact.value), fact.unit]
    return " ".join(p for p in parts if p)


def format_number(value: int | float | None) -> str:
    if value is None:
        return ""
    for size, word in ((1_000_000_000, "billion"), (1_000_000, "million")):
        if abs(value) >= size:
            scaled = value / size
            text = f"{scaled:.1f}".rstrip("0").rstrip(".")
            return f"{text} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"
