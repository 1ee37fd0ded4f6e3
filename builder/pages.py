"""What each page shows: one function per page kind, from Linked data to views.

    article_page(parts, item) -> PageContent("article.html", "articles/kim-putin/",
                                             "What To Make of …", {"chunks": …, …})

render.py puts each through its template.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder import model, urls, views
from builder.link import LinkedArticle
from builder.parts import Parts

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


def site_pages(parts: Parts) -> list[PageContent]:
    """Every page of the site, in a fixed order."""
    linked = parts.linked
    return [
        home_page(parts),
        *(article_page(parts, item) for item in linked.articles),
        glossary_page(parts), timeline_page(parts), actors_page(parts),
        *(actor_page(parts, actor) for actor in linked.content.actors),
        facts_page(parts), sources_page(parts),
        PageContent("404.html", urls.NOT_FOUND, "Page not found"),
    ]


def home_page(parts: Parts) -> PageContent:
    content, prefix = parts.linked.content, urls.page_prefix(urls.HOME)
    groups = {"actors": content.actors, "glossary": content.terms, "timeline": content.events,
              "facts": content.facts, "sources": content.sources}
    return PageContent("index.html", urls.HOME, content.site.title, {
        "articles": [parts.article_card(item, prefix) for item in parts.linked.articles],
        "key_figures": [parts.fact_box(f, prefix) for f in content.facts if f.kind == "figure"],
        "counts": [views.Count(label, len(groups[page]), urls.href(urls.INDEX_PAGES[page], prefix))
                   for label, page in HOME_COUNTS],
    })


def article_page(parts: Parts, item: LinkedArticle) -> PageContent:
    url = urls.article_url(item.article.slug)
    prefix = urls.page_prefix(url)
    entries = parts.entries
    chunks = [views.Chunk(chunk.html, tuple(parts.box(entries[i], prefix) for i in chunk.boxes))
              for chunk in item.chunks]
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
    }, description=item.description, og_type="article")


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
        ))
    groups = [views.LetterGroup(letter, urls.letter_anchor(letter),
                                urls.fragment(urls.letter_anchor(letter)), tuple(terms))
              for letter, terms in sorted(letters.items(), key=lambda kv: (kv[0] == "#", kv[0]))]
    return PageContent("glossary.html", url, "Glossary", {"groups": groups},
                       description=f"Every term in {content.site.title}, A to Z.")


def _letter(term: str) -> str:
    """The letter a term is filed under: A to Z, or '#' for anything else."""
    letter = term[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


def timeline_page(parts: Parts) -> PageContent:
    content, url = parts.linked.content, urls.INDEX_PAGES["timeline"]
    prefix = urls.page_prefix(url)
    years: dict[int, list[views.EventItem]] = {}
    # sorted() is stable, so events with the same date keep file order.
    for event in sorted(content.events, key=lambda e: e.date.sort_key):
        years.setdefault(event.date.year, []).append(parts.event_item(event, prefix))
    groups = [views.YearGroup(year, urls.year_anchor(year), urls.fragment(urls.year_anchor(year)),
                              tuple(events)) for year, events in years.items()]
    return PageContent("timeline.html", url, "Timeline", {"years": groups},
                       description=f"Every event in {content.site.title}, in date order.")


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
                       description=f"The people, countries and organizations in {content.site.title}.")


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
    }, description=role_text(actor), og_type="profile" if actor.kind == "person" else "website")


def role_text(actor: model.Actor) -> str:
    """'President of Russia (as of June 2024)': a role is shown with the date it was true."""
    if actor.role and actor.role_as_of:
        return f"{actor.role} (as of {actor.role_as_of.text})"
    return actor.role


def facts_page(parts: Parts) -> PageContent:
    content, url = parts.linked.content, urls.INDEX_PAGES["facts"]
    prefix = urls.page_prefix(url)
    return PageContent("facts.html", url, "Fact boxes", {
        "facts": [parts.fact_box(f, prefix) for f in content.facts],
    }, description=f"Every checked claim in {content.site.title}, with its sources.")


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
                       description=f"Every source cited in {content.site.title}.")
