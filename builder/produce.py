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
from pathlib import Path

import jinja2

from builder import data_json, model, parallel, urls
from builder.backlinks import Backlink, article_backlinks
from builder.diagnostics import Diagnostic
from builder.incremental import ArticleMemo, Memo
from builder.link import assemble, entry_markdown, link_article, link_context, quote_winners, unplaced_quotes
from builder.linked import Linked, LinkedArticle
from builder.pages import article_page, gathering_page, gathering_pages, page_urls
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
    version: bytes = dataclasses.field(default_factory=lambda: os.urandom(8))
    """Unique to this result (random: made in any process): what is rendered
    from it is cached under this token, see Parts.versions."""


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
    copies: dict[str, Path] = dataclasses.field(default_factory=dict)
    """Output path -> the file to copy as it is (the theme's static files)."""

    def add_files(self, made: dict[str, bytes], copies: dict[str, Path]) -> None:
        """The files the build adds besides pages and data.json."""
        self.outputs |= set(made) | set(copies)
        self.copies = copies


def render_site(content: model.Content, seeds: dict[str, str], env: jinja2.Environment, sink: Sink,
                jobs: int, template_problem: Callable[[jinja2.TemplateError], Diagnostic],
                memo: Memo | None = None) -> Rendered:
    """Link and render every page into `sink`; see the module's docstring."""
    try:
        macros = env.get_template("_macros.html").module
    except jinja2.TemplateError as error:
        return Rendered(None, [], [], [template_problem(error)], lambda: None)
    return _Producer(content, seeds, env, macros, sink, template_problem, memo).run(jobs)


