"""Render all Markdown, find mentions and quotes, invert them into backlinks.

Pure: takes validated Content (and the seed texts load read), returns
Linked, which holds everything the templates need that Markdown produces.
Runs before any template, because backlinks are only known once every
article has been read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from builder import model, urls
from builder.backlinks import Backlink, article_backlinks, references
from builder.diagnostics import Diagnostic
from builder.markdown import make_markdown
from builder.markdown.autolink import Mention, Name, NameMatcher
from builder.markdown.entry_texts import ParsedText, parse_text
from builder.markdown.quotes import PendingQuotes, QuoteRequest
from builder.markdown.wikilinks import LinkTarget
from builder.linked import Chunk, Html, Linked, LinkedArticle
from builder.previews import first_sentence, preview_json
from builder.verify import check_seed, quote_not_found, too_deep

KIND_NAMES = {model.Actor: "actor", model.Term: "term", model.Fact: "fact",
              model.Event: "event", model.Source: "source"}
MARKDOWN_FIELDS = ("summary", "definition", "body")
"""The fields of entries that hold Markdown."""
QUOTE_HINTS = 20
"""Quotes found in no article get a hint (the nearest words) up to this many per build."""


@dataclass(frozen=True)
class LinkContext:
    """What every article's Markdown needs, made once per build."""

    content: model.Content
    seeds: dict[str, str]
    """Seed path -> its text, for the articles that name one."""
    texts: dict[tuple[str, str], ParsedText]
    """(entry id, field) -> the parsed Markdown of every entry text."""
    labels: dict[str, str]
    matcher: NameMatcher
    targets: dict[str, dict[str, LinkTarget]]
    requests: tuple[QuoteRequest, ...]
    """Every fact's and event's quote, facts first, in file order."""

    @property
    def key(self) -> tuple:
        """Everything besides its own text that an article's links depend on."""
        return (self.matcher.key, tuple(sorted(self.targets[urls.ARTICLE_PREFIX].items())), self.requests)


@dataclass(frozen=True, slots=True)
class ArticleLinks:
    """One article linked: its blocks rendered, what it mentions and where its quotes are."""

    item: LinkedArticle
    mentions: tuple[Mention, ...]
    placed: tuple[tuple[str, str], ...]
    """(fact or event id, block id) of each quote placed in this article."""
    diagnostics: tuple[Diagnostic, ...]


def link_context(content: model.Content, seeds: dict[str, str]) -> LinkContext:
    texts = {key: parse_text(text.text) for key, text in entry_texts(content).items()}
    labels = {entry_id: model.display_name(entry) for entry_id, entry in content.entries.items()}
    # What a preview quotes: an actor's summary, a term's definition, as plain text.
    shown = {entry_id: text.plain_text(labels) for (entry_id, name), text in texts.items()
             if name in ("summary", "definition")}
    return LinkContext(content, seeds, texts, labels, build_matcher(content),
                       link_targets(content, shown, labels), tuple(_quote_requests(content)))


def link_article(ctx: LinkContext, article: model.Article,
                 requests: tuple[QuoteRequest, ...] | None = None) -> ArticleLinks:
    """Render the article's blocks, find its mentions, and place the quotes of
    `requests` (default: all) that occur in it. Depends on nothing but the
    article and `ctx`, so articles can be linked in any order and process."""
    md = _markdown()
    quotes = PendingQuotes(ctx.requests if requests is None else requests)
    env = {"link_for": ctx.targets[urls.ARTICLE_PREFIX].get, "matcher": ctx.matcher,
           "mentions": [], "blocks": [], "quotes": quotes, "placed": []}
    tokens = md.parse(article.body.text, env)
    boxes_by_block: dict[str, list[str]] = {}
    for entry_id, block_id in env["placed"]:
        boxes_by_block.setdefault(block_id, []).append(entry_id)
    chunks = []
    for group in _top_level_chunks(tokens):
        boxes = tuple(e for b in _block_ids_in(group) for e in boxes_by_block.get(b, ()))
        chunks.append(Chunk(md.renderer.render(group, md.options, env), boxes))
    blocks = tuple(env["blocks"])
    diagnostics = () if env.get("too_deep") is None else (too_deep(article.body, env["too_deep"]),)
    if article.seed in ctx.seeds:  # a seed that could not be read is reported as such
        diagnostics += tuple(check_seed(article, list(blocks), article.seed, ctx.seeds[article.seed]))
    summary = parse_text(article.summary.text) if article.summary else None
    author = ctx.content.entries.get(article.author)
    item = LinkedArticle(
        article, tuple(chunks), blocks,
        summary=at_every_depth(summary, ctx.targets) if summary else None,
        description=first_sentence(summary.plain_text(ctx.labels)) if summary else "",
        author_id=author.id if isinstance(author, model.Actor) else None,
        note_numbers={entry_id: n for n, (entry_id, _) in enumerate(env["placed"], 1)})
    return ArticleLinks(item, tuple(env["mentions"]), tuple(env["placed"]), diagnostics)


