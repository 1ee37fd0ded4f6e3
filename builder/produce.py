"""Link every article and render every page, each written out as soon as it is made.

Two passes, each spread over worker processes (builder/parallel.py):

1. Each article is linked and its page rendered and written at once: its
   HTML is never held with the others'. A worker sends back what the rest
   of the site needs from it: its backlinks, the quotes it holds, problems.
   Every article is linked as if it came first, so the workers need not wait
   for each other; an article that holds a quote an earlier article also
   holds (the first occurrence wins) is linked and written again with only
   its own quotes, which gives the bytes a one-by-one build gives.
2. The pages that gather all articles (glossary, actors, home...) are
   rendered from the merged backlinks.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

import jinja2

from builder import model, parallel, urls
from builder.diagnostics import Diagnostic
from builder.incremental import ArticleMemo, Memo
from builder.link import (ArticleLinks, Backlink, Linked, LinkedArticle, assemble, article_backlinks,
                          entry_markdown, link_article, link_context, quote_winners, unplaced_quotes)
from builder.render import Page, SiteRenderer

PARALLEL_MIN_ARTICLES = 32
"""Fewer articles are built in one process. Forking the two pools of workers
cost 90 ms (median of 5, from a process holding 300 articles, on the shared
machine); an article costs about 9 ms of CPU, so a second core saves about
4.5 ms per article and pays for the workers from about 20 articles on."""


class Sink(Protocol):
    shared: bool
    """True when any process may write (a folder): workers then write their
    pages themselves; else they send them back and the parent writes them."""

    def write(self, rel: str, data: bytes | Iterable[bytes]) -> None:
        """Pieces are written as they come (a shared sink) or joined."""


class Collect:
    """For the dev server: the pages this build rendered, by output path."""

    shared = False

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def write(self, rel: str, data: bytes | Iterable[bytes]) -> None:
        self.files[rel] = data if isinstance(data, bytes) else b"".join(data)


class Discard:
    """For `check`: pages are rendered (templates are checked) and dropped."""

    shared = True

    def write(self, rel: str, data: bytes | Iterable[bytes]) -> None:
        for _ in ([] if isinstance(data, bytes) else data):
            pass  # made, so that a template error is found


@dataclass(frozen=True, slots=True)
class ArticleDone:
    """What the rest of the build needs from one linked and written article."""

    item: LinkedArticle
    """Without its chunks and blocks (the page is written)."""
    backlinks: dict[str, tuple[Backlink, ...]]
    placed: tuple[tuple[str, str], ...]
    diagnostics: tuple[Diagnostic, ...]
    template_errors: tuple[Diagnostic, ...]
    files: tuple[tuple[str, bytes], ...] = ()
    """The page, when the sink is not shared."""
    version: bytes = dataclasses.field(default_factory=lambda: os.urandom(8))
    """Unique to this result (random: made in any process): what is rendered
    from it is cached under this token, see SiteRenderer.versions."""


@dataclass(frozen=True, slots=True)
class Rendered:
    linked: Linked
    urls: list[str]
    """Every page's URL, in the sitemap's order."""
    diagnostics: list[Diagnostic]
    """What linking found: seeds that differ, quotes found nowhere."""
    template_errors: list[Diagnostic]
    remember: Callable[[], None]
    """Keep this build's results in the memo: call it once its pages are written."""


