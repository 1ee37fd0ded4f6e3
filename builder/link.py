"""Render all Markdown, find mentions and quotes, invert them into backlinks.

Pure: takes validated Content (and the seed texts build.py read), returns
Linked, which holds everything the templates need that Markdown produces.
Runs before any template, because backlinks are only known once every
article has been read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from builder import model, urls
from builder.diagnostics import Diagnostic
from builder.markdown import make_markdown
from builder.markdown.autolink import Mention, Name, NameMatcher
from builder.markdown.block_ids import Block
from builder.markdown.plaintext import collapse
from builder.markdown.quotes import PendingQuotes, QuoteRequest
from builder.markdown.wikilinks import WIKILINK, LinkTarget

PREFIXES = ("", "../", "../../")
"""Every depth a page can have: home, index pages, article and actor pages."""
SNIPPET_CHARS = 90
QUOTE_HINTS = 20
"""Quotes found in no article get a hint (the nearest words) up to this many per build."""
KIND_NAMES = {model.Actor: "actor", model.Term: "term", model.Fact: "fact",
              model.Event: "event", model.Source: "source"}


@dataclass(frozen=True, slots=True)
class Html:
    """One Markdown text rendered for each page depth (links are relative)."""

    by_prefix: dict[str, str]

    def at(self, prefix: str) -> str:
        return self.by_prefix[prefix]


@dataclass(frozen=True, slots=True)
class Chunk:
    """A top-level block of an article and the boxes that stand beside it."""

    html: str
    boxes: tuple[str, ...]
    """Ids of facts and events whose quote lies in this block."""


@dataclass(frozen=True, slots=True)
class LinkedArticle:
    article: model.Article
    chunks: tuple[Chunk, ...]
    blocks: tuple[Block, ...]
    summary: Html | None
    author_id: str | None
    """The actor the `author` field names, if it names one."""


@dataclass(frozen=True, slots=True)
class Snippet:
    before: str
    words: str
    after: str


@dataclass(frozen=True, slots=True)
class Backlink:
    """One mention of an entry in an article, with where to find it."""

    slug: str
    block_id: str
    number: int
    """The paragraph's place in its article (headings not counted), from 1."""
    snippet: Snippet


@dataclass(frozen=True, slots=True)
class Linked:
    content: model.Content
    articles: tuple[LinkedArticle, ...]
    markdown: dict[tuple[str, str], Html]
    """(entry id, field) -> rendered Markdown of that field."""
    backlinks: dict[str, tuple[tuple[str, tuple[Backlink, ...]], ...]]
    """Entry id -> its mentions in articles, in reading order: (article slug,
    the mentions in it) for each article that mentions it."""
    placements: dict[str, tuple[str, str]]
    """Fact or event id -> (article slug, block id) of its quote."""
    referenced_by: dict[str, tuple[str, ...]]
    """Entry id -> ids of entries whose fields or Markdown name it, in file order."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return make_markdown()


@dataclass(frozen=True)
class LinkContext:
    """What every article's Markdown needs, made once per build."""

    content: model.Content
    seeds: dict[str, str]
    """Seed path -> its text, for the articles that name one."""
    matcher: NameMatcher
    targets: dict[str, dict[str, LinkTarget]]
    requests: tuple[QuoteRequest, ...]
    """Every fact's and event's quote, facts first, in file order."""

    @property
    def key(self) -> tuple:
        """Everything besides its own text that an article's links depend on."""
        return (self.matcher.key, tuple(sorted(self.targets[ARTICLE_PREFIX].items())), self.requests)


@dataclass(frozen=True, slots=True)
class ArticleLinks:
    """One article linked: its blocks rendered, what it mentions and where its quotes are."""

    item: LinkedArticle
    mentions: tuple[Mention, ...]
    placed: tuple[tuple[str, str], ...]
    """(fact or event id, block id) of each quote placed in this article."""
    diagnostics: tuple[Diagnostic, ...]