def entry_markdown(ctx: LinkContext) -> dict[tuple[str, str], Html]:
    """(entry id, field) -> the rendered Markdown of every entry's texts."""
    return {key: at_every_depth(text, ctx.targets) for key, text in ctx.texts.items()}


def quote_winners(placed: list[tuple[tuple[str, str], ...]]) -> dict[str, tuple[int, str]]:
    """Quote id -> (article index, block id) of its first occurrence, from each
    article's quotes placed as if it came first (the first occurrence wins)."""
    winners: dict[str, tuple[int, str]] = {}
    for index, pairs in enumerate(placed):
        for entry_id, block_id in pairs:
            winners.setdefault(entry_id, (index, block_id))
    return winners


def unplaced_quotes(ctx: LinkContext, placed: set[str],
                    articles: Callable[[], list[LinkedArticle]]) -> list[Diagnostic]:
    """An error for each quote found in no article; `articles` is asked for the
    linked articles only if there is one (the nearest words are searched in them)."""
    missing = [r for r in ctx.requests if r.entry_id not in placed]
    read = [(item.article, item.blocks) for item in articles()] if missing else []
    # The nearest words are searched in every block: only for the first few.
    return [quote_not_found(ctx.content.entries[r.entry_id], read if n < QUOTE_HINTS else [])
            for n, r in enumerate(missing)]


def merge_backlinks(slugs: list[str], per_article: list[dict[str, tuple[Backlink, ...]]], order: Iterable[str],
                    previous: tuple[dict, dict] | None = None, redone: Iterable[int] = (),
                    touched: Iterable[str] = ()) -> tuple[dict[str, tuple], dict[str, int]]:
    """Entry id -> (article slug, its backlinks) for each article that mentions
    the entry, in article order, from each article's backlinks; entries in
    `order`. And entry id -> how many backlinks it has.

    With `previous` (the last merge), only the `touched` entries are merged
    again (those the `redone` articles, or articles now gone, mention or
    mentioned): the others keep their runs, the very same tuples."""
    if previous is None:
        merged: dict[str, list] = {}
        for slug, by_entry in zip(slugs, per_article):
            for entry_id, links in by_entry.items():
                merged.setdefault(entry_id, []).append((slug, links))
        counts = {}
    else:
        merged, counts = dict(previous[0]), dict(previous[1])
        position = {slug: index for index, slug in enumerate(slugs)}
        redone = set(redone)
        for entry_id in touched:
            runs = [run for run in merged.get(entry_id, ())
                    if position.get(run[0], -1) >= 0 and position[run[0]] not in redone]
            runs += [(slugs[i], per_article[i][entry_id]) for i in redone if entry_id in per_article[i]]
            merged[entry_id] = sorted(runs, key=lambda run: position[run[0]])
            counts.pop(entry_id, None)
    backlinks = {entry_id: tuple(merged[entry_id]) for entry_id in order if merged.get(entry_id)}
    return backlinks, {entry_id: counts.get(entry_id) or sum(len(links) for _, links in runs)
                       for entry_id, runs in backlinks.items()}


def assemble(ctx: LinkContext, markdown: dict[tuple[str, str], Html], articles: list[LinkedArticle],
             backlinks: tuple[dict[str, tuple], dict[str, int]], placements: dict[str, tuple[str, str]],
             diagnostics: list[Diagnostic]) -> Linked:
    """The whole site's links from each article's and the merged backlinks (merge_backlinks)."""
    named: dict[str, list[str]] = {}
    for (entry_id, _), text in ctx.texts.items():
        named.setdefault(entry_id, []).extend(link.entry_id for link in text.links)
    return Linked(
        content=ctx.content,
        articles=tuple(articles),
        markdown=markdown,
        backlinks=backlinks[0],
        mentions=backlinks[1],
        placements=placements,
        referenced_by=references(ctx.content, named),
        diagnostics=diagnostics,
        key_points=tuple(at_every_depth(parse_text(point.text), ctx.targets)
                         for point in ctx.content.site.key_points),
    )


