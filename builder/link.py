"""Render all Markdown, find mentions and quotes, invert them into backlinks.

Pure: takes validated Content (and the seed texts load read), returns
Linked, which holds everything the templates need that Markdown produces.
Runs before any template, because backlinks are only known once every
article has been read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from builder import model, urls
from builder.backlinks import Backlink, backlinks, references
from builder.diagnostics import Diagnostic
from builder.markdown import make_markdown
from builder.markdown.autolink import Mention, Name, NameMatcher
from builder.markdown.block_ids import Block
from builder.markdown.entry_texts import ParsedText, parse_text
from builder.markdown.quotes import QuoteRequest
from builder.markdown.wikilinks import LinkTarget
from builder.previews import first_sentence, preview_json
from builder.verify import check_seed, quote_not_found

KIND_NAMES = {model.Actor: "actor", model.Term: "term", model.Fact: "fact",
              model.Event: "event", model.Source: "source"}
MARKDOWN_FIELDS = ("summary", "definition", "body")
"""The fields of entries that hold Markdown."""


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
    """Ids of facts and events whose quote lies in this block, in marker order."""


@dataclass(frozen=True, slots=True)
class LinkedArticle:
    article: model.Article
    chunks: tuple[Chunk, ...]
    blocks: tuple[Block, ...]
    summary: Html | None
    description: str
    """The summary's first sentence as plain text, or ''."""
    author_id: str | None
    """The actor the `author` field names, if it names one."""
    note_numbers: dict[str, int]
    """Fact or event id -> the number its marker and note show, in reading order from 1."""


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
    key_points: tuple[Html, ...] = ()
    """The site's key points (site.yaml), rendered."""


def link_content(content: model.Content, seeds: dict[str, str], *, check_quotes: bool = True) -> Linked:
    """`seeds` holds the seeds that could be read. With `check_quotes` False (an
    article was left out for its errors) a quote found nowhere is not reported:
    it may stand in that article."""
    md = make_markdown()
    texts = {key: parse_text(text.text) for key, text in entry_texts(content).items()}
    labels = {entry_id: model.display_name(entry) for entry_id, entry in content.entries.items()}
    # What a preview quotes: an actor's summary, a term's definition, as plain text.
    shown = {entry_id: text.plain_text(labels) for (entry_id, name), text in texts.items()
             if name in ("summary", "definition")}
    targets = link_targets(content, shown, labels)
    quotes = _quote_requests(content)
    linker = _ArticleLinker(md, build_matcher(content), targets[urls.ARTICLE_PREFIX], quotes)
    articles, diagnostics = [], []
    for article in content.articles:
        chunks, blocks, numbers = linker.link(article)
        author = content.entries.get(article.author)
        articles.append(LinkedArticle(
            article, chunks, blocks, *_summary(article, targets, labels),
            author_id=author.id if isinstance(author, model.Actor) else None, note_numbers=numbers))
        if article.seed in seeds:
            diagnostics += check_seed(article, list(blocks), article.seed, seeds[article.seed])
    read = [(item.article, item.blocks) for item in articles]
    if check_quotes:
        diagnostics += [quote_not_found(content.entries[request.entry_id], read) for request in quotes]
    named: dict[str, list[str]] = {}
    for (entry_id, _), text in texts.items():
        named.setdefault(entry_id, []).extend(link.entry_id for link in text.links)
    return Linked(
        content=content,
        articles=tuple(articles),
        markdown={key: at_every_depth(text, targets) for key, text in texts.items()},
        backlinks=backlinks(linker.mentions, {item.article.slug: item.blocks for item in articles}),
        placements={entry_id: (slug, block) for entry_id, slug, block in linker.placed},
        referenced_by=references(content, named),
        diagnostics=diagnostics,
        key_points=tuple(at_every_depth(parse_text(point.text), targets) for point in content.site.key_points),
    )


def _summary(article: model.Article, targets: dict[str, dict[str, LinkTarget]],
             labels: dict[str, str]) -> tuple[Html | None, str]:
    """The article's summary for every page depth, and its first sentence as plain text."""
    if article.summary is None:
        return None, ""
    summary = parse_text(article.summary.text)
    return at_every_depth(summary, targets), first_sentence(summary.plain_text(labels))


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


class _ArticleLinker:
    """Renders article bodies, collecting mentions, blocks and placed quotes across articles."""

    def __init__(self, md: MarkdownIt, matcher: NameMatcher, targets: dict[str, LinkTarget],
                 quotes: list[QuoteRequest]):
        self.md, self.matcher, self.targets, self.quotes = md, matcher, targets, quotes
        self.mentions: list[tuple[str, Mention]] = []
        """(article slug, mention) in reading order."""
        self.placed: list[tuple[str, str, str]] = []
        """(fact or event id, article slug, block id) of every quote found."""

    def link(self, article: model.Article) -> tuple[tuple[Chunk, ...], tuple[Block, ...], dict[str, int]]:
        """The article's chunks, its blocks, and the number of each note (quotes.py numbers them)."""
        env = {"link_for": self.targets.get, "matcher": self.matcher,
               "mentions": [], "blocks": [], "quotes": self.quotes, "placed": []}
        tokens = self.md.parse(article.body.text, env)
        boxes_by_block: dict[str, list[str]] = {}
        for entry_id, block_id in env["placed"]:
            boxes_by_block.setdefault(block_id, []).append(entry_id)
            self.placed.append((entry_id, article.slug, block_id))
        chunks = []
        for group in _top_level_chunks(tokens):
            boxes = tuple(e for b in _block_ids_in(group) for e in boxes_by_block.get(b, ()))
            chunks.append(Chunk(self.md.renderer.render(group, self.md.options, env), boxes))
        self.mentions += [(article.slug, m) for m in env["mentions"]]
        numbers = {entry_id: n for n, (entry_id, _) in enumerate(env["placed"], 1)}
        return tuple(chunks), tuple(env["blocks"]), numbers


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
    ids = []
    for token in tokens:
        block_id = token.meta.get("block_id") if token.type == "inline" else None
        if block_id and block_id not in ids:
            ids.append(block_id)
    return ids