class _Producer:
    def __init__(self, content, seeds, env, macros, sink, template_problem, memo):
        self.content, self.seeds, self.env, self.macros = content, seeds, env, macros
        self.sink, self.template_problem, self.memo = sink, template_problem, memo
        self.ctx = link_context(content, seeds)
        self.markdown = entry_markdown(self.ctx)
        self.first = Parts(assemble(self.ctx, self.markdown, [], [], {}, []), macros)
        # What every page may show besides its own article: an event's place
        # before or after the newest article is on every page that shows it.
        self.world = (self.ctx.key, content.site, tuple(content.entries.values()), newest_date(content))
        self.same_world = memo is not None and memo.world == self.world

    def run(self, jobs: int) -> Rendered:
        articles = self.content.articles
        done, own = self.articles(jobs if len(articles) >= PARALLEL_MIN_ARTICLES else 1)
        winners = quote_winners([d.placed for d in done])
        self.place_quotes(done, own, winners)
        for result in done:
            for rel, data in result.files:
                self.sink.write(rel, data)
        diagnostics = [d for result in done for d in result.diagnostics]
        template_errors = [d for result in done for d in result.template_errors]
        placements = {entry_id: (articles[index].slug, block) for entry_id, (index, block) in winners.items()}
        diagnostics += unplaced_quotes(self.ctx, set(placements),
                                       lambda: [link_article(self.ctx, a, ()).item for a in articles])
        linked = assemble(self.ctx, self.markdown, [d.item for d in done], [d.backlinks for d in done],
                          placements, diagnostics)
        versions = {a.slug: d.version for a, d in zip(articles, done)}
        parts, page_keys, problems = self.gathering(linked, versions)
        # One broken template breaks every page that uses it: say so once.
        errors = list(dict.fromkeys(template_errors + problems))
        page_list = page_urls(self.content)
        outputs = {urls.output_path(url) for url in page_list} | {urls.DATA}
        return Rendered(linked, page_list, diagnostics, errors,
                        lambda: self.remember(done, own, versions, parts, page_keys), outputs)

    def emit(self, page: Page) -> tuple[tuple[str, bytes], ...]:
        """Write a page made in a worker, or send it back to be written here."""
        if self.sink.shared:
            self.sink.write(urls.output_path(page.url), _data(page))
            return ()
        return ((urls.output_path(page.url), page.html.encode("utf-8")),)

    def article_task(self, index: int, requests=None) -> ArticleDone:
        linked = link_article(self.ctx, self.content.articles[index], requests)
        broken, files = (), ()
        try:
            page = article_page(self.first, linked.item, linked.mentions)
            files = self.emit(render_page(self.env, self.content.site, page))
        except jinja2.TemplateError as error:
            broken = (self.template_problem(error),)
        item = linked.item
        return ArticleDone(dataclasses.replace(item, chunks=(), blocks=()),
                           article_backlinks(item.article.slug, item.blocks, linked.mentions),
                           linked.placed, linked.diagnostics, broken, files)

    def articles(self, jobs: int) -> tuple[list[ArticleDone], list[frozenset[str]]]:
        """Each article's result and the quotes its written page holds; with a
        memo, an article is done again only when it, its seed or the world changed."""
        articles = self.content.articles
        kept = self.memo.articles if self.same_world else {}
        done: list = [None] * len(articles)
        own: list[frozenset[str]] = [frozenset()] * len(articles)
        todo = []
        for index, article in enumerate(articles):
            known = kept.get(article.slug)
            if known is not None and known.article == article and known.seed == self.seeds.get(article.seed):
                done[index], own[index] = known.done, known.own
            else:
                todo.append(index)
        for index, result in zip(todo, parallel.run(self.article_task, todo, jobs)):
            done[index], own[index] = result, frozenset(entry_id for entry_id, _ in result.placed)
        return done, own

    def place_quotes(self, done: list[ArticleDone], own: list[frozenset[str]], winners) -> None:
        """An article holding a quote an earlier one holds is done again with only its own."""
        for index, result in enumerate(done):
            wins = frozenset(entry_id for entry_id, _ in result.placed if winners[entry_id][0] == index)
            if wins != own[index]:
                again = self.article_task(index, tuple(r for r in self.ctx.requests if r.entry_id in wins))
                done[index] = dataclasses.replace(again, placed=result.placed)
                own[index] = wins

    def gathering(self, linked: Linked, versions: dict[str, bytes]):
        """Render the pages that gather all articles, and data.json; with a memo,
        only those whose articles' versions, quotes or world changed."""
        memo = self.memo
        parts = Parts(linked, self.macros) if memo is None else Parts(linked, self.macros, memo.fragments, versions)
        names = [*gathering_pages(self.content), DATA]
        quotes_at = tuple(sorted(linked.placements.items()))
        keys = {name: _page_key(name, parts, versions, quotes_at) for name in names} if memo else {}
        if self.same_world:
            names = [name for name in names if memo.pages.get(name) != keys[name]]
        problems = []
        # In this process: workers forked from a process that holds every
        # backlink nearly doubled the peak memory (182 MB against 107 MB at
        # 1,000 articles) to save part of a seventh of the time.
        for name in names:
            if name == DATA:
                self.sink.write(urls.DATA, data_json.data_json(linked).encode("utf-8"))
                continue
            try:
                page = gathering_page(parts, name)
                page = render_page(self.env, self.content.site, page, stream=name == "glossary")
                self.sink.write(urls.output_path(page.url), _data(page))
            except jinja2.TemplateError as error:
                problems.append(self.template_problem(error))
        return parts, keys, problems

    def remember(self, done, own, versions, parts: Parts, page_keys) -> None:
        memo, seeds = self.memo, self.seeds
        memo.world, memo.pages = self.world, page_keys
        memo.articles = {a.slug: ArticleMemo(a, seeds.get(a.seed), dataclasses.replace(d, files=()), o)
                         for a, d, o in zip(self.content.articles, done, own)}
        # What this build used stays, and the fragments of articles as they are now
        # (a page not rendered this time may need them next time); the rest goes.
        live = set(versions.values())
        memo.fragments = {**{key: html for key, html in memo.fragments.items() if key[-1] in live},
                          **parts.fragments.kept}


def _data(page: Page):
    """The page's bytes, or for a streamed page its pieces as bytes."""
    return page.html.encode("utf-8") if page.parts is None else (p.encode("utf-8") for p in page.parts)


def _page_key(name: str, parts: Parts, versions: dict[str, bytes], quotes_at: tuple) -> tuple:
    """What a page other than an article shows that is not the same for the same
    world: the articles it lists, whose backlinks it shows or whose byline or
    summary names what it shows (their versions), and where the quotes stand."""
    kind, _, argument = name.partition(":")
    if kind in ("home", DATA):
        return tuple(versions.values()), quotes_at
    entries = [argument] if kind == "actor" else [t.id for t in parts.linked.content.terms] if kind == "glossary" else []
    backlinks = parts.linked.backlinks
    shown = tuple(versions[slug] for entry_id in entries for slug, _ in backlinks.get(entry_id, ()))
    named = tuple(versions[slug] for entry_id in entries for slug in parts.used[entry_id].pages if slug)
    return shown, named, len(versions) > 1, quotes_at
