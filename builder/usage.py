"""Where each entry is used: in the article, in fact boxes, timeline events,
other glossary entries and actor profiles, and on the home page.

A glossary entry that the article never names may still be what a fact box
or an event explains with it; "mentioned 0 times" is only true when nothing
anywhere uses it. `unused` turns the entries nothing uses or links to into
warnings for `check`.

Pure: derived from Linked (backlinks and references), no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder import model
from builder.diagnostics import Diagnostic
from builder.backlinks import Backlink
from builder.link import Linked
from builder.markdown.entry_texts import parse_text


@dataclass(frozen=True, slots=True)
class Usage:
    mentions: tuple[Backlink, ...] = ()
    """Paragraphs of articles that name it."""
    facts: tuple[str, ...] = ()
    """Ids of fact boxes that name it (a field or [[id]] in their text)."""
    events: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    """Other glossary entries whose definition or `see_also` names it."""
    actors: tuple[str, ...] = ()
    """Actor profiles whose summary or `related` names it."""
    sources: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    """Article slugs whose byline or summary names it, and '' for the home page's key points."""

    @property
    def count(self) -> int:
        return (len(self.mentions) + len(self.facts) + len(self.events) + len(self.terms)
                + len(self.actors) + len(self.sources) + len(self.pages))


GROUPS = {model.Fact: "facts", model.Event: "events", model.Term: "terms",
          model.Actor: "actors", model.Source: "sources"}


def usage(linked: Linked) -> dict[str, Usage]:
    """Entry id -> where it is used, for every entry (unused ones get an empty Usage)."""
    content = linked.content
    pages: dict[str, list[str]] = {}
    for article in content.articles:
        if article.author in content.entries:
            pages.setdefault(article.author, []).append(article.slug)
    texts = [(a.slug, a.summary.text) for a in content.articles if a.summary is not None]
    texts += [("", point.text) for point in content.site.key_points]
    for place, text in texts:
        for link in parse_text(text).links:
            bucket = pages.setdefault(link.entry_id, [])
            if place not in bucket:
                bucket.append(place)
    result = {}
    for entry_id, entry in content.entries.items():
        groups: dict[str, list[str]] = {name: [] for name in GROUPS.values()}
        for other_id in linked.referenced_by.get(entry_id, ()):
            groups[GROUPS[type(content.entries[other_id])]].append(other_id)
        result[entry_id] = Usage(
            mentions=linked.backlinks.get(entry_id, ()),
            pages=tuple(pages.get(entry_id, ())),
            **{name: tuple(ids) for name, ids in groups.items()},
        )
    return result


def unused(linked: Linked) -> list[Diagnostic]:
    """A warning for each actor, term and source that nothing uses or links to.

    Facts and events are not listed: each stands on its own index page.
    """
    used = usage(linked)
    warnings = []
    for entry in (*linked.content.actors, *linked.content.terms, *linked.content.sources):
        if used[entry.id].count == 0:
            kind = {model.Actor: "actor", model.Term: "glossary term", model.Source: "source"}[type(entry)]
            what = "is cited by nothing" if isinstance(entry, model.Source) else \
                "is not mentioned in any article and nothing links to it"
            warnings.append(Diagnostic(
                entry.origin.path, entry.origin.line, entry.origin.column,
                f"{kind} '{entry.id}' ({model.display_name(entry)}) {what}; "
                "link it with [[" + entry.id + "]] where it helps, or remove it", "warning"))
    return warnings
