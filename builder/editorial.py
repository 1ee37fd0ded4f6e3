"""Editorial warnings: content that builds but would not pass a newsroom editor.

Each warning names the entry's position, as errors do. They never stop a
build; `check` lists them so an editor can fix them before publishing.
"""

from __future__ import annotations

from builder import model
from builder.diagnostics import Diagnostic


def warnings(content: model.Content) -> list[Diagnostic]:
    found = [*_sources(content.sources), *_roles(content.actors),
             *_facts(content.facts, content.entries)]
    return [Diagnostic(o.path, o.line, o.column, message, "warning") for o, message in found]


def _sources(sources):
    for source in sources:
        if source.title.startswith("["):
            yield source.origin, (f"source '{source.id}' has a bracketed title; give the page's "
                                  "own headline, or say plainly that the title is a description")
        if source.dated is None:
            yield source.origin, (f"source '{source.id}' has no date; give the page's 'date' "
                                  "(or, for a reference page that changes, 'accessed')")


def _roles(actors):
    for actor in actors:
        if actor.kind == "person" and actor.died is None and actor.role and actor.role_as_of is None:
            yield actor.origin, (f"actor '{actor.id}' is a living person whose role has no "
                                 "'role_as_of'; say when the role was last known to be true")


def _facts(facts, entries):
    for fact in facts:
        dates = [entries[ref.id].dated for ref in fact.sources]
        if fact.as_of is None or not dates or None in dates:
            continue
        # Lenient with precision: "2024-06" is not later than a source of "2024-06-14".
        if fact.as_of.first_day > max(d.last_day for d in dates):
            latest = max(dates, key=lambda d: d.last_day)
            yield fact.origin, (f"fact '{fact.id}' is as of {fact.as_of.text}, later than every "
                                f"one of its sources (the latest is {latest.text}); cite a source "
                                "that supports the later date, or move 'as_of' back")
