"""The jinja2 environment and one context per page kind.

Templates receive ready data (dicts of text and finished hrefs); they hold
no logic beyond loops and conditionals. Every href comes from urls.py.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from xml.sax.saxutils import escape as xml_escape

import jinja2

from builder import model, urls
from builder.dates import PartialDate, span_text
from builder.link import Html, Linked, display_names, first_sentence
from builder.load import ReadError, read_bytes

STATUS_LABELS = {"confirmed": "Confirmed", "reported": "Reported",
                 "unconfirmed": "Unconfirmed", "disputed": "Disputed"}
KIND_GROUPS = (("person", "People"), ("country", "Countries"),
               ("organization", "Organizations"), ("group", "Groups"))
NAV_SECTIONS = tuple((name.capitalize(), url) for name, url in urls.INDEX_PAGES.items())
"""Header links after Home, in the order of urls.INDEX_PAGES."""
KIND_LABELS = {"person": "Person", "country": "Country",
               "organization": "Organization", "group": "Group"}
SOURCE_KIND_LABELS = {"official": "Official record", "agency": "News agency", "news": "News",
                      "analysis": "Analysis", "reference": "Reference", "state-media": "State media"}


def role_text(actor) -> str:
    """'President of Russia (as of June 2024)': a role is shown with the date it was true."""
    if actor.role and actor.role_as_of:
        return f"{actor.role} (as of {actor.role_as_of.text})"
    return actor.role


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    """Relative to the site root: '', 'actors/putin/', '404.html'."""
    html: str


class TemplateFileError(jinja2.TemplateError):
    """A template file that the read rule refuses; `filename` says which."""

    def __init__(self, message: str, filename: str) -> None:
        super().__init__(message)
        self.filename = filename
        self.lineno = None


class TemplateLoader(jinja2.BaseLoader):
    """Templates from one folder, each read by the builder's one read rule."""

    def __init__(self, folder: Path, inside: Path) -> None:
        self.folder = folder
        self.inside = inside

    def get_source(self, environment, template):
        path = self.folder.joinpath(*jinja2.loaders.split_template_path(template))
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        try:
            source = read_bytes(path, self.inside).decode("utf-8")
            mtime = os.stat(path).st_mtime_ns
        except (ReadError, OSError) as error:
            raise TemplateFileError(str(error), str(path)) from None
        except UnicodeDecodeError as error:
            raise TemplateFileError(f"file is not UTF-8 (byte 0x{error.object[error.start]:02x}): "
                                    "save it as UTF-8", str(path)) from None

        def uptodate() -> bool:
            try:
                return os.stat(path).st_mtime_ns == mtime
            except OSError:
                return False
        return source, str(path), uptodate


@functools.lru_cache(maxsize=8)
def make_environment(template_dir: Path, inside: Path) -> jinja2.Environment:
    """One environment per template folder, kept between builds (the dev server
    rebuilds on every save): compiling the templates is a third of a build.
    auto_reload makes an edited template compile again."""
    return jinja2.Environment(
        loader=TemplateLoader(template_dir, inside),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )


def _per_page_depth(make):
    """Build a fact box or event once per entry and page depth, ready for templates.

    The same box stands on the article, the facts page, actor pages and the
    home page; building it once and handing templates attribute objects
    halved the time of rendering.
    """
    def cached(self, entry, prefix):
        key = (make.__name__, entry.id, prefix)
        if key not in self._made:
            self._made[key] = ready(make(self, entry, prefix))
        return self._made[key]
    return cached


