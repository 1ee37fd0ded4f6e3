"""urls.py: every address and anchor of the site, from one place."""

from __future__ import annotations

from builder import model, urls
from builder.dates import PartialDate

PUTIN = model.Actor("putin", "Vladimir Putin", "person", model.Origin("content/actors.yaml"))
VETO = model.Term("veto", "veto", model.Markdown("A no.", model.Origin("g"), "A no."), model.Origin("g"))
SUMMIT = model.Event("ev-summit", PartialDate(2024, 6, 19), "Summit", model.Origin("t"))


def test_actors_have_pages_and_other_entries_are_anchors_on_their_index_page():
    assert urls.entry_url(PUTIN) == "actors/putin/"
    assert urls.entry_url(VETO) == "glossary/#veto"
    assert urls.entry_url(SUMMIT) == "timeline/#ev-summit"


def test_links_are_relative_to_the_page_they_stand_on():
    assert urls.href("glossary/#veto", urls.page_prefix(urls.article_url("kim-putin"))) == "../../glossary/#veto"
    assert urls.href("glossary/#veto", urls.page_prefix("glossary/")) == "../glossary/#veto"
    assert urls.href(urls.HOME, "") == "./"
    assert urls.href("#veto", "") == "./#veto"


def test_every_page_depth_is_known_and_articles_sit_two_deep():
    assert urls.PREFIXES == ("", "../", "../../")
    assert urls.ARTICLE_PREFIX == "../../"
    assert urls.page_prefix(urls.actor_url("putin")) in urls.PREFIXES


def test_anchors_other_than_entry_ids_have_an_underscore_so_they_never_clash_with_one():
    anchors = [urls.quote_anchor("veto"), urls.letter_anchor("V"), urls.letter_anchor("#"),
               urls.year_anchor(1961), urls.kind_anchor("person"),
               urls.block_anchor("paragraph", "what-to-make-of"), urls.block_anchor("item", "a", 2)]
    assert anchors == ["q_veto", "letter_V", "letter_other", "year_1961", "kind_person",
                       "p_what-to-make-of", "li_a_2"]
    assert all("_" in anchor for anchor in anchors)
    assert urls.entry_anchor("veto") == "veto"


def test_urls_into_an_article_and_on_the_same_page():
    assert urls.block_url("kim-putin", "p_what") == "articles/kim-putin/#p_what"
    assert urls.quote_url("kim-putin", "fact-shells") == "articles/kim-putin/#q_fact-shells"
    assert urls.fragment(urls.year_anchor(2024)) == "#year_2024"


def test_output_files_and_absolute_addresses():
    assert urls.output_path(urls.HOME) == "index.html"
    assert urls.output_path("actors/putin/") == "actors/putin/index.html"
    assert urls.output_path("glossary/#veto") == "glossary/index.html"
    assert urls.output_path(urls.NOT_FOUND) == "404.html"
    assert urls.absolute("https://me.github.io/repo/", "actors/putin/") == "https://me.github.io/repo/actors/putin/"
    assert urls.base_path("https://me.github.io/repo/") == "/repo/"
    assert urls.base_path(None) == "/"
