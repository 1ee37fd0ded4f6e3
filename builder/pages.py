"""What each page shows: one function per page kind, from Linked data to views.

    article_page(parts, item) -> PageContent("article.html", "articles/kim-putin/",
                                             "What To Make of …", {"chunks": …, …})

render.py puts each through its template.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder import model, timeline_strip, urls, views
from builder.link import LinkedArticle
from builder.parts import Parts
from builder.previews import role_text

KIND_LABELS = {kind: kind.capitalize() for kind in model.ACTOR_KINDS}
GROUP_HEADINGS = {"person": "People", "country": "Countries",
                  "organization": "Organizations", "group": "Groups"}
"""Each of model.ACTOR_KINDS as the heading of its group on the actors page."""
SOURCE_KIND_LABELS = {"official": "Official record", "agency": "News agency", "news": "News",
                      "analysis": "Analysis", "reference": "Reference", "state-media": "State media"}
"""Each of model.SOURCE_KINDS as the sources page shows it."""
HOME_COUNTS = (("Actors", "actors"), ("Glossary terms", "glossary"), ("Timeline events", "timeline"),
               ("Fact boxes", "facts"), ("Sources", "sources"))
"""The home page's counts: label and index page (a key of urls.INDEX_PAGES)."""


@dataclass(frozen=True, slots=True)
class PageContent:
    template: str
    url: str
    """Relative to the site root: '', 'actors/putin/', '404.html'."""
    title: str
    context: dict[str, object] = field(default_factory=dict)
    """Template variable -> view."""
    description: str = ""
    """'' for the site's description."""
    og_type: str = "website"
    jsonld: list[dict] = field(default_factory=list)
    """The page's structured data (structured.py): what it is about, where it sits."""


def site_pages(parts: Parts) -> list[PageContent]:
    """Every page of the site, in a fixed order."""
    linked = parts.linked
    return [
        home_page(parts),
        *(article_page(parts, item) for item in linked.articles),
        glossary_page(parts), timeline_page(parts), actors_page(parts),
        *(actor_page(parts, actor) for actor in linked.content.actors),
        facts_page(parts), sources_page(parts), search_page(parts),
        PageContent("404.html", urls.NOT_FOUND, "Page not found"),
    ]


def home_page(parts: Parts) -> PageContent:
    content, prefix = parts.linked.content, urls.page_prefix(urls.HOME)
    groups = {"actors": content.actors, "glossary": content.terms, "timeline": content.events,
              "facts": content.facts, "sources": content.sources}
    since = sorted((e for e in content.events if parts.after_articles(e.date)),
                   key=lambda e: e.date.sort_key, reverse=True)
    return PageContent("index.html", urls.HOME, content.site.title, {
        "key_points": [point.at(prefix) for point in parts.linked.key_points],
        "since": [parts.event_item(e, prefix) for e in since],
        "since_as_of": parts.date(since[0].date) if since else None,
        "since_after": parts.date(parts.newest),
        "timeline_href": urls.href(urls.INDEX_PAGES["timeline"], prefix),
        "articles": [parts.article_card(item, prefix) for item in parts.linked.articles],
        "key_figures": [parts.fact_box(f, prefix) for f in content.facts if f.kind == "figure"],
        "counts": [views.Count(label, len(groups[page]), urls.href(urls.INDEX_PAGES[page], prefix))
                   for label, page in HOME_COUNTS],
        "search_href": urls.href(urls.SEARCH, prefix),
        "facts_href": urls.href(urls.INDEX_PAGES["facts"], prefix),
    }, jsonld=parts.jsonld.website())


def article_page(parts: Parts, item: LinkedArticle) -> PageContent:
    url = urls.article_url(item.article.slug)
    prefix = urls.page_prefix(url)
    entries = parts.entries
    # Each note shows its marker's number and links back to the quoted words.
    chunks = [views.Chunk(chunk.html, tuple(
        views.Note(item.note_numbers[i], urls.fragment(urls.quote_anchor(i)), parts.box(entries[i], prefix))
        for i in chunk.boxes)) for chunk in item.chunks]
    mentioned: dict[str, list[views.Link]] = {"actors": [], "terms": []}
    for entry_id, backlinks in parts.linked.backlinks.items():
        if any(b.slug == item.article.slug for b in backlinks):
            key = "actors" if isinstance(entries[entry_id], model.Actor) else "terms"
            mentioned[key].append(parts.link(entry_id, prefix))
    for group in mentioned.values():
        group.sort(key=lambda link: link.label.casefold())
    return PageContent("article.html", url, item.article.title, {
        "article": parts.article_card(item, prefix), "chunks": chunks,
        "mentioned_actors": mentioned["actors"], "mentioned_terms": mentioned["terms"],
    }, description=item.description, og_type="article", jsonld=parts.jsonld.article(item))


