"""Link every article and render every page, each written out as soon as it is made.

Two passes:

1. Each article is linked and its page rendered and written at once, in
   worker processes (builder/parallel.py): its HTML is never held with the
   others'. A worker sends back what the rest of the site needs from it:
   its backlinks, the quotes it holds, problems. Every article is linked as
   if it came first, so the workers need not wait for each other; an article
   that holds a quote an earlier article also holds (the first occurrence
   wins) is linked and written again with only its own quotes, which gives
   the bytes a one-by-one build gives.
2. The pages that gather all articles (glossary, actors, home...) and
   data.json are rendered from the merged backlinks, in this process.

With a memo (the dev server's, builder/incremental.py), what did not change
since the last build is not done again.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from builder import data_json, model, parallel, urls
from builder.backlinks import Backlink, article_backlinks
from builder.diagnostics import Diagnostic
from builder.incremental import ArticleMemo, Memo
from builder.link import (assemble, entry_markdown, link_article, link_context, merge_backlinks, quote_winners,
                          unplaced_quotes)
from builder.linked import Linked, LinkedArticle
from builder.main_blocks import MainBlocks
from builder.markdown.entry_texts import parse_text
from builder.pages import article_page, gathering_page, gathering_pages, page_urls, stale_pages
from builder.parts import Parts, newest_date
from builder.render import Page, render_page
from builder.sinks import Sink

DATA = urls.DATA
"""data.json, made with the pages that gather all articles (data_json.py)."""
PARALLEL_MIN_ARTICLES = 32
"""Fewer articles are built in one process. Forking the workers cost 90 ms
(median of 5, from a process holding 300 articles, on the shared machine);
an article costs about 9 ms of CPU, so a second core saves about 4.5 ms per
article and pays for the workers from about 20 articles on."""


@dataclass(frozen=True, slots=True)
class ArticleDone:
    """What the rest of the build needs from one linked and written article."""

    item: LinkedArticle
    """Without its chunks and blocks (the page is written)."""
    backlinks: dict[str, tuple[Backlink, ...]]
    placed: tuple[tuple[str, str], ...]
    """The quotes it holds as if it came first."""
    diagnostics: tuple[Diagnostic, ...]
    template_errors: tuple[Diagnostic, ...]
    files: tuple[tuple[str, bytes], ...] = ()
    """The page, when the sink is not shared."""
    named: frozenset[str] = frozenset()
    """The entries its author and summary name (their pages list it)."""
    version: bytes = dataclasses.field(default_factory=lambda: os.urandom(8))
    """Unique to this result (random: made in any process): what is rendered
    from it is cached under this token (fragments.py)."""
    page: tuple = ()
    """With a memo: (its chunks, its mentions), to make its page again when
    only the site's settings changed, without linking it again."""


@dataclass(slots=True)
class Rendered:
    linked: Linked | None
    urls: list[str]
    """Every page's URL, in the sitemap's order."""
    diagnostics: list[Diagnostic]
    """What linking found: seeds that differ, quotes found nowhere."""
    template_errors: list[Diagnostic]
    remember: Callable[[], None]
    """Keep this build's results in the memo: call it once its pages are written."""
    outputs: set[str] = dataclasses.field(default_factory=set)
    """The output path of every file of the site, written by this build or not."""


def render_site(content: model.Content, seeds: dict[str, str], env: jinja2.Environment, sink: Sink,
                jobs: int, template_problem: Callable[[Exception], Diagnostic | None],
                memo: Memo | None = None, check_quotes: bool = True) -> Rendered:
    """Link and render every page into `sink`; see the module's docstring.

    `seeds` holds the seeds that could be read. With `check_quotes` False (an
    article was left out for its errors) a quote found nowhere is not
    reported: it may stand in that article."""
    try:
        macros = env.get_template("_macros.html").module
    except Exception as error:  # noqa: BLE001 - a template may raise anything (1 // 0)
        return Rendered(None, [], [], [_template_problem(template_problem, error)], lambda: None)
    return _Producer(content, seeds, env, macros, sink, template_problem, memo, check_quotes).run(jobs)