def link_content(content: model.Content, seeds: dict[str, str], *, check_quotes: bool = True) -> Linked:
    """The whole site linked in this process, article after article: for the
    tools that read the links (builder/suggest), not the pages.

    `seeds` holds the seeds that could be read. With `check_quotes` False (an
    article was left out for its errors) a quote found nowhere is not reported:
    it may stand in that article."""
    ctx = link_context(content, seeds)
    pending, placements, items, backlinks, diagnostics = list(ctx.requests), {}, [], [], []
    for article in content.articles:
        linked = link_article(ctx, article, tuple(pending))
        placements.update({entry_id: (article.slug, block) for entry_id, block in linked.placed})
        pending = [r for r in pending if r.entry_id not in placements]
        items.append(linked.item)
        backlinks.append(article_backlinks(article.slug, linked.item.blocks, linked.mentions))
        diagnostics += linked.diagnostics
    if check_quotes:
        diagnostics += unplaced_quotes(ctx, set(placements), lambda: items)
    merged = merge_backlinks([a.slug for a in content.articles], backlinks, content.entries)
    return assemble(ctx, entry_markdown(ctx), items, merged, placements, diagnostics)


@functools.lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return make_markdown()


def entry_texts(content: model.Content) -> dict[tuple[str, str], model.Markdown]:
    """(entry id, field) -> the Markdown of every field that has some, in file order."""
    return {(entry.id, name): getattr(entry, name) for entry in content.entries.values()
            for name in MARKDOWN_FIELDS if getattr(entry, name, None) is not None}


def build_matcher(content: model.Content) -> NameMatcher:
    names = []
    for actor in content.actors:
        names += [Name(n, actor.id, True) for n in dict.fromkeys((actor.name, *actor.aliases))]
    for term in content.terms:
        names += [Name(n, term.id, term.case_sensitive) for n in dict.fromkeys((term.term, *term.aliases))]
    return NameMatcher(names)


def link_targets(content: model.Content, shown: dict[str, str],
                 labels: dict[str, str]) -> dict[str, dict[str, LinkTarget]]:
    """For each page depth: entry id -> where a link to it goes and what its preview shows.

    `shown` gives the plain text a preview quotes (summary or definition)."""
    parts = [(entry.id, urls.entry_url(entry), labels[entry.id], KIND_NAMES[type(entry)],
              preview_json(entry, shown.get(entry.id, ""), labels)) for entry in content.entries.values()]
    return {prefix: {entry_id: LinkTarget(urls.href(url, prefix), name, kind, preview)
                     for entry_id, url, name, kind, preview in parts}
            for prefix in urls.PREFIXES}


def at_every_depth(text: ParsedText, targets: dict[str, dict[str, LinkTarget]]) -> Html:
    """A parsed text as HTML for each page depth (links are relative)."""
    return Html({prefix: text.html(targets[prefix]) for prefix in urls.PREFIXES})


def _quote_requests(content: model.Content) -> list[QuoteRequest]:
    # Every marker leads to its note beside the paragraph, on the same page.
    requests = []
    for entry in (*content.facts, *content.events):
        if entry.quote is None:
            continue
        note = urls.fragment(urls.entry_anchor(entry.id))
        if isinstance(entry, model.Fact):
            requests.append(QuoteRequest(entry.id, urls.quote_anchor(entry.id), entry.quote.text, note,
                                         "fact", f"status-{entry.status}"))
        else:
            requests.append(QuoteRequest(entry.id, urls.quote_anchor(entry.id), entry.quote.text, note,
                                         "timeline"))
    return requests


def _top_level_chunks(tokens: list[Token]) -> list[list[Token]]:
    chunks, current = [], []
    for token in tokens:
        current.append(token)
        if token.level == 0 and token.nesting <= 0:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def _block_ids_in(tokens: list[Token]) -> list[str]:
    ids: dict[str, None] = {}  # an ordered set: a list of 10,000 items is one chunk
    for token in tokens:
        block_id = token.meta.get("block_id") if token.type == "inline" else None
        if block_id:
            ids[block_id] = None
    return list(ids)