class SiteRenderer:
    """Builds each page's context from Linked data and renders its template."""

    def __init__(self, linked: Linked, env: jinja2.Environment, base_url: str | None):
        self.linked = linked
        self.content = linked.content
        self.env = env
        self.base_url = base_url
        self.entries = linked.content.entries
        self._made: dict[tuple, SimpleNamespace] = {}

    # -- the whole site ----------------------------------------------------
    def pages(self) -> list[Page]:
        pages = [self.home()]
        pages += [self.article(a) for a in self.linked.articles]
        pages += [self.glossary(), self.timeline(), self.actors_index()]
        pages += [self.actor(a) for a in self.content.actors]
        pages += [self.facts(), self.sources(), self.not_found()]
        return pages

    def _render(self, template: str, url: str, title: str, **context) -> Page:
        prefix = urls.page_prefix(url)
        is_404 = url == urls.NOT_FOUND
        if is_404:
            # GitHub serves 404.html at any depth: links must start with the base path.
            prefix = urls.base_path(self.base_url)
        site = self.content.site
        canonical = urls.absolute(self.base_url, url) if self.base_url and not is_404 else None
        page = {
            "lang": site.language,
            "site_title": site.title,
            "checked": self.date(site.checked),
            "title": title,
            "full_title": title if url == urls.HOME else f"{title} · {site.title}",
            "description": context.pop("description", "") or site.description,
            "canonical": canonical,
            "og_type": context.pop("og_type", "website"),
            "stylesheet": urls.href(urls.static_url("style.css"), prefix),
            "script": urls.href(urls.static_url("explainer.js"), prefix),
            "home": urls.href(urls.HOME, prefix),
            "nav": [
                {"label": label, "href": urls.href(target, prefix), "current": target == url}
                for label, target in (("Home", urls.HOME), *NAV_SECTIONS)
            ],
        }
        context = {name: ready(value) for name, value in context.items()}
        html = self.env.get_template(template).render(page=ready(page), **context)
        return Page(url, html)

    # -- helpers that make ready data --------------------------------------
    def link(self, entry_id: str, prefix: str) -> SimpleNamespace:
        key = ("link", entry_id, prefix)
        if key not in self._made:
            entry = self.entries[entry_id]
            self._made[key] = SimpleNamespace(label=model.display_name(entry),
                                              href=urls.href(urls.entry_url(entry), prefix))
        return self._made[key]

    def links(self, refs, prefix: str) -> list[SimpleNamespace]:
        return [self.link(r.id, prefix) for r in refs]

    @staticmethod
    def date(value: PartialDate | None) -> SimpleNamespace | None:
        return SimpleNamespace(iso=value.iso, text=value.text) if value else None

    def md(self, entry_id: str, name: str, prefix: str) -> str:
        html: Html | None = self.linked.markdown.get((entry_id, name))
        return html.at(prefix) if html else ""

    def backlinks(self, entry_id: str, prefix: str) -> list[dict]:
        titles = {a.article.slug: a.article.title for a in self.linked.articles}
        return [{
            "href": urls.href(urls.block_url(b.slug, b.block_id), prefix),
            "article": titles[b.slug] if len(titles) > 1 else "",
            "number": b.number,
            "before": b.snippet.before, "words": b.snippet.words, "after": b.snippet.after,
        } for b in self.linked.backlinks.get(entry_id, ())]

    def placement(self, entry_id: str, prefix: str) -> dict | None:
        where = self.linked.placements.get(entry_id)
        if where is None:
            return None
        slug, block_id = where
        return {"href": urls.href(urls.block_url(slug, block_id), prefix),
                "quote_href": urls.href(urls.article_url(slug) + "#q_" + entry_id, prefix)}

    def sources_of(self, refs, prefix: str) -> list[SimpleNamespace]:
        return [self.source_line(self.entries[ref.id], prefix) for ref in refs]

    @_per_page_depth
    def source_line(self, source: model.Source, prefix: str) -> dict:
        return {"title": source.title, "publisher": source.publisher,
                "url": source.url, "date": self.date(source.date),
                "state_media": source.kind == "state-media",
                "href": urls.href(urls.entry_url(source), prefix)}

    @_per_page_depth
    def fact_box(self, fact: model.Fact, prefix: str) -> dict:
        claimed = self.link(fact.claimed_by.id, prefix) if fact.claimed_by else None
        return {
            "type": "fact", "id": fact.id, "title": fact.title, "kind": fact.kind,
            "figure": figure_text(fact) if fact.kind == "figure" else "",
            "status": fact.status, "status_label": STATUS_LABELS[fact.status],
            "claimed_by": claimed, "as_of": self.date(fact.as_of),
            "body_html": self.md(fact.id, "body", prefix),
            "sources": self.sources_of(fact.sources, prefix),
            "related": self.links(fact.related, prefix),
            "placement": self.placement(fact.id, prefix),
            "href": urls.href(urls.entry_url(fact), prefix),
        }

    @_per_page_depth
    def event_item(self, event: model.Event, prefix: str) -> dict:
        return {
            "type": "event", "id": event.id, "title": event.title,
            "date": self.date(event.date), "end": self.date(event.end),
            "when": span_text(event.date, event.end),
            "body_html": self.md(event.id, "body", prefix),
            "actors": self.links(event.actors, prefix),
            "related": self.links(event.related, prefix),
            "sources": self.sources_of(event.sources, prefix),
            "placement": self.placement(event.id, prefix),
            "href": urls.href(urls.entry_url(event), prefix),
        }

    def article_card(self, item, prefix: str) -> dict:
        article = item.article
        author = (self.link(item.author_id, prefix) if item.author_id
                  else ({"label": article.author, "href": ""} if article.author else None))
        return {
            "title": article.title,
            "href": urls.href(urls.article_url(article.slug), prefix),
            "author": author, "publisher": article.publisher,
            "published": self.date(article.published), "url": article.url,
            "summary_html": item.summary.at(prefix) if item.summary else "",
        }

    # -- pages ----------------------------------------------------------------
    def home(self) -> Page:
        prefix = ""
        counts = [
            {"label": label, "count": len(entries), "href": urls.href(urls.INDEX_PAGES[page], prefix)}
            for label, entries, page in (
                ("Actors", self.content.actors, "actors"),
                ("Glossary terms", self.content.terms, "glossary"),
                ("Timeline events", self.content.events, "timeline"),
                ("Fact boxes", self.content.facts, "facts"),
                ("Sources", self.content.sources, "sources"))
        ]
        return self._render(
            "index.html", urls.HOME, self.content.site.title,
            articles=[self.article_card(a, prefix) for a in self.linked.articles],
            key_figures=[self.fact_box(f, prefix) for f in self.content.facts if f.kind == "figure"],
            counts=counts,
        )

    def article(self, item) -> Page:
        url = urls.article_url(item.article.slug)
        prefix = urls.page_prefix(url)
        chunks = []
        for chunk in item.chunks:
            boxes = []
            for entry_id in chunk.boxes:
                entry = self.entries[entry_id]
                if isinstance(entry, model.Fact):
                    boxes.append(self.fact_box(entry, prefix))
                else:
                    boxes.append(self.event_item(entry, prefix))
            chunks.append({"html": chunk.html, "boxes": boxes})
        mentioned = {"actors": [], "terms": []}
        for entry_id, backlinks in self.linked.backlinks.items():
            if any(b.slug == item.article.slug for b in backlinks):
                entry = self.entries[entry_id]
                key = "actors" if isinstance(entry, model.Actor) else "terms"
                mentioned[key].append(self.link(entry_id, prefix))
        for group in mentioned.values():
            group.sort(key=lambda link: link.label.casefold())
        description = (first_sentence(item.article.summary.text, display_names(self.content))
                       if item.summary else "")
        return self._render(
            "article.html", url, item.article.title,
            description=description, og_type="article",
            article=self.article_card(item, prefix), chunks=chunks,
            mentioned_actors=mentioned["actors"], mentioned_terms=mentioned["terms"],
        )

    def glossary(self) -> Page:
        url = urls.INDEX_PAGES["glossary"]
        prefix = urls.page_prefix(url)
        letters: dict[str, list[dict]] = {}
        for term in sorted(self.content.terms, key=lambda t: (t.term.casefold(), t.id)):
            letter = term.term[:1].upper()
            letter = letter if "A" <= letter <= "Z" else "#"
            letters.setdefault(letter, []).append({
                "id": term.id, "term": term.term, "aliases": list(term.aliases),
                "definition_html": self.md(term.id, "definition", prefix),
                "see_also": self.links(term.see_also, prefix),
                "sources": self.sources_of(term.sources, prefix),
                "backlinks": self.backlinks(term.id, prefix),
            })
        groups = [{"letter": k, "anchor": f"letter_{k if k != '#' else 'other'}", "terms": v}
                  for k, v in sorted(letters.items(), key=lambda kv: (kv[0] == "#", kv[0]))]
        return self._render("glossary.html", url, "Glossary", groups=groups,
                            description=f"Every term in {self.content.site.title}, A to Z.")

    def timeline(self) -> Page:
        url = urls.INDEX_PAGES["timeline"]
        prefix = urls.page_prefix(url)
        # sorted() is stable, so events with the same date keep file order.
        events = sorted(self.content.events, key=lambda e: e.date.sort_key)
        years: list[dict] = []
        for event in events:
            if not years or years[-1]["year"] != event.date.year:
                years.append({"year": event.date.year, "anchor": f"year_{event.date.year}", "events": []})
            years[-1]["events"].append(self.event_item(event, prefix))
        return self._render("timeline.html", url, "Timeline", years=years,
                            description=f"Every event in {self.content.site.title}, in date order.")

    def actors_index(self) -> Page:
        url = urls.INDEX_PAGES["actors"]
        prefix = urls.page_prefix(url)
        groups = []
        for kind, label in KIND_GROUPS:
            members = sorted((a for a in self.content.actors if a.kind == kind),
                             key=lambda a: (a.name.casefold(), a.id))
            if members:
                groups.append({"label": label, "anchor": f"kind_{kind}", "actors": [
                    {"name": a.name, "role": role_text(a), "href": urls.href(urls.actor_url(a.id), prefix)}
                    for a in members]})
        return self._render("actors.html", url, "Actors", groups=groups,
                            description=f"The people, countries and organizations in {self.content.site.title}.")

    def actor(self, actor: model.Actor) -> Page:
        url = urls.actor_url(actor.id)
        prefix = urls.page_prefix(url)
        referencing = [self.entries[i] for i in self.linked.referenced_by.get(actor.id, ())]
        facts = [self.fact_box(e, prefix) for e in referencing if isinstance(e, model.Fact)]
        events = sorted((e for e in referencing if isinstance(e, model.Event)),
                        key=lambda e: e.date.sort_key)
        others = [self.link(e.id, prefix) for e in referencing
                  if not isinstance(e, (model.Fact, model.Event))]
        dates = [{"label": label, "iso": value.iso, "text": value.text} for label, value in
                 (("Born", actor.born), ("Died", actor.died), ("Founded", actor.founded)) if value]
        return self._render(
            "actor.html", url, actor.name,
            description=role_text(actor),
            og_type="profile" if actor.kind == "person" else "website",
            actor={
                "id": actor.id, "name": actor.name, "kind": actor.kind,
                "kind_label": KIND_LABELS[actor.kind], "role": role_text(actor),
                "aliases": list(actor.aliases), "dates": dates,
                "summary_html": self.md(actor.id, "summary", prefix),
                "related": self.links(actor.related, prefix),
                "sources": self.sources_of(actor.sources, prefix),
            },
            facts=facts, events=[self.event_item(e, prefix) for e in events],
            referenced_by=others, backlinks=self.backlinks(actor.id, prefix),
            index_href=urls.href(urls.INDEX_PAGES["actors"], prefix),
        )

    def facts(self) -> Page:
        url = urls.INDEX_PAGES["facts"]
        prefix = urls.page_prefix(url)
        return self._render("facts.html", url, "Fact boxes",
                            facts=[self.fact_box(f, prefix) for f in self.content.facts],
                            description=f"Every checked claim in {self.content.site.title}, with its sources.")

    def sources(self) -> Page:
        url = urls.INDEX_PAGES["sources"]
        prefix = urls.page_prefix(url)
        items = []
        for source in self.content.sources:
            items.append({
                "id": source.id, "title": source.title, "publisher": source.publisher,
                "author": source.author, "url": source.url, "date": self.date(source.date),
                "accessed": self.date(source.accessed), "archive": source.archive,
                "kind_label": SOURCE_KIND_LABELS.get(source.kind, ""),
                "state_media": source.kind == "state-media",
                "cited_by": [self.link(i, prefix) for i in self.linked.referenced_by.get(source.id, ())],
            })
        return self._render("sources.html", url, "Sources", sources=items,
                            description=f"Every source cited in {self.content.site.title}.")

    def not_found(self) -> Page:
        return self._render("404.html", urls.NOT_FOUND, "Page not found")


def ready(value):
    """Dicts become attribute objects for the templates (what already is one stays).

    Jinja tries `getattr` before `[]` for `box.title`; on a plain dict that
    first try fails every time, and page rendering took 2.5 times as long.
    """
    if isinstance(value, dict):
        return SimpleNamespace(**{key: ready(item) for key, item in value.items()})
    if isinstance(value, list) and value and isinstance(value[0], (dict, list)):
        return [ready(item) for item in value]
    return value


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


def sitemap(base_url: str, pages: list[Page]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in pages:
        if page.url != urls.NOT_FOUND:
            lines.append(f"  <url><loc>{xml_escape(urls.absolute(base_url, page.url))}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(base_url: str | None) -> str:
    text = "User-agent: *\nAllow: /\n"
    if base_url:
        text += f"\nSitemap: {urls.absolute(base_url, 'sitemap.xml')}\n"
    return text