def _template_problem(template_problem: Callable[[Exception], Diagnostic | None], error: Exception) -> Diagnostic:
    """The diagnostic for an exception a template raised; any other is a builder bug, raised again."""
    problem = template_problem(error)
    if problem is None:
        raise error
    return problem


class _Producer:
    def __init__(self, content, seeds, env, macros, sink, template_problem, memo, check_quotes):
        self.content, self.seeds, self.env, self.macros = content, seeds, env, macros
        self.sink, self.template_problem, self.memo = sink, template_problem, memo
        self.check_quotes = check_quotes
        # What every page may show besides its own article: an event's place
        # before or after the newest article is on every page that shows it.
        # The pieces made from the entries (links, Markdown, backlinks lists,
        # glossary terms) see no setting of site.yaml but its key points (an
        # entry is used there); every page's frame sees them all.
        self.entries_world = (content.site.key_points, tuple(content.entries.values()), newest_date(content))
        self.world = (content.site, self.entries_world)
        self.same_entries = memo is not None and memo.links is not None and memo.entries_world == self.entries_world
        self.same_world = self.same_entries and memo.world == self.world
        if self.same_entries:
            ctx, self.markdown = memo.links
            self.ctx = dataclasses.replace(ctx, content=content, seeds=seeds)
        else:
            self.ctx = link_context(content, seeds)
            self.markdown = entry_markdown(self.ctx)
        self.first = Parts(assemble(self.ctx, self.markdown, [], ({}, {}), {}, []), macros)
        # Of the pages that gather articles (an article's page changes with the
        # article; at 1,000 articles keeping its block would hold its HTML once more).
        self.blocks = MainBlocks(memo.mains) if memo is not None else None

    def run(self, jobs: int) -> Rendered:
        articles = self.content.articles
        done, own, redone = self.articles(jobs if len(articles) >= PARALLEL_MIN_ARTICLES else 1)
        winners = quote_winners([d.placed for d in done])
        redone |= self.place_quotes(done, own, winners)
        for result in done:
            for rel, data in result.files:
                self.sink.write(rel, data)
        diagnostics = [d for result in done for d in result.diagnostics]
        template_errors = [d for result in done for d in result.template_errors]
        placements = {entry_id: (articles[index].slug, block) for entry_id, (index, block) in winners.items()}
        if self.check_quotes:
            diagnostics += unplaced_quotes(self.ctx, set(placements),
                                           lambda: [link_article(self.ctx, a, ()).item for a in articles])
        slugs = [a.slug for a in articles]
        since = self.changes(slugs, done, redone, placements)
        backlinks = merge_backlinks(slugs, [d.backlinks for d in done], self.content.entries,
                                    *((self.memo.backlinks, redone, since[1]) if since else ()))
        linked = assemble(self.ctx, self.markdown, [d.item for d in done], backlinks, placements, diagnostics)
        versions = {a.slug: d.version for a, d in zip(articles, done)}
        stale = None if since is None else self.stale(since)
        parts, records, problems = self.gathering(linked, versions, stale)
        # One broken template breaks every page that uses it: say so once.
        errors = list(dict.fromkeys(template_errors + problems))
        page_list = page_urls(self.content)
        outputs = {urls.output_path(url) for url in page_list} | {DATA}
        return Rendered(linked, page_list, diagnostics, errors,
                        lambda: self.remember(done, own, linked, versions, parts, records), outputs)

    def emit(self, page: Page) -> tuple[tuple[str, bytes], ...]:
        """Write a page made in a worker, or send it back to be written here."""
        if self.sink.shared:
            self.sink.write(urls.output_path(page.url), _data(page))
            return ()
        return ((urls.output_path(page.url), page.html.encode("utf-8")),)

    def article_task(self, index: int, requests=None) -> ArticleDone:
        article = self.content.articles[index]
        linked = link_article(self.ctx, article, requests)
        broken, files = self.write_article(linked.item, linked.mentions)
        item = linked.item
        backlinks = article_backlinks(article.slug, item.blocks, linked.mentions)
        named = [article.author] if article.author in self.content.entries else []
        if article.summary is not None:
            named += [link.entry_id for link in parse_text(article.summary.text).links]
        return ArticleDone(dataclasses.replace(item, chunks=(), blocks=()), backlinks, linked.placed,
                           linked.diagnostics, broken, files, frozenset(named),
                           page=(item.chunks, linked.mentions) if self.memo is not None else ())

    def write_article(self, item: LinkedArticle, mentions) -> tuple[tuple[Diagnostic, ...], tuple]:
        """Render and write the article's page: (the template's problem, if any; the files to write here)."""
        try:
            page = article_page(self.first, item, mentions)
            return (), self.emit(render_page(self.env, self.content.site, page))
        except Exception as error:  # noqa: BLE001 - a template may raise anything
            return (_template_problem(self.template_problem, error),), ()

    def article_again(self, known: ArticleDone) -> ArticleDone:
        """The article's page made again, its links as they were (only the site's settings changed)."""
        chunks, mentions = known.page
        broken, files = self.write_article(dataclasses.replace(known.item, chunks=chunks), mentions)
        return dataclasses.replace(known, template_errors=broken, files=files)

    def articles(self, jobs: int) -> tuple[list[ArticleDone], list[frozenset[str]], set[int]]:
        """Each article's result, the quotes its written page holds, and which
        were linked in this build; with a memo, an article is linked again only
        when it, its seed or the entries world changed, and its page is made
        again when the site's settings did."""
        articles = self.content.articles
        kept = self.memo.articles if self.same_entries else {}
        done: list = [None] * len(articles)
        own: list[frozenset[str]] = [frozenset()] * len(articles)
        todo = []
        for index, article in enumerate(articles):
            known = kept.get(article.slug)
            if known is None or known.article != article or known.seed != self.seeds.get(article.seed):
                todo.append(index)
            elif self.same_world:
                done[index], own[index] = known.done, known.own
            elif known.done.page:
                done[index], own[index] = self.article_again(known.done), known.own
            else:
                todo.append(index)
        for index, result in zip(todo, parallel.run(self.worker_task, todo, jobs)):
            result = dataclasses.replace(result, item=dataclasses.replace(result.item, article=articles[index]))
            done[index], own[index] = result, frozenset(entry_id for entry_id, _ in result.placed)
        return done, own, set(todo)

    def worker_task(self, index: int) -> ArticleDone:
        """`article_task`, its result without the article (None), which the parent
        has: a copy sent back was a quarter of the parent's memory at N=5000 (47 MB)."""
        result = self.article_task(index)
        return dataclasses.replace(result, item=dataclasses.replace(result.item, article=None))

    def place_quotes(self, done: list[ArticleDone], own: list[frozenset[str]], winners) -> set[int]:
        """An article holding a quote an earlier one holds is done again with only its own."""
        again = set()
        for index, result in enumerate(done):
            wins = frozenset(entry_id for entry_id, _ in result.placed if winners[entry_id][0] == index)
            if wins != own[index]:
                redone = self.article_task(index, tuple(r for r in self.ctx.requests if r.entry_id in wins))
                done[index] = dataclasses.replace(redone, placed=result.placed)
                own[index] = wins
                again.add(index)
        return again

    def changes(self, slugs: list[str], done: list[ArticleDone], redone: set[int], placements: dict):
        """What changed since the memo's build: (articles changed, the entries they
        touch or touched, whether a quote moved); None when everything may have."""
        memo = self.memo
        if not self.same_world or memo.backlinks is None or memo.multi != (len(slugs) > 1):
            return None
        old = memo.articles
        here = set(slugs)
        if [slug for slug in old if slug in here] != [slug for slug in slugs if slug in old]:
            return None  # articles that stay changed places (a slug moved to another file)
        gone = old.keys() - here
        touched = set().union(*(_shown(old[slug].done) for slug in gone))
        for index in redone:
            before = old.get(slugs[index])
            touched |= _shown(done[index]) if before is None else _changed(before.done, done[index], memo.multi)
        return bool(redone or gone), touched, placements != memo.placements

    def stale(self, since: tuple[bool, set[str], bool]) -> set[str]:
        changed, touched, moved = since
        return stale_pages(self.content, changed, touched, moved) | ({DATA} if changed or moved else set())

    def gathering(self, linked: Linked, versions: dict[str, bytes], stale: set[str] | None):
        """Render the pages that gather all articles, and data.json; with a memo,
        only those that show what changed (all of them if `stale` is None)."""
        memo = self.memo
        parts = Parts(linked, self.macros, memo, versions if memo else None, self.same_entries)
        names = [name for name in (*gathering_pages(self.content), DATA) if stale is None or name in stale]
        records, problems = None, []
        # In this process: workers forked from a process that holds every
        # backlink nearly doubled the peak memory (182 MB against 107 MB at
        # 1,000 articles) to save part of a seventh of the time.
        for name in names:
            if name == DATA:
                records = {} if memo else None
                self.sink.write(DATA, data_json.data_json(linked, memo.records if memo else None, records)
                                .encode("utf-8"))
                continue
            try:
                page = gathering_page(parts, name)
                page = render_page(self.env, self.content.site, page, stream=name == "glossary", blocks=self.blocks)
                self.sink.write(urls.output_path(page.url), _data(page))
            except Exception as error:  # noqa: BLE001 - a template may raise anything
                problems.append(_template_problem(self.template_problem, error))
        return parts, records, problems

    def remember(self, done, own, linked: Linked, versions, parts: Parts, records) -> None:
        memo, seeds = self.memo, self.seeds
        memo.world, memo.entries_world, memo.links = self.world, self.entries_world, (self.ctx, self.markdown)
        memo.backlinks, memo.placements = (linked.backlinks, linked.mentions), linked.placements
        memo.multi = len(done) > 1
        kept = memo.articles
        memo.articles = {}
        for article, result, holds in zip(self.content.articles, done, own):
            known = kept.get(article.slug)
            if known is None or known.done is not result:
                known = ArticleMemo(article, seeds.get(article.seed), dataclasses.replace(result, files=()), holds)
            memo.articles[article.slug] = known
        if records is not None:
            memo.records = records
        pages = set(page_urls(self.content))
        memo.mains = {url: main for url, main in {**memo.mains, **self.blocks.made}.items() if url in pages}
        parts.fragments.keep(memo, set(versions.values()))


def _shown(result: ArticleDone) -> set[str]:
    """The entries whose pages show something of the article: their backlinks, or its title."""
    return set(result.backlinks) | result.named


def _changed(before: ArticleDone, after: ArticleDone, multi: bool) -> set[str]:
    """The entries whose pages show something that changed between two results of an article.

    Its title stands where an entry's page says what names the entry (a byline or
    summary: `named`), and in the entry's backlinks only when there are several
    articles to tell apart (`multi`; fragments.py)."""
    links = before.backlinks.keys() | after.backlinks.keys()
    touched = {e for e in links if before.backlinks.get(e) != after.backlinks.get(e)} | (before.named ^ after.named)
    if before.item.article.title != after.item.article.title:
        touched |= before.named | after.named | (links if multi else set())
    return touched


def _data(page: Page):
    """The page's bytes, or for a streamed page its pieces as bytes."""
    return page.html.encode("utf-8") if page.parts is None else (p.encode("utf-8") for p in page.parts)