ARTICLE_PREFIX = urls.page_prefix(urls.article_url("x"))


def link_context(content: model.Content, seeds: dict[str, str]) -> LinkContext:
    return LinkContext(content, seeds, build_matcher(content), _link_targets(content),
                       tuple(_quote_requests(content, ARTICLE_PREFIX)))


def link_article(ctx: LinkContext, article: model.Article,
                 requests: tuple[QuoteRequest, ...] | None = None) -> ArticleLinks:
    """Render the article's blocks, find its mentions, and place the quotes of
    `requests` (default: all) that occur in it. Depends on nothing but the
    article and `ctx`, so articles can be linked in any order and process."""
    md = _markdown()
    quotes = PendingQuotes(ctx.requests if requests is None else requests)
    env = {"link_for": ctx.targets[ARTICLE_PREFIX].get, "matcher": ctx.matcher,
           "mentions": [], "blocks": [], "quotes": quotes, "placed": []}
    tokens = md.parse(article.body.text, env)
    boxes_by_block: dict[str, list[str]] = {}
    for entry_id, block_id in env["placed"]:
        boxes_by_block.setdefault(block_id, []).append(entry_id)
    chunks = []
    for group in _top_level_chunks(tokens):
        ids = _block_ids_in(group)
        boxes = tuple(e for b in ids for e in boxes_by_block.get(b, ()))
        chunks.append(Chunk(md.renderer.render(group, md.options, env), boxes))
    diagnostics = ()
    if article.seed:
        diagnostics = tuple(check_seed(article, env["blocks"], article.seed, ctx.seeds.get(article.seed, "")))
    content = ctx.content
    author_id = article.author if isinstance(content.entries.get(article.author), model.Actor) else None
    summary = _render_all(md, article.summary, ctx.targets) if article.summary else None
    item = LinkedArticle(article, tuple(chunks), tuple(env["blocks"]), summary, author_id)
    return ArticleLinks(item, tuple(env["mentions"]), tuple(env["placed"]), diagnostics)


def entry_markdown(ctx: LinkContext) -> dict[tuple[str, str], Html]:
    """(entry id, field) -> the rendered Markdown of every entry's texts."""
    md = _markdown()
    markdown = {}
    for entry in ctx.content.entries.values():
        for name in ("summary", "definition", "body"):
            text = getattr(entry, name, None)
            if text is not None:
                markdown[(entry.id, name)] = _render_all(md, text, ctx.targets)
    return markdown


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
    linked = articles() if missing else []
    # The nearest words are searched in every block: only for the first few.
    return [_quote_not_found(ctx.content.entries[r.entry_id], linked if n < QUOTE_HINTS else [])
            for n, r in enumerate(missing)]


def assemble(ctx: LinkContext, markdown: dict[tuple[str, str], Html], articles: list[LinkedArticle],
             backlinks: list[dict[str, tuple[Backlink, ...]]], placements: dict[str, tuple[str, str]],
             diagnostics: list[Diagnostic]) -> Linked:
    """The whole site's links from each article's: backlinks merged in reading order."""
    merged: dict[str, list[tuple[str, tuple[Backlink, ...]]]] = {}
    for item, by_entry in zip(articles, backlinks):
        for entry_id, links in by_entry.items():
            merged.setdefault(entry_id, []).append((item.article.slug, links))
    return Linked(
        content=ctx.content,
        articles=tuple(articles),
        markdown=markdown,
        backlinks={k: tuple(v) for k, v in merged.items()},
        placements=placements,
        referenced_by=_references(ctx.content),
        diagnostics=diagnostics,
    )


def build_matcher(content: model.Content) -> NameMatcher:
    names = []
    for actor in content.actors:
        names += [Name(n, actor.id, True) for n in dict.fromkeys((actor.name, *actor.aliases))]
    for term in content.terms:
        names += [Name(n, term.id, term.case_sensitive) for n in dict.fromkeys((term.term, *term.aliases))]
    return NameMatcher(names)


