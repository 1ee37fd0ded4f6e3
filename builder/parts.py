"""The pieces several pages share, as views: links, dates, sources, fact boxes, events.

A piece depends on the entry and on the page's depth (its links are
relative), so each is made once per entry and depth: the same fact box
stands on the article, the facts page, actor pages and the home page.
Making each piece anew made a build of content/ take 1.08 times as long
(bench/caches.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from builder import charts, model, structured, urls, usage, views
from builder.dates import PartialDate, span_text
from builder.link import Linked, LinkedArticle
from builder.previews import figure_text, format_number

STATUS_LABELS = {status: status.capitalize() for status in model.STATUSES}
USED_GROUPS = (("Fact boxes", "facts"), ("Timeline", "events"), ("Glossary", "terms"), ("Actors", "actors"))
"""Where-it-is-used lists: heading and the field of usage.Usage."""
USE_COUNTS = (("mentions", "paragraph of the article", "paragraphs of the article"),
              ("facts", "fact box", "fact boxes"), ("events", "timeline event", "timeline events"),
              ("terms", "glossary entry", "glossary entries"), ("actors", "actor profile", "actor profiles"),
              ("pages", "byline or summary", "bylines or summaries"))
"""How an actor page sums up its uses: field of usage.Usage, one, many."""


class Parts:
    """Makes the views of one build's Linked data, each once per entry and page depth."""

    def __init__(self, linked: Linked):
        self.linked = linked
        self.entries = linked.content.entries
        self._made: dict[tuple[str, str, str], object] = {}
        titles = {item.article.slug: item.article.title for item in linked.articles}
        self._article_titles = titles if len(titles) > 1 else {}
        """Slug -> title, only when there are several articles to tell apart."""
        self.used = usage.usage(linked)
        self.jsonld = structured.StructuredData(linked)
        dates = [a.published for a in linked.content.articles if a.published]
        self.newest: PartialDate | None = max(dates, key=lambda d: d.last_day) if dates else None
        """The newest article's date: events after it are "what happened since"."""

    def _once(self, kind: str, entry_id: str, prefix: str, make: Callable[[], object]):
        key = (kind, entry_id, prefix)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = make()
        return made

    # -- small pieces ----------------------------------------------------------
    def link(self, entry_id: str, prefix: str) -> views.Link:
        entry = self.entries[entry_id]
        return self._once("link", entry_id, prefix, lambda: views.Link(
            model.display_name(entry), urls.href(urls.entry_url(entry), prefix)))

    def links(self, refs: Iterable[model.Reference], prefix: str) -> tuple[views.Link, ...]:
        return tuple(self.link(ref.id, prefix) for ref in refs)

    @staticmethod
    def date(value: PartialDate | None) -> views.Date | None:
        return views.Date(value.iso, value.text) if value else None

    def markdown(self, entry_id: str, name: str, prefix: str) -> str:
        html = self.linked.markdown.get((entry_id, name))
        return html.at(prefix) if html else ""

    def backlinks(self, entry_id: str, prefix: str) -> tuple[views.Backlink, ...]:
        return tuple(views.Backlink(
            href=urls.href(urls.block_url(b.slug, b.block_id), prefix),
            article=self._article_titles.get(b.slug, ""), number=b.number,
            before=b.snippet.before, words=b.snippet.words, after=b.snippet.after,
        ) for b in self.linked.backlinks.get(entry_id, ()))

    def placement(self, entry_id: str, prefix: str) -> views.Placement | None:
        where = self.linked.placements.get(entry_id)
        if where is None:
            return None
        slug, block_id = where
        return views.Placement(urls.href(urls.block_url(slug, block_id), prefix),
                               urls.href(urls.quote_url(slug, entry_id), prefix))

    def sources(self, refs: Iterable[model.Reference], prefix: str) -> tuple[views.SourceLine, ...]:
        return tuple(self.source_line(self.entries[ref.id], prefix) for ref in refs)

    def source_line(self, source: model.Source, prefix: str) -> views.SourceLine:
        return self._once("source", source.id, prefix, lambda: views.SourceLine(
            title=source.title, publisher=source.publisher, url=source.url,
            date=self.date(source.date), state_media=source.kind == "state-media",
            href=urls.href(urls.entry_url(source), prefix)))

    # -- boxes and cards -----------------------------------------------------------
    def fact_box(self, fact: model.Fact, prefix: str) -> views.FactBox:
        return self._once("fact", fact.id, prefix, lambda: views.FactBox(
            id=fact.id, title=fact.title, kind=fact.kind,
            figure=figure_text(fact) if fact.kind == "figure" else "",
            status=fact.status, status_label=STATUS_LABELS[fact.status],
            claimed_by=self.link(fact.claimed_by.id, prefix) if fact.claimed_by else None,
            as_of=self.date(fact.as_of),
            body_html=self.markdown(fact.id, "body", prefix),
            sources=self.sources(fact.sources, prefix),
            related=self.links(fact.related, prefix),
            placement=self.placement(fact.id, prefix),
            href=urls.href(urls.entry_url(fact), prefix),
            chart=self.chart(fact, prefix) if fact.series else None,
        ))

    def chart(self, fact: model.Fact, prefix: str) -> views.Chart:
        """The fact's series as a full chart, a small one and the rows of its table."""
        points, rows = [], []
        for point in fact.series:
            text = " ".join(part for part in (point.qualifier, format_number(point.value), fact.unit) if part)
            first = self.entries[point.sources[0].id] if point.sources else None
            points.append(charts.Point(
                point.date, point.value, text,
                urls.href(urls.entry_url(first), prefix) if first else "",
                (first.publisher or first.title) if first else ""))
            rows.append(views.ChartRow(self.date(point.date), text, self.sources(point.sources, prefix)))
        title = f"How the figure changed: {fact.unit or fact.title}"
        options = {"title": title, "y_label": fact.unit or "value", "style": fact.chart}
        return views.Chart(
            title=title,
            full=charts.draw(points, chart_id=urls.chart_anchor(fact.id), **options),
            small=charts.draw(points, chart_id=urls.chart_anchor(fact.id, small=True), small=True, **options),
            rows=tuple(rows),
        )

    def event_item(self, event: model.Event, prefix: str) -> views.EventItem:
        return self._once("event", event.id, prefix, lambda: views.EventItem(
            id=event.id, title=event.title,
            date=self.date(event.date), end=self.date(event.end),
            when=span_text(event.date, event.end),
            body_html=self.markdown(event.id, "body", prefix),
            actors=self.links(event.actors, prefix),
            related=self.links(event.related, prefix),
            sources=self.sources(event.sources, prefix),
            placement=self.placement(event.id, prefix),
            href=urls.href(urls.entry_url(event), prefix),
            actor_ids=" ".join(ref.id for ref in event.actors),
            after=self.after_articles(event.date),
        ))

    def after_articles(self, date: PartialDate) -> bool:
        """True when `date` lies wholly after the newest article's date (of its precision):
        an event of June 2024 is not after an article of June 2024."""
        return self.newest is not None and date.first_day > self.newest.last_day

    def box(self, entry: model.Fact | model.Event, prefix: str) -> views.FactBox | views.EventItem:
        """What stands beside a quote in the article: a fact box or an event."""
        if isinstance(entry, model.Fact):
            return self.fact_box(entry, prefix)
        return self.event_item(entry, prefix)

    def used_in(self, entry_id: str, prefix: str) -> views.UsedIn:
        """Where an entry is used besides the article's paragraphs, grouped, with a total."""
        used = self.used[entry_id]
        groups = [views.UsedGroup(label, self.links_to(getattr(used, name), prefix))
                  for label, name in USED_GROUPS if getattr(used, name)]
        if used.pages:
            titles = {a.slug: a.title for a in self.linked.content.articles}
            groups.append(views.UsedGroup("Bylines and summaries", tuple(
                views.Link("Key points", urls.href(urls.HOME, prefix)) if place == "" else
                views.Link(titles[place], urls.href(urls.article_url(place), prefix))
                for place in used.pages)))
        counts = ((len(getattr(used, name)), one, many) for name, one, many in USE_COUNTS)
        summary = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)
        return views.UsedIn(used.count, tuple(groups), summary)

    def links_to(self, entry_ids: Iterable[str], prefix: str) -> tuple[views.Link, ...]:
        return tuple(self.link(entry_id, prefix) for entry_id in entry_ids)

    def article_card(self, item: LinkedArticle, prefix: str) -> views.ArticleCard:
        article = item.article
        if item.author_id:
            author = self.link(item.author_id, prefix)
        else:
            author = views.Link(article.author, "") if article.author else None
        return views.ArticleCard(
            title=article.title, href=urls.href(urls.article_url(article.slug), prefix),
            author=author, publisher=article.publisher,
            published=self.date(article.published), url=article.url,
            summary_html=item.summary.at(prefix) if item.summary else "",
        )
