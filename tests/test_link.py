"""link.py, backlinks.py and verify.py: Markdown rendered, mentions and quotes found, inverted."""

from __future__ import annotations

import json
from html import unescape

from builder.snippets import Snippet, snippet
from builder.link import link_content
from tests.support.sites import validated

ACTORS = ("- id: putin\n  name: Vladimir Putin\n  aliases: [Putin]\n  kind: person\n  role: President of Russia\n"
          "- id: kim\n  name: Kim Jong Un\n  kind: person\n")
GLOSSARY = ("- id: veto\n  term: veto\n  definition: A *no* from one of the [[p5|five]] that stops a "
            "resolution. More text.\n"
            "- id: p5\n  term: permanent members\n  definition: 'The five: write `[[veto]]` to link a veto.'\n")
FACTS = ("- id: shells\n  title: Shells shipped\n  quote: nearly 5 million shells\n"
         "  related: [veto]\n  body: Counted by [[kim]].\n")
ARTICLE = ("---\ntitle: The summit\nsummary: Why [[putin]] went. And more.\n---\n"
           "# The summit\n\n"
           "Vladimir Putin met Kim Jong Un. Putin spoke of a veto.\n\n"
           "Russia sent nearly 5 million shells, said Kim Jong Un.\n")


def linked(tmp_path, **files):
    files = {"actors.yaml": ACTORS, "glossary.yaml": GLOSSARY, "facts.yaml": FACTS,
             "articles/a.md": ARTICLE, **files}
    return link_content(validated(tmp_path, files), seeds={})


KIM = '{&quot;kind&quot;:&quot;Person&quot;,&quot;name&quot;:&quot;Kim Jong Un&quot;}'


def test_names_in_the_article_become_links_once_per_section(tmp_path):
    item = linked(tmp_path).articles[0]
    paragraph, next_one = item.chunks[1].html, item.chunks[2].html
    assert paragraph.count('href="../../actors/putin/"') == 1
    assert paragraph.count('href="../../actors/kim/"') == 1 and 'href="../../actors/kim/"' not in next_one
    assert ('<a href="../../glossary/#veto" class="mention mention-term" data-preview="{&quot;kind&quot;:'
            '&quot;Glossary&quot;,&quot;name&quot;:&quot;veto&quot;,&quot;text&quot;:&quot;A no from one of '
            'the five that stops a resolution.&quot;}">veto</a>') in paragraph


def test_each_mention_is_a_backlink_to_its_paragraph_with_the_words_around_it(tmp_path):
    result = linked(tmp_path)
    # Backlinks come per article: (slug, its backlinks), in reading order.
    putin = [b for _, links in result.backlinks["putin"] for b in links]
    assert [(b.slug, b.block_id, b.number) for b in putin] == [("a", "p_vladimir-putin-met-kim-jong-un", 1)]
    assert putin[0].snippet == Snippet.of("", "Vladimir Putin", " met Kim Jong Un. Putin spoke of a veto.")
    assert [b.number for _, links in result.backlinks["kim"] for b in links] == [1, 2]


def test_a_quote_places_its_fact_box_beside_the_paragraph(tmp_path):
    result = linked(tmp_path)
    assert result.placements == {"shells": ("a", "p_russia-sent-nearly-5-million-shells")}
    assert [chunk.boxes for chunk in result.articles[0].chunks] == [(), (), ("shells",)]
    assert result.articles[0].note_numbers == {"shells": 1}
    assert ('<mark class="quote quote-fact" id="q_shells" data-note="shells">nearly 5 million shells</mark>'
            '<sup class="note-ref status-reported"><a href="#shells" data-note="shells"><span class="vh">Note '
            '</span>1</a></sup>') in result.articles[0].chunks[2].html


def test_entry_markdown_is_rendered_for_every_page_depth(tmp_path):
    html = linked(tmp_path).markdown[("shells", "body")]
    assert html.at("") == ('<p>Counted by <a href="actors/kim/" class="ref ref-actor" '
                           f'data-preview="{KIM}">Kim Jong Un</a>.</p>\n')
    assert html.at("../../") == html.at("").replace('href="actors/', 'href="../../actors/')


