"""Quotes: words of an article that a fact box or event explains are marked.

    fact `shells`, quote: "nearly 5 million artillery shells"
    ... shipments that include *nearly 5 million* artillery shells ...
    ->
    ... shipments that include <em><mark class="quote" id="q_shells">nearly 5
    million</mark></em><mark class="quote"> artillery shells</mark><sup
    class="quote-ref"><a href="#shells">fact</a></sup> ...

The words are found in the block's plain text, so a quote may cross
emphasis or links: each text piece inside it gets its own <mark>, which keeps
the HTML well nested. The reference link goes after the last piece, outside
any link. `env["quotes"]` is a list of QuoteRequest still to place (shared by
all articles, so the first occurrence wins); each placed one is removed and
appended to `env["placed"]` as (entry_id, block_id).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from builder.markdown.plaintext import covered, plain_text, plain_text_only
from builder.markdown.tokens import html_token, text_token, without_empty_text


@dataclass(frozen=True, slots=True)
class QuoteRequest:
    entry_id: str
    anchor: str
    """The id of the first mark, to link to the quoted words."""
    text: str
    """Whitespace collapsed."""
    href: str
    """Where the reference link leads (the box on this page, or the timeline)."""
    label: str
    """Visible text of the reference link, e.g. "fact"."""
    title: str
    css_class: str = ""
    """Extra class for the reference link, e.g. the fact's status."""


def quotes_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("autolink", "quotes", _quotes_rule)


def _quotes_rule(state: StateCore) -> None:
    pending: list[QuoteRequest] | None = state.env.get("quotes")
    if not pending:
        return
    placed = state.env.setdefault("placed", [])
    for token in state.tokens:
        block_id = token.meta.get("block_id") if token.type == "inline" else None
        if not block_id or not token.children:
            continue
        # The cheap text first; the character map only for a block that holds a quote.
        text = plain_text_only(token.children)
        for request in [r for r in pending if r.text in text]:
            text, pieces = plain_text(token.children)
            start = text.find(request.text)
            token.children = _mark(token.children, covered(pieces, start, start + len(request.text)), request)
            pending.remove(request)
            placed.append((request.entry_id, block_id))


def _mark(children: list[Token], covered: dict[int, tuple[int, int]], request: QuoteRequest) -> list[Token]:
    """Wrap the covered characters of each child ({index: (first, last)}) in <mark>."""
    last_index = max(covered)
    result: list[Token] = []
    first = True
    depth = 0
    ref_pending = False
    for index, child in enumerate(children):
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        if index not in covered:
            result.append(child)
        else:
            begin, end = covered[index]
            mark_id = f' id="{escape(request.anchor)}"' if first else ""
            opening = html_token(f'<mark class="quote quote-{request.label}"{mark_id}>')
            first = False
            if child.type == "code_inline":
                result += [opening, child, html_token("</mark>")]
                tail = []
            else:
                content = child.content
                result += [text_token(content[:begin]), opening, text_token(content[begin:end + 1]),
                           html_token("</mark>")]
                tail = [text_token(content[end + 1:])]
            if index == last_index:
                ref_pending = True
                if depth == 0:
                    result.append(_reference(request))
                    ref_pending = False
            result += tail
            continue
        if ref_pending and depth == 0:
            result.append(_reference(request))
            ref_pending = False
    return without_empty_text(result)


def _reference(request: QuoteRequest) -> Token:
    classes = f"quote-ref {request.css_class}".strip()
    return html_token(f'<sup class="{escape(classes)}"><a href="{escape(request.href)}" '
                 f'title="{escape(request.title)}">{escape(request.label)}</a></sup>')
