"""Checks that need the rendered article: its words are the seed's, every quote is found.

    A paragraph "Putin met Kim on Tuesday." against a seed that says
    "Putin met Kim on Wednesday." ->
    content/articles/a.md:5:1: error: this paragraph does not occur in the seed
    seeds/a.txt: it matches up to '…Putin met Kim on ' and differs at 'Tuesday.…'
"""

from __future__ import annotations

from builder import model
from builder.diagnostics import Diagnostic, shorten
from builder.markdown import MAX_NESTING
from builder.markdown.block_ids import Block
from builder.markdown.plaintext import collapse


def too_deep(text: model.Markdown, line: int) -> Diagnostic:
    """The error for Markdown whose parse stopped at nesting `line` (0-based in
    the text; -1: inside a paragraph) levels deep."""
    where = text.origin
    if where.line is not None and line >= 0 and text.raw == text.text:
        where = model.Origin(where.path, where.line + line, 1)
    return Diagnostic(where.path, where.line, where.column,
                      f"the Markdown here is nested more than {MAX_NESTING} levels deep "
                      "(quotes or lists inside each other): flatten it, or what lies deeper is lost")


def check_seed(article: model.Article, blocks: list[Block], seed_path: str, seed: str) -> list[Diagnostic]:
    """Every block must occur, as plain text, in the seed: words may be dropped, never changed."""
    seed_text = collapse(seed)
    problems = []
    for block in blocks:
        if not block.text or block.text in seed_text:
            continue
        good = longest_prefix_in(block.text, seed_text)
        line = article.body.origin.line + block.line
        if good:
            where = f"it matches up to '…{block.text[max(0, good - 30):good]}' and differs at '{block.text[good:good + 30]}…'"
        else:
            where = f"no part of it was found, starting from '{block.text[:40]}…'"
        problems.append(Diagnostic(
            article.origin.path, line, 1,
            f"this {block.kind} does not occur in the seed {seed_path}: {where}"))
    return problems


def quote_not_found(entry: model.Fact | model.Event,
                    articles: list[tuple[model.Article, tuple[Block, ...]]]) -> Diagnostic:
    """The quote of `entry` is in no article: say how close the nearest block came."""
    quote = entry.quote
    best, best_path = 0, ""
    for article, blocks in articles:
        for block in blocks:
            length = longest_prefix_in(quote.text, block.text)
            if length > best:
                best, best_path = length, article.origin.path
    message = f"the quote of '{entry.id}' occurs in no article: '{shorten(quote.text)}'"
    if best >= 8:
        message += (f" ({best_path} has '{quote.text[:best]}' but then not "
                    f"'{quote.text[best:best + 25]}'; quotes match case and punctuation exactly)")
    return Diagnostic(quote.origin.path, quote.origin.line, quote.origin.column, message)


def longest_prefix_in(text: str, haystack: str) -> int:
    """The length of the longest start of `text` that occurs in `haystack`."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text[:middle] in haystack:
            low = middle
        else:
            high = middle - 1
    return low