def render_site(content: model.Content, seeds: dict[str, str], env: jinja2.Environment,
                base_url: str | None, sink: Sink, jobs: int,
                template_problem: Callable[[jinja2.TemplateError], Diagnostic],
                memo: Memo | None = None) -> Rendered:
    """Link and render every page into `sink`. With a memo (the dev server's),
    an article whose inputs are those of the last build is not linked or
    rendered again (its page is unchanged), and memo is updated."""
    ctx = link_context(content, seeds)
    markdown = entry_markdown(ctx)
    articles = content.articles
    jobs = jobs if len(articles) >= PARALLEL_MIN_ARTICLES else 1
    first = SiteRenderer(assemble(ctx, markdown, [], [], {}, []), env, base_url)
    world = (ctx.key, content.site, base_url, tuple(content.entries.values()))
    kept = memo.articles if memo is not None and memo.world == world else {}

    def emit(page: Page) -> tuple[tuple[str, bytes], ...]:
        rel = urls.output_path(page.url)
        if page.parts is not None:
            data = (part.encode("utf-8") for part in page.parts)
        else:
            data = page.html.encode("utf-8")
        if sink.shared:
            sink.write(rel, data)
            return ()
        return ((rel, data if isinstance(data, bytes) else b"".join(data)),)

    def article_task(index: int, requests=None) -> ArticleDone:
        linked: ArticleLinks = link_article(ctx, articles[index], requests)
        broken, files = (), ()
        try:
            files = emit(first.article(linked.item, linked.mentions))
        except jinja2.TemplateError as error:
            broken = (template_problem(error),)
        light = dataclasses.replace(linked.item, chunks=(), blocks=())
        return ArticleDone(light, article_backlinks(linked.item, linked.mentions), linked.placed,
                           linked.diagnostics, broken, files)

    def unchanged(index: int) -> ArticleMemo | None:
        article = articles[index]
        known = kept.get(article.slug)
        if known is not None and known.article == article and known.seed == seeds.get(article.seed):
            return known
        return None

    done: list[ArticleDone | None] = [None] * len(articles)
    own: list[frozenset[str]] = [frozenset()] * len(articles)
    todo = []
    for index in range(len(articles)):
        known = unchanged(index)
        if known is None:
            todo.append(index)
        else:
            done[index], own[index] = known.done, known.own
    for index, result in zip(todo, parallel.run(article_task, todo, jobs)):
        done[index], own[index] = result, frozenset(entry_id for entry_id, _ in result.placed)
    winners = quote_winners([d.placed for d in done])
    for index, result in enumerate(done):
        wins = frozenset(entry_id for entry_id, _ in result.placed if winners[entry_id][0] == index)
        if wins != own[index]:
            # An earlier article holds one of its quotes: again, with only its own.
            again = article_task(index, tuple(r for r in ctx.requests if r.entry_id in wins))
            done[index] = dataclasses.replace(again, placed=result.placed)
            own[index] = wins
    for result in done:
        for rel, data in result.files:
            sink.write(rel, data)
    remembered = {a.slug: ArticleMemo(a, seeds.get(a.seed), dataclasses.replace(d, files=()), o)
                  for a, d, o in zip(articles, done, own)} if memo is not None else {}

    diagnostics = [d for result in done for d in result.diagnostics]
    template_errors = [d for result in done for d in result.template_errors]
    placements = {entry_id: (articles[index].slug, block) for entry_id, (index, block) in winners.items()}
    diagnostics += unplaced_quotes(ctx, set(placements),
                                   lambda: [link_article(ctx, a, ()).item for a in articles])
    linked = assemble(ctx, markdown, [d.item for d in done], [d.backlinks for d in done],
                      placements, diagnostics)
    versions = {a.slug: d.version for a, d in zip(articles, done)}
    if memo is None:
        renderer = SiteRenderer(linked, env, base_url)
    else:
        renderer = SiteRenderer(linked, env, base_url, memo.fragments, versions)
    others = renderer.other_pages()
    quotes_at = tuple(sorted(placements.items()))
    page_keys = {name: _page_key(name, content, linked, versions, quotes_at) for _, name in others} if memo else {}
    if memo is not None and memo.world == world:
        # What a page shows of the articles is in their versions; the rest is the world's.
        others = [(url, name) for url, name in others if memo.pages.get(name) != page_keys[name]]

    def page_task(name: str) -> tuple[tuple[tuple[str, bytes], ...], tuple[Diagnostic, ...]]:
        try:
            return emit(renderer.render_named(name)), ()
        except jinja2.TemplateError as error:
            return (), (template_problem(error),)

    # In this process: workers forked from a process that holds every backlink
    # nearly doubled the peak memory (182 MB against 107 MB at 1,000 articles)
    # to save a part of a seventh of the time; and with a memo, the backlink
    # lists rendered here are kept for the next build.
    for files, problems in map(page_task, [name for _, name in others]):
        for rel, data in files:
            sink.write(rel, data)
        template_errors += problems
    page_urls = [urls.HOME] + [urls.article_url(a.slug) for a in articles]
    page_urls += [urls.INDEX_PAGES[name] for name in ("glossary", "timeline", "actors")]
    page_urls += [urls.actor_url(a.id) for a in content.actors]
    page_urls += [urls.INDEX_PAGES["facts"], urls.INDEX_PAGES["sources"], urls.NOT_FOUND]

    def remember() -> None:
        memo.world, memo.articles, memo.pages = world, remembered, page_keys
        # What this build used stays, and the fragments of articles as they are now
        # (a page not rendered this time may need them next time); the rest goes.
        live = set(versions.values())
        memo.fragments = {**{key: html for key, html in memo.fragments.items() if key[-1] in live},
                          **renderer.used}

    # One broken template breaks every page that uses it: say so once.
    return Rendered(linked, page_urls, diagnostics, list(dict.fromkeys(template_errors)), remember)


def _page_key(name: str, content: model.Content, linked: Linked, versions: dict[str, bytes],
              quotes_at: tuple) -> tuple:
    """What a page other than an article shows that is not the same for the
    same `world` (produce.render_site): the articles it lists or whose backlinks
    it shows (their versions), and where the quotes stand."""
    method, _, argument = name.partition(":")
    if method == "home":
        shown = tuple(versions.values())
    else:
        entries = [argument] if method == "actor" else [t.id for t in content.terms] if method == "glossary" else []
        shown = tuple(versions[slug] for entry_id in entries for slug, _ in linked.backlinks.get(entry_id, ()))
    return shown, len(versions) > 1, quotes_at
