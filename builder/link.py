"""Render all Markdown, find mentions and quotes, invert them into backlinks.

Pure: takes validated Content (and the seed texts build.py read), returns
Linked, which holds everything the templates need that Markdown produces.
Runs before any template, because backlinks are only known once every
article has been read.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from builder import model, urls
from builder.diagnostics import Diagnostic
from builder.markdown import make_markdown
from builder.markdown.autolink import Mention, Name, NameMatcher
from builder.markdown.block_ids import Block
from builder.markdown.plaintext import collapse
from builder.markdown.quotes import QuoteRequest
from builder.markdown.wikilinks import WIKILINK, LinkTarget

PREFIXES = ("", "../", "../../")
"""Every depth a page can have: home, index pages, article and actor pages."""
SNIPPET_CHARS = 90
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
    backlinks: dict[str, tuple[Backlink, ...]]
    """Entry id -> its mentions in articles, in reading order."""
    placements: dict[str, tuple[str, str]]
    """Fact or event id -> (article slug, block id) of its quote."""
    referenced_by: dict[str, tuple[str, ...]]
    """Entry id -> ids of entries whose fields or Markdown name it, in file order."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return make_markdown()


def link_content(content: model.Content, seeds: dict[str, str]) -> Linked:
    md = _markdown()
    matcher = build_matcher(content)
    targets = _link_targets(content)
    diagnostics: list[Diagnostic] = []

    article_prefix = urls.page_prefix(urls.article_url("x"))
    quotes = _quote_requests(content, article_prefix)
    mentions: list[tuple[str, Mention]] = []
    placed: list[tuple[str, str, str]] = []
    articles = []
    for article in content.articles:
        env = {"link_for": targets[article_prefix].get, "matcher": matcher,
               "mentions": [], "blocks": [], "quotes": quotes, "placed": []}
        tokens = md.parse(article.body.text, env)
        chunk_tokens = _top_level_chunks(tokens)
        boxes_by_block: dict[str, list[str]] = {}
        for entry_id, block_id in env["placed"]:
            boxes_by_block.setdefault(block_id, []).append(entry_id)
            placed.append((entry_id, article.slug, block_id))
        chunks = []
        for group in chunk_tokens:
            ids = _block_ids_in(group)
            boxes = tuple(e for b in ids for e in boxes_by_block.get(b, ()))
            chunks.append(Chunk(md.renderer.render(group, md.options, env), boxes))
        mentions += [(article.slug, m) for m in env["mentions"]]
        if article.seed in seeds:
            diagnostics += check_seed(article, env["blocks"], article.seed, seeds[article.seed])
        author_id = article.author if isinstance(content.entries.get(article.author), model.Actor) else None
        summary = _render_all(md, article.summary, targets) if article.summary else None
        articles.append(LinkedArticle(article, tuple(chunks), tuple(env["blocks"]), summary, author_id))

    for request in quotes:
        entry = content.entries[request.entry_id]
        diagnostics.append(_quote_not_found(entry, articles))

    markdown = {}
    for entry in content.entries.values():
        for name in ("summary", "definition", "body"):
            text = getattr(entry, name, None)
            if text is not None:
                markdown[(entry.id, name)] = _render_all(md, text, targets)

    return Linked(
        content=content,
        articles=tuple(articles),
        markdown=markdown,
        backlinks=_backlinks(mentions, articles),
        placements={entry_id: (slug, block) for entry_id, slug, block in placed},
        referenced_by=_references(content),
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
    ids = []
    for token in tokens:
        block_id = token.meta.get("block_id") if token.type == "inline" else None
        if block_id and block_id not in ids:
            ids.append(block_id)
    return ids


def _backlinks(mentions, articles) -> dict[str, tuple[Backlink, ...]]:
    texts, numbers = {}, {}
    for item in articles:
        slug = item.article.slug
        # A tight list item's second paragraph shares its id: count each id once.
        ids = list(dict.fromkeys(b.id for b in item.blocks if b.kind != "heading"))
        numbers.update({(slug, block_id): n for n, block_id in enumerate(ids, 1)})
        for block in item.blocks:
            texts.setdefault((slug, block.id), block.text)
    result: dict[str, list[Backlink]] = {}
    seen = set()
    for slug, mention in mentions:
        key = (mention.entry_id, slug, mention.block_id)
        if key in seen:
            continue  # one backlink per paragraph
        seen.add(key)
        place = (slug, mention.block_id)
        result.setdefault(mention.entry_id, []).append(
            Backlink(slug, mention.block_id, numbers.get(place, 0),
                     snippet(texts.get(place, ""), mention.words)))
    return {k: tuple(v) for k, v in result.items()}


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
    result: dict[str, list[str]] = {}

    def add(target: str, source: str) -> None:
        bucket = result.setdefault(target, [])
        if source not in bucket and target != source:
            bucket.append(source)

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