def glossary_page(parts: Parts) -> PageContent:
    content, url = parts.linked.content, urls.INDEX_PAGES["glossary"]
    prefix = urls.page_prefix(url)
    letters: dict[str, list[views.GlossaryTerm]] = {}
    for term in sorted(content.terms, key=lambda t: (t.term.casefold(), t.id)):
        letters.setdefault(_letter(term.term), []).append(views.GlossaryTerm(
            id=term.id, term=term.term, aliases=term.aliases,
            definition_html=parts.markdown(term.id, "definition", prefix),
            see_also=parts.links(term.see_also, prefix),
            sources=parts.sources(term.sources, prefix),
            backlinks=parts.backlinks(term.id, prefix),
            used=parts.used_in(term.id, prefix),
        ))
    groups = [views.LetterGroup(letter, urls.letter_anchor(letter),
                                urls.fragment(urls.letter_anchor(letter)), tuple(terms))
              for letter, terms in sorted(letters.items(), key=lambda kv: (kv[0] == "#", kv[0]))]
    return PageContent("glossary.html", url, "Glossary", {"groups": groups},
                       description=f"Every term in {content.site.title}, A to Z.",
                       jsonld=parts.jsonld.glossary())


def _letter(term: str) -> str:
    """The letter a term is filed under: A to Z, or '#' for anything else."""
    letter = term[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


def timeline_page(parts: Parts) -> PageContent:
    content, url = parts.linked.content, urls.INDEX_PAGES["timeline"]
    prefix = urls.page_prefix(url)
    # sorted() is stable, so events with the same date keep file order.
    events = sorted(content.events, key=lambda e: e.date.sort_key)
    by_year: dict[int, list[views.EventItem]] = {}
    for event in events:
        by_year.setdefault(event.date.year, []).append(parts.event_item(event, prefix))
    gaps = timeline_strip.gap_years(list(by_year))
    years = [views.YearGroup(year, urls.year_anchor(year), urls.fragment(urls.year_anchor(year)),
                             tuple(items), timeline_strip.gap_text(gaps[year]) if year in gaps else "")
             for year, items in by_year.items()]
    after = sum(1 for e in events if parts.after_articles(e.date))
    return PageContent("timeline.html", url, "Timeline", {
        "years": years, "strip": _overview(parts, years), "actors": _timeline_actors(parts, events, prefix),
        "total": len(events), "after": after, "before": len(events) - after,
        "article_date": parts.date(parts.newest),
        "timeline_script": urls.href(urls.static_url("timeline.js"), prefix),
    }, description=f"Every event in {content.site.title}, in date order.", jsonld=parts.jsonld.timeline())


def _overview(parts: Parts, years: list[views.YearGroup]) -> str:
    """The overview strip's SVG: the years with events, and the newest article's date marked."""
    if not years:
        return ""
    markers = [timeline_strip.Marker(parts.newest, f"Article, {parts.newest.text}")] if parts.newest else []
    return timeline_strip.draw([timeline_strip.Year(y.year, len(y.events), y.href) for y in years],
                               markers, strip_id=urls.TIMELINE_OVERVIEW_ANCHOR)


def _timeline_actors(parts: Parts, events: list[model.Event], prefix: str) -> list[views.TimelineActor]:
    """The actors the timeline can be filtered by, A to Z, each with its events counted."""
    counts: dict[str, int] = {}
    for event in events:
        for actor_id in dict.fromkeys(ref.id for ref in event.actors):
            counts[actor_id] = counts.get(actor_id, 0) + 1
    names = {actor_id: parts.entries[actor_id].name for actor_id in counts}
    return [views.TimelineActor(actor_id, names[actor_id], counts[actor_id],
                                urls.href(urls.actor_events_url(actor_id), prefix))
            for actor_id in sorted(counts, key=lambda i: (names[i].casefold(), i))]


def actors_page(parts: Parts) -> PageContent:
    content, url = parts.linked.content, urls.INDEX_PAGES["actors"]
    prefix = urls.page_prefix(url)
    groups = []
    for kind in model.ACTOR_KINDS:
        members = sorted((a for a in content.actors if a.kind == kind), key=lambda a: (a.name.casefold(), a.id))
        if members:
            groups.append(views.KindGroup(GROUP_HEADINGS[kind], urls.kind_anchor(kind), tuple(
                views.ActorLine(a.name, role_text(a), urls.href(urls.actor_url(a.id), prefix)) for a in members)))
    return PageContent("actors.html", url, "Actors", {"groups": groups},
                       description=f"The people, countries and organizations in {content.site.title}.",
                       jsonld=parts.jsonld.index_page("actors"))


def actor_page(parts: Parts, actor: model.Actor) -> PageContent:
    url = urls.actor_url(actor.id)
    prefix = urls.page_prefix(url)
    referencing = [parts.entries[i] for i in parts.linked.referenced_by.get(actor.id, ())]
    events = sorted((e for e in referencing if isinstance(e, model.Event)), key=lambda e: e.date.sort_key)
    dates = tuple(views.LabelledDate(label, value.iso, value.text) for label, value in
                  (("Born", actor.born), ("Died", actor.died), ("Founded", actor.founded)) if value)
    profile = views.ActorProfile(
        id=actor.id, name=actor.name, kind=actor.kind, kind_label=KIND_LABELS[actor.kind],
        role=role_text(actor), aliases=actor.aliases, dates=dates,
        summary_html=parts.markdown(actor.id, "summary", prefix),
        related=parts.links(actor.related, prefix), sources=parts.sources(actor.sources, prefix),
    )
    return PageContent("actor.html", url, actor.name, {
        "actor": profile,
        "facts": [parts.fact_box(e, prefix) for e in referencing if isinstance(e, model.Fact)],
        "events": [parts.event_item(e, prefix) for e in events],
        "referenced_by": [parts.link(e.id, prefix) for e in referencing
                          if not isinstance(e, (model.Fact, model.Event))],
        "backlinks": parts.backlinks(actor.id, prefix),
        "index_href": urls.href(urls.INDEX_PAGES["actors"], prefix),
        "events_anchor": urls.ACTOR_EVENTS_ANCHOR,
        "used": parts.used_in(actor.id, prefix),
    }, description=role_text(actor), og_type="profile" if actor.kind == "person" else "website",
        jsonld=parts.jsonld.actor(actor))


def facts_page(parts: Parts) -> PageContent:
    content, url = parts.linked.content, urls.INDEX_PAGES["facts"]
    prefix = urls.page_prefix(url)
    return PageContent("facts.html", url, "Fact boxes", {
        "facts": [parts.fact_box(f, prefix) for f in content.facts],
    }, description=f"Every checked claim in {content.site.title}, with its sources.",
        jsonld=parts.jsonld.index_page("facts"))


def sources_page(parts: Parts) -> PageContent:
    content, url = parts.linked.content, urls.INDEX_PAGES["sources"]
    prefix = urls.page_prefix(url)
    items = [views.SourceItem(
        id=source.id, title=source.title, publisher=source.publisher, author=source.author,
        url=source.url, date=parts.date(source.date), accessed=parts.date(source.accessed),
        archive=source.archive, kind_label=SOURCE_KIND_LABELS.get(source.kind, ""),
        state_media=source.kind == "state-media",
        cited_by=tuple(parts.link(i, prefix) for i in parts.linked.referenced_by.get(source.id, ())),
    ) for source in content.sources]
    return PageContent("sources.html", url, "Sources", {"sources": items},
                       description=f"Every source cited in {content.site.title}.",
                       jsonld=parts.jsonld.index_page("sources"))


def search_page(parts: Parts) -> PageContent:
    title, prefix = parts.linked.content.site.title, urls.page_prefix(urls.SEARCH)
    return PageContent("search.html", urls.SEARCH, "Search", {
        "indexes": [views.Link(name.capitalize(), urls.href(target, prefix))
                    for name, target in urls.INDEX_PAGES.items()],
    }, description=f"Search {title}: articles, actors, terms, events, facts and sources.",
        jsonld=[parts.jsonld.trail(("Search", urls.SEARCH))])
