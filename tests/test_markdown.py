"""The Markdown plugins, from fixture files in markdown-it's own format.

Each fixture is titled in plain English; its input is rendered as an
article body with the small cast of names below, and must give the HTML
that follows it exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from builder.markdown import make_markdown
from builder.markdown.entry_texts import parse_text
from builder.markdown.autolink import Name, NameMatcher
from builder.markdown.quotes import QuoteRequest
from builder.markdown.wikilinks import LinkTarget, WikiLink

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"

NAMES = [
    Name("Vladimir Putin", "putin", True), Name("Putin", "putin", True),
    Name("the Russian leader", "putin", True), Name("The Russian leader", "putin", True),
    Name("Kim Jong Un", "kim-jong-un", True), Name("Pyongyang", "north-korea", True),
    Name("UN Security Council", "unsc", True), Name("Security Council", "security-council", True),
    Name("missile", "missile", False), Name("veto", "veto", False), Name("NATO", "nato", True),
]
KINDS = {"missile": "term", "veto": "term", "nato": "term"}


def link_for(entry_id: str) -> LinkTarget:
    kind = KINDS.get(entry_id, "actor")
    return LinkTarget(f"{kind}s/{entry_id}/", entry_id.replace("-", " ").title(), kind)


def render_article(text: str, quotes: list[QuoteRequest] | None = None) -> tuple[str, dict]:
    env = {"link_for": link_for, "matcher": NameMatcher(NAMES), "mentions": [],
           "blocks": [], "quotes": quotes or [], "placed": []}
    return make_markdown().render(text, env), env


ENTRY_TARGETS = {
    "putin": LinkTarget("actors/putin/", "Vladimir Putin", "actor", "Vladimir Putin — President of Russia"),
    "kim-jong-un": LinkTarget("actors/kim-jong-un/", "Kim Jong Un", "actor"),
    "veto": LinkTarget("glossary/#veto", "veto", "term", 'veto: A "no" that stops a decision.'),
}


def render_entry_text(text: str) -> str:
    """As a definition or summary is rendered: [[id]] links only."""
    return make_markdown().render(text, {"link_for": ENTRY_TARGETS.get})


QUOTES = [
    QuoteRequest("shells", "q_shells", "nearly 5 million artillery shells", "#shells", "fact", "status-reported"),
    QuoteRequest("stay", "q_stay", "Putin’s short stay in Pyongyang", "#stay", "fact"),
    QuoteRequest("resolutions", "q_resolutions", "U.N. Security Council resolutions", "#resolutions", "timeline"),
    QuoteRequest("met", "q_met", "Putin met Kim", "#met", "fact", "status-confirmed"),
    QuoteRequest("containers", "q_containers", "10,000 containers", "#containers", "fact"),
]


@pytest.mark.parametrize(
    "line,title,text,expected",
    [*read_fixture_file(FIXTURES / "autolink.md"), *read_fixture_file(FIXTURES / "block_ids.md")],
    ids=lambda value: value if isinstance(value, str) and "\n" not in value else "",
)
def test_autolink_and_block_ids(line, title, text, expected):
    html, _ = render_article(text)
    assert html == expected, f"fixture at line {line}: {title}"


@pytest.mark.parametrize(
    "line,title,text,expected", read_fixture_file(FIXTURES / "quotes.md"),
    ids=lambda value: value if isinstance(value, str) and "\n" not in value else "",
)
def test_quotes(line, title, text, expected):
    html, _ = render_article(text, list(QUOTES))
    assert html == expected, f"fixture at line {line}: {title}"


@pytest.mark.parametrize(
    "line,title,text,expected", read_fixture_file(FIXTURES / "wikilinks.md"),
    ids=lambda value: value if isinstance(value, str) and "\n" not in value else "",
)
def test_wikilinks(line, title, text, expected):
    assert render_entry_text(text) == expected, f"fixture at line {line}: {title}"
    # Parsed once with a slot per link, filled later: the same HTML.
    assert parse_text(text).html(ENTRY_TARGETS) == expected, f"fixture at line {line}: {title}"


def test_a_parsed_text_lists_its_links_and_none_in_code():
    text = "See `[[putin]]` and [[ veto ]],\n\n    [[putin]]\n\nthen [[putin|him]]."
    assert parse_text(text).links == (
        WikiLink("veto", "", "[[ veto ]]"), WikiLink("putin", "him", "[[putin|him]]"))


def test_a_parsed_text_as_one_line_of_plain_text():
    text = "# A *veto*\n\nBy [[putin]]\nand `code` [[kim-jong-un|him]]."
    assert parse_text(text).plain_text({"putin": "Vladimir Putin"}) == "A veto By Vladimir Putin and code him."


def test_a_parse_is_kept_for_the_same_text_and_cannot_be_changed():
    text = "Kept [[veto]]."
    assert parse_text(text) is parse_text(text)
    with pytest.raises(AttributeError):
        parse_text(text).links = ()


def test_every_mention_is_recorded_even_when_not_linked():
    # Backlinks need every paragraph that names the entry, linked or not.
    _, env = render_article("Putin met Putin.\n\nThe Russian leader left.\n\n## Later\n\nPutin again.")
    recorded = [(m.entry_id, m.block_id, m.linked) for m in env["mentions"]]
    assert recorded == [("putin", "p_putin-met-putin", True), ("putin", "p_putin-met-putin", False),
                        ("putin", "p_the-russian-leader-left", False), ("putin", "p_putin-again", True)]


def test_placed_quotes_are_removed_so_the_first_occurrence_wins():
    quotes = [QuoteRequest("met", "q_met", "Putin met Kim", "#met", "fact")]
    _, env = render_article("Putin met Kim.\n\nPutin met Kim.", quotes)
    assert quotes == []
    assert env["placed"] == [("met", "p_putin-met-kim")]


def test_entry_texts_get_no_block_ids_and_no_auto_links():
    # Definitions and summaries share pages; ids there could repeat.
    html = make_markdown().render("Putin and [[kim-jong-un]].", {"link_for": link_for})
    assert html == '<p>Putin and <a href="actors/kim-jong-un/" class="ref ref-actor">Kim Jong Un</a>.</p>\n'


def test_matcher_scales_to_thousands_of_names():
    names = [Name(f"term number {i}", f"t{i}", False) for i in range(5000)]
    matcher = NameMatcher(names)
    text = "Nothing here but term number 4999 and term number 12, not term number 123456."
    assert [(text[s:e], i) for s, e, i in matcher.find(text)] == [
        ("term number 4999", "t4999"), ("term number 12", "t12")]
