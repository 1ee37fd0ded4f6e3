"""Quotes: words of an article that a fact box or event explains are marked and numbered.

    fact `shells`, quote: "nearly 5 million artillery shells"
    ... shipments that include *nearly 5 million* artillery shells ...
    ->
    ... shipments that include <em><mark class="quote quote-fact" id="q_shells"
    data-note="shells">nearly 5 million</mark></em><mark class="quote quote-fact"
    data-note="shells"> artillery shells</mark><sup class="note-ref"><a
    href="#shells"><span class="vh">Note </span>2</a></sup> ...

The words are found in the block's plain text, so a quote may cross
emphasis or links: each text piece inside it gets its own <mark>, which keeps
the HTML well nested. The marker (the note's number, linking to the note)
goes after the last piece, outside any link. Notes are numbered in reading
order of their markers: blocks in order, and within a block by where the
quoted words end.

`env["quotes"]` is a list of QuoteRequest still to place (shared by all
articles, so the first occurrence wins); each placed one is removed and
appended to `env["placed"]` as (entry_id, block_id). `env["placed"]` is one
list per article: a note's number is its place in that list, from 1.
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
    """Where the marker leads: the note on this page."""
    kind: str
    """fact or timeline: a class of the marked words."""
    css_class: str = ""
    """Extra class for the marker, e.g. the fact's status."""


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
        found = [r for r in pending if r.text in text]
        # Marks add no text, so positions in `text` hold while the block is marked.
        found.sort(key=lambda r: text.find(r.text) + len(r.text))
        for request in found:
            text, pieces = plain_text(token.children)
            start = text.find(request.text)
            number = len(placed) + 1
            token.children = _mark(token.children, covered(pieces, start, start + len(request.text)),
                                   request, number)
            pending.remove(request)
            placed.append((request.entry_id, block_id))


def _mark(children: list[Token], covered: dict[int, tuple[int, int]], request: QuoteRequest,
          number: int) -> list[Token]:
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
            opening = html_token(f'<mark class="quote quote-{request.kind}"{mark_id} '
                                 f'data-note="{escape(request.entry_id)}">')
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
                    result.append(_marker(request, number))
                    ref_pending = False
            result += tail
            continue
        if ref_pending and depth == 0:
            result.append(_marker(request, number))
            ref_pending = False
    return without_empty_text(result)


def _marker(request: QuoteRequest, number: int) -> Token:
    # "Note" is for screen readers; the eye sees the number, as in a printed book.
    classes = f"note-ref {request.css_class}".strip()
    return html_token(f'<sup class="{escape(classes)}"><a href="{escape(request.href)}" '
                      f'data-note="{escape(request.entry_id)}"><span class="vh">Note </span>{number}</a></sup>')