def preview(entry: model.Entry, names: dict[str, str]) -> str:
    """One line shown when hovering a link to the entry."""
    if isinstance(entry, model.Actor):
        # Names the entry too: a mention by alias ("Pyongyang") shows whom it means.
        return f"{entry.name} — {entry.role or entry.kind.capitalize()}"
    if isinstance(entry, model.Term):
        return f"{entry.term}: {first_sentence(entry.definition.text, names)}"
    if isinstance(entry, model.Fact):
        return f"{entry.status.capitalize()}: {entry.title}"
    if isinstance(entry, model.Event):
        return f"{entry.date.text}: {entry.title}"
    return entry.publisher or "Source"


def first_sentence(markdown: str, names: dict[str, str]) -> str:
    """The first sentence as plain text; `names` gives the words of a bare [[id]]."""
    text = WIKILINK.sub(lambda m: m.group(2) or names.get(m.group(1).strip(), m.group(1)), markdown)
    text = collapse(re.sub(r"[*_`#>\[\]]", "", text))
    match = re.match(r"(.{20,}?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    return sentence if len(sentence) <= 200 else sentence[:199].rsplit(" ", 1)[0] + "…"


def _link_targets(content: model.Content) -> dict[str, dict[str, LinkTarget]]:
    """For each page depth: entry id -> where a link to it goes and what it shows."""
    names = display_names(content)
    parts = [(entry.id, urls.entry_url(entry), names[entry.id], KIND_NAMES[type(entry)],
              preview(entry, names)) for entry in content.entries.values()]
    return {prefix: {entry_id: LinkTarget(urls.href(url, prefix), name, kind, title)
                     for entry_id, url, name, kind, title in parts}
            for prefix in (*PREFIXES, ROOT_MARK)}


def display_names(content: model.Content) -> dict[str, str]:
    return {entry_id: model.display_name(entry) for entry_id, entry in content.entries.items()}


ROOT_MARK = "\ue000root\ue000/"
"""Stands for the way back to the site root while rendering, replaced per page depth."""


def _render_all(md: MarkdownIt, text: model.Markdown, targets) -> Html:
    # Entry texts are not articles: no auto-linking, no quotes, only [[id]] links.
    # Rendered once; the root mark becomes each depth's prefix (a private-use
    # character, so no real text contains it).
    links = targets[ROOT_MARK]
    named = tuple(links.get(m.group(1).strip()) for m in WIKILINK.finditer(text.text))
    html = _render_entry_text(md, text.text, named)
    return Html({prefix: html.replace(ROOT_MARK, prefix) for prefix in PREFIXES})


@functools.lru_cache(maxsize=4096)
def _render_entry_text(md: MarkdownIt, text: str, named: tuple) -> str:
    # Kept between builds (the dev server rebuilds on every save): the html
    # depends only on the text and the targets of the links it names.
    targets = {}
    for match, target in zip(WIKILINK.finditer(text), named):
        if target is not None:
            targets[match.group(1).strip()] = target
    return md.render(text, {"link_for": targets.get})


def _quote_requests(content: model.Content, prefix: str) -> list[QuoteRequest]:
    requests = []
    for entry in (*content.facts, *content.events):
        if entry.quote is None:
            continue
        if isinstance(entry, model.Fact):
            requests.append(QuoteRequest(entry.id, entry.quote.text, "#" + entry.id, "fact",
                                         f"Fact check ({entry.status}): {entry.title}",
                                         f"status-{entry.status}"))
        else:
            requests.append(QuoteRequest(entry.id, entry.quote.text,
                                         urls.href(urls.entry_url(entry), prefix), "timeline",
                                         f"{entry.date.text}: {entry.title}"))
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


def article_backlinks(item: LinkedArticle, mentions: tuple[Mention, ...]) -> dict[str, tuple[Backlink, ...]]:
    """Entry id -> its backlinks in the article, in reading order, one per paragraph."""
    slug = item.article.slug
    # A tight list item's second paragraph shares its id: count each id once.
    ids = dict.fromkeys(b.id for b in item.blocks if b.kind != "heading")
    numbers = {block_id: n for n, block_id in enumerate(ids, 1)}
    texts: dict[str, str] = {}
    for block in item.blocks:
        texts.setdefault(block.id, block.text)
    result: dict[str, list[Backlink]] = {}
    seen = set()
    for mention in mentions:
        key = (mention.entry_id, mention.block_id)
        if key in seen:
            continue  # one backlink per paragraph
        seen.add(key)
        result.setdefault(mention.entry_id, []).append(Backlink(
            slug, mention.block_id, numbers.get(mention.block_id, 0),
            snippet(texts.get(mention.block_id, ""), mention.words)))
    return {entry_id: tuple(links) for entry_id, links in result.items()}


def snippet(text: str, words: str) -> Snippet:
    """A short window of `text` around the first occurrence of `words`."""
    start = text.find(words) if words else -1
    if start < 0:
        cut = text if len(text) <= 2 * SNIPPET_CHARS else text[:2 * SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
        return Snippet(cut, "", "")
    before = text[:start]
    after = text[start + len(words):]
    if len(before) > SNIPPET_CHARS:
        before = "… " + before[-SNIPPET_CHARS:].split(" ", 1)[-1]
    if len(after) > SNIPPET_CHARS:
        after = after[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return Snippet(before, words, after)


def _references(content: model.Content) -> dict[str, tuple[str, ...]]:
    result: dict[str, dict[str, None]] = {}  # ordered sets

    def add(target: str, source: str) -> None:
        if target != source:
            result.setdefault(target, {})[source] = None

    for entry in content.entries.values():
        for name in ("sources", "related", "actors", "see_also"):
            for ref in getattr(entry, name, ()) or ():
                add(ref.id, entry.id)
        claimed = getattr(entry, "claimed_by", None)
        if claimed is not None:
            add(claimed.id, entry.id)
        for name in ("summary", "definition", "body"):
            text = getattr(entry, name, None)
            if text is not None:
                for match in WIKILINK.finditer(text.text):
                    add(match.group(1).strip(), entry.id)
    return {k: tuple(v) for k, v in result.items()}


def check_seed(article: model.Article, blocks: list[Block], seed_path: str, seed: str) -> list[Diagnostic]:
    """Every block must occur, as plain text, in the seed: words may be dropped, never changed."""
    seed_text = collapse(seed)
    problems = []
    for block in blocks:
        if not block.text or block.text in seed_text:
            continue
        good = _longest_prefix_in(block.text, seed_text)
        line = article.body.origin.line + block.line
        if good:
            where = f"it matches up to '…{block.text[max(0, good - 30):good]}' and differs at '{block.text[good:good + 30]}…'"
        else:
            where = f"no part of it was found, starting from '{block.text[:40]}…'"
        problems.append(Diagnostic(
            article.origin.path, line, 1,
            f"this {block.kind} does not occur in the seed {seed_path}: {where}"))
    return problems


def _longest_prefix_in(text: str, haystack: str) -> int:
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text[:middle] in haystack:
            low = middle
        else:
            high = middle - 1
    return low


def _quote_not_found(entry, linked: list[LinkedArticle]) -> Diagnostic:
    quote = entry.quote
    best, best_slug = 0, ""
    for item in linked:
        for block in item.blocks:
            length = _longest_prefix_in(quote.text, block.text)
            if length > best:
                best, best_slug = length, item.article.origin.path
    message = f"the quote of '{entry.id}' occurs in no article: '{quote.text}'"
    if best >= 8:
        message += (f" ({best_slug} has '{quote.text[:best]}' but then not "
                    f"'{quote.text[best:best + 25]}'; quotes match case and punctuation exactly)")
    return Diagnostic(quote.origin.path, quote.origin.line, quote.origin.column, message)