def test_text_that_looks_like_an_internal_mark_stays_as_written(tmp_path):
    facts = "- id: odd\n  title: Odd\n  body: \"\\ue000root\\ue000/ and [[kim]]\"\n"
    html = linked(tmp_path, **{"facts.yaml": facts}).markdown[("odd", "body")]
    assert html.at("../") == ('<p>\ue000root\ue000/ and <a href="../actors/kim/" class="ref ref-actor" '
                              f'data-preview="{KIM}">Kim Jong Un</a></p>\n')


def test_a_preview_is_plain_data_for_the_script(tmp_path):
    result = linked(tmp_path)
    veto_link = result.markdown[("p5", "definition")].at("")
    assert "[[veto]]" in veto_link  # in code: no link
    putin_in_summary = result.articles[0].summary.at("")
    preview = unescape(putin_in_summary.split('data-preview="')[1].split('"')[0])
    assert json.loads(preview) == {"kind": "Person", "name": "Vladimir Putin", "role": "President of Russia"}
    assert result.articles[0].description == "Why Vladimir Putin went."


def test_who_names_whom_counts_fields_and_links_but_not_code(tmp_path):
    result = linked(tmp_path)
    assert result.referenced_by["veto"] == ("shells",)  # its `related`; the `[[veto]]` in p5 is code
    assert result.referenced_by["kim"] == ("shells",)
    assert result.referenced_by["p5"] == ("veto",)


def test_a_quote_in_no_article_says_how_close_it_came(tmp_path):
    facts = FACTS.replace("nearly 5 million shells", "nearly 5 million artillery shells")
    result = linked(tmp_path, **{"facts.yaml": facts})
    assert [d.format() for d in result.diagnostics] == [
        "content/facts.yaml:3:10: error: the quote of 'shells' occurs in no article: 'nearly 5 million "
        "artillery shells' (content/articles/a.md has 'nearly 5 million ' but then not 'artillery shells'; "
        "quotes match case and punctuation exactly)"]


def test_an_article_must_keep_the_words_of_its_seed(tmp_path):
    (tmp_path / "seed.txt").write_text("The summit\nVladimir Putin met Kim Jong Un. Putin spoke of a veto.\n"
                                       "Russia sent nearly 4 million shells, said Kim Jong Un.\n")
    content = validated(tmp_path, {"actors.yaml": ACTORS, "glossary.yaml": GLOSSARY, "facts.yaml": "",
                                   "articles/a.md": ARTICLE.replace("---\n#", "seed: seed.txt\n---\n#", 1)})
    result = link_content(content, {"seed.txt": (tmp_path / "seed.txt").read_text()})
    assert [d.format() for d in result.diagnostics] == [
        "content/articles/a.md:10:1: error: this paragraph does not occur in the seed seed.txt: it matches "
        "up to '…Russia sent nearly ' and differs at '5 million shells, said Kim Jon…'"]


def test_a_snippet_is_a_short_window_around_the_words():
    text = "word " * 40 + "Putin" + " word" * 40
    cut = snippet(text, "Putin")
    assert cut.words == "Putin" and cut.before.startswith("… ") and cut.after.endswith(" …")
    assert len(cut.before) < 100 and len(cut.after) < 100
    # Kept as one window without the ellipses: ASCII text stays one byte a character.
    assert cut.text.isascii() and cut.text == cut.before[2:] + "Putin" + cut.after[:-2]
    assert snippet("Short text.", "absent") == Snippet.of("Short text.", "", "")


def test_an_author_who_is_an_actor_is_linked(tmp_path):
    article = ARTICLE.replace("title: The summit", "title: The summit\nauthor: kim")
    assert linked(tmp_path, **{"articles/a.md": article}).articles[0].author_id == "kim"
