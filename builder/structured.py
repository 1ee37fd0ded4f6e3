"""Structured data: JSON-LD for each page kind, and data.json of the whole knowledge base.

JSON-LD (schema.org) lets search engines and other tools read what a page
is about: an article (NewsArticle or one of its kinds, such as
OpinionNewsArticle), a person, organization or country, the glossary as a
DefinedTermSet, the timeline's events, and where the page sits
(BreadcrumbList). data.json carries every validated entry, field by field,
with its URL, so others can reuse the curation; docs/DATA.md describes it.

Pure: takes the linked content and returns plain dicts; pages.py gives each
page its JSON-LD and render.py adds data.json to the site's files.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re

from builder import model, urls
from builder.dates import PartialDate
from builder.link import Html, Linked

CONTEXT = "https://schema.org"
ARTICLE_TYPES = {
    "news": "NewsArticle", "opinion": "OpinionNewsArticle", "analysis": "AnalysisNewsArticle",
    "background": "BackgroundNewsArticle", "reportage": "ReportageNewsArticle",
    "review": "ReviewNewsArticle",
}
ACTOR_TYPES = {"person": "Person", "organization": "Organization", "group": "Organization",
               "country": "Country"}
DATA_FORMAT = "explainer-data"
DATA_VERSION = 1
_TAG = re.compile(r"<[^>]+>")


def plain(rendered: Html | None) -> str:
    """The text of rendered Markdown, without tags, whitespace collapsed."""
    if rendered is None:
        return ""
    return " ".join(html.unescape(_TAG.sub(" ", rendered.at(""))).split())


def script(graph: list[dict]) -> str:
    """The JSON for a <script type="application/ld+json"> element.

    `<`, `>` and `&` are escaped so no text can close the script element.
    """
    text = json.dumps({"@context": CONTEXT, "@graph": graph}, ensure_ascii=False,
                      separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class StructuredData:
    """Builds the JSON-LD objects of each page kind from linked content."""

    def __init__(self, linked: Linked):
        self.linked = linked
        self.content = linked.content
        self.base_url = linked.content.site.base_url

    def address(self, url: str) -> str:
        """Absolute when the public address is known, else relative to the site root."""
        return urls.absolute(self.base_url, url) if self.base_url else url

    def text(self, entry_id: str, name: str) -> str:
        return plain(self.linked.markdown.get((entry_id, name)))

    def breadcrumbs(self, trail: list[tuple[str, str]]) -> dict:
        """BreadcrumbList from (name, url) pairs, home first."""
        return {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": self.address(url)}
            for n, (name, url) in enumerate(trail, 1)]}

    def trail(self, *steps: tuple[str, str]) -> dict:
        return self.breadcrumbs([(self.content.site.title, urls.HOME), *steps])

    def website(self) -> list[dict]:
        site = self.content.site
        node = {"@type": "WebSite", "name": site.title, "url": self.address(urls.HOME),
                "inLanguage": site.language}
        if site.description:
            node["description"] = site.description
        node["hasPart"] = [{"@id": self.address(urls.article_url(a.slug))} for a in self.content.articles]
        return [node]

    def article(self, item) -> list[dict]:
        article: model.Article = item.article
        page = self.address(urls.article_url(article.slug))
        node = {"@type": ARTICLE_TYPES[article.genre], "@id": page, "headline": article.title,
                "mainEntityOfPage": page, "inLanguage": self.content.site.language}
        if item.author_id:
            actor = self.content.entries[item.author_id]
            node["author"] = self.actor_ref(actor)
        elif article.author:
            node["author"] = {"@type": "Person", "name": article.author}
        if article.publisher:
            node["publisher"] = {"@type": "Organization", "name": article.publisher}
        if article.published:
            node["datePublished"] = article.published.iso
        if article.url:
            node["url"] = article.url
            node["isBasedOn"] = article.url
        if item.summary is not None:
            node["description"] = plain(item.summary)
        # Who and what it names: actors and terms (a [[link]] to a fact, event or source is no mention).
        mentioned = [self.content.entries[entry_id] for entry_id, links in self.linked.backlinks.items()
                     if any(b.slug == article.slug for b in links)]
        mentioned = [entry for entry in mentioned if isinstance(entry, (model.Actor, model.Term))]
        if mentioned:
            node["mentions"] = [self.ref(entry) for entry in mentioned]
        return [node, self.trail((article.title, urls.article_url(article.slug)))]

    def actor_ref(self, actor: model.Actor) -> dict:
        return {"@type": ACTOR_TYPES[actor.kind], "name": actor.name,
                "url": self.address(urls.actor_url(actor.id))}

    def ref(self, entry: model.Actor | model.Term) -> dict:
        if isinstance(entry, model.Actor):
            return self.actor_ref(entry)
        return {"@type": "DefinedTerm", "name": entry.term, "url": self.address(urls.entry_url(entry))}

    def actor(self, actor: model.Actor) -> list[dict]:
        url = urls.actor_url(actor.id)
        node = {**self.actor_ref(actor), "@id": self.address(url)}
        if actor.aliases:
            node["alternateName"] = list(actor.aliases)
        if actor.role and actor.kind == "person":
            node["jobTitle"] = actor.role
        summary = self.text(actor.id, "summary")
        if summary or actor.role:
            node["description"] = summary or actor.role
        dates = (("birthDate", actor.born), ("deathDate", actor.died)) if actor.kind == "person" \
            else (("foundingDate", actor.founded),) if actor.kind != "country" else ()
        for name, value in dates:
            if value:
                node[name] = value.iso
        return [node, self.trail(("Actors", urls.INDEX_PAGES["actors"]), (actor.name, url))]

    def glossary(self) -> list[dict]:
        url = urls.INDEX_PAGES["glossary"]
        set_id = self.address(url)
        terms = []
        for term in self.content.terms:
            node = {"@type": "DefinedTerm", "@id": self.address(urls.entry_url(term)),
                    "name": term.term, "termCode": term.id,
                    "description": self.text(term.id, "definition"),
                    "url": self.address(urls.entry_url(term)), "inDefinedTermSet": {"@id": set_id}}
            if term.aliases:
                node["alternateName"] = list(term.aliases)
            terms.append(node)
        glossary = {"@type": "DefinedTermSet", "@id": set_id,
                    "name": f"Glossary: {self.content.site.title}", "url": set_id,
                    "hasDefinedTerm": terms}
        return [glossary, self.trail(("Glossary", url))]

    def timeline(self) -> list[dict]:
        url = urls.INDEX_PAGES["timeline"]
        events = []
        for event in self.content.events:
            node = {"@type": "Event", "@id": self.address(urls.entry_url(event)), "name": event.title,
                    "startDate": event.date.iso, "url": self.address(urls.entry_url(event))}
            if event.end:
                node["endDate"] = event.end.iso
            body = self.text(event.id, "body")
            if body:
                node["description"] = body
            if event.actors:
                node["about"] = [self.actor_ref(self.content.entries[r.id]) for r in event.actors]
            events.append(node)
        listing = {"@type": "ItemList", "name": f"Timeline: {self.content.site.title}",
                   "url": self.address(url),
                   "itemListElement": [{"@type": "ListItem", "position": n, "item": {"@id": e["@id"]}}
                                       for n, e in enumerate(events, 1)]}
        return [listing, *events, self.trail(("Timeline", url))]

    def index_page(self, name: str) -> list[dict]:
        """The pages that need no more than where they sit: facts, sources, actors, search."""
        return [self.trail((name.capitalize(), urls.INDEX_PAGES[name]))]


# -- data.json ---------------------------------------------------------------

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
