"""render.py, pages.py and parts.py: Linked data to views, views through templates, the other files."""

from __future__ import annotations

import re
from pathlib import Path

from builder import model, views
from builder.link import link_content
from builder.build import build_site, check_site
from builder.pages import actors_page, article_page, glossary_page, page_urls, timeline_page
from builder.parts import Parts
from builder.previews import figure_text, format_number
from builder.render import bundle_css, template_environment
from builder.theme import template_folders
from builder.write import MANIFEST
from tests.support.sites import validated

ACTORS = ("- id: putin\n  name: Vladimir Putin\n  kind: person\n  role: President of Russia\n"
          "- id: un\n  name: United Nations\n  kind: organization\n"
          "- id: russia\n  name: Russia\n  kind: country\n")
GLOSSARY = ("- id: veto\n  term: veto\n  definition: A no.\n"
            "- id: g7\n  term: 7 nations\n  definition: A group.\n"
            "- id: armistice\n  term: Armistice\n  definition: A truce.\n")
TIMELINE = ("- id: ev-b\n  date: 2024-06-19\n  title: Summit\n"
            "- id: ev-a\n  date: 1953\n  title: Armistice signed\n"
            "- id: ev-c\n  date: 2024\n  title: The year\n  quote: Putin spoke\n")
FACTS = ("- id: shells\n  title: Shells\n  kind: figure\n  value: 4800000\n  qualifier: up to\n"
         "  unit: shells\n  claimed_by: putin\n  quote: 5 million\n")
ARTICLE = "---\ntitle: The summit\n---\nVladimir Putin spoke of 5 million shells.\n\nThe United Nations listened.\n"


def parts(tmp_path: Path, base_url: str | None = None, **files: str) -> Parts:
    files = {"actors.yaml": ACTORS, "glossary.yaml": GLOSSARY, "timeline.yaml": TIMELINE,
             "facts.yaml": FACTS, "articles/a.md": ARTICLE, **files}
    macros = template_environment(template_folders(tmp_path), tmp_path).get_template("_macros.html").module
    return Parts(link_content(validated(tmp_path, files, base_url), seeds={}), macros)


def test_a_fact_box_is_made_once_per_page_depth(tmp_path):
    made = parts(tmp_path)
    fact = made.entries["shells"]
    box = made.fact_box(fact, "../")
    assert made.fact_box(fact, "../") is box
    assert box == views.FactBox(
        id="shells", title="Shells", kind="figure", figure="up to 4.8 million shells",
        status="reported", status_label="Reported",
        claimed_by=views.Link("Vladimir Putin", "../actors/putin/"), as_of=None, body_html="",
        sources=(), related=(), placement=views.Placement("../articles/a/#p_vladimir-putin-spoke-of-5-million",
                                                          "../articles/a/#q_shells"),
        href="../facts/#shells")


def test_the_article_page_shows_boxes_beside_their_paragraphs_and_who_is_mentioned(tmp_path):
    made = parts(tmp_path)
    page = article_page(made, made.linked.articles[0])
    assert (page.template, page.url, page.og_type) == ("article.html", "articles/a/", "article")
    notes = [[(note.number, note.back, note.box.id) for note in chunk.notes] for chunk in page.context["chunks"]]
    # Numbered in reading order: "Putin spoke" ends before "5 million".
    assert notes == [[(1, "#q_ev-c", "ev-c"), (2, "#q_shells", "shells")], []]
    assert page.context["mentioned_actors"] == [views.Link("United Nations", "../../actors/un/"),
                                                views.Link("Vladimir Putin", "../../actors/putin/")]


def test_the_glossary_is_grouped_by_letter_with_the_rest_last(tmp_path):
    groups = glossary_page(parts(tmp_path)).context["groups"]
    ids = [[re.search(r'<dt id="([^"]+)"', t.__html__()).group(1) for t in g.terms] for g in groups]
    assert [(g.letter, g.anchor, g.href, terms) for g, terms in zip(groups, ids)] == [
        ("A", "letter_A", "#letter_A", ["armistice"]), ("V", "letter_V", "#letter_V", ["veto"]),
        ("#", "letter_other", "#letter_other", ["g7"])]


def test_the_timeline_is_grouped_by_year_in_date_order(tmp_path):
    years = timeline_page(parts(tmp_path)).context["years"]
    assert [(y.year, y.anchor, [e.id for e in y.events]) for y in years] == [
        (1953, "year_1953", ["ev-a"]), (2024, "year_2024", ["ev-c", "ev-b"])]


def test_actors_are_grouped_by_kind_in_the_order_of_the_model(tmp_path):
    groups = actors_page(parts(tmp_path)).context["groups"]
    assert [(g.label, g.anchor, [a.name for a in g.actors]) for g in groups] == [
        ("People", "kind_person", ["Vladimir Putin"]), ("Countries", "kind_country", ["Russia"]),
        ("Organizations", "kind_organization", ["United Nations"])]


def test_every_page_in_a_fixed_order(tmp_path):
    urls = page_urls(parts(tmp_path).linked.content)
    assert urls == ["", "articles/a/", "glossary/", "timeline/", "actors/", "actors/putin/", "actors/un/",
                    "actors/russia/", "facts/", "sources/", "search/", "404.html"]


def test_the_rendered_site_with_and_without_an_address(tmp_path):
    parts(tmp_path, "https://me.github.io/repo/")
    result = build_site(tmp_path, out=tmp_path / "site", base_url="https://me.github.io/repo/", index=False)
    assert result.ok and result.pages == 12
    files = {p.relative_to(tmp_path / "site").as_posix(): p for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert {rel for rel in files if not rel.startswith("static/")} | {"static/style.css"} == {
        "index.html", "articles/a/index.html", "glossary/index.html", "timeline/index.html",
        "actors/index.html", "actors/putin/index.html", "actors/un/index.html", "actors/russia/index.html",
        "facts/index.html", "sources/index.html", "search/index.html", "404.html", "robots.txt",
        "sitemap.xml", "data.json", "static/style.css", ".nojekyll", MANIFEST}
    assert "static/style.css" in files and not any(rel.startswith("static/css/") for rel in files)
    assert '<link rel="canonical" href="https://me.github.io/repo/glossary/">' in files["glossary/index.html"].read_text()
    assert '<link rel="stylesheet" href="/repo/static/style.css">' in files["404.html"].read_text()
    assert "Sitemap: https://me.github.io/repo/sitemap.xml" in files["robots.txt"].read_text()


def test_a_template_error_is_a_diagnostic_at_its_line(tmp_path):
    parts(tmp_path)
    (tmp_path / "templates").mkdir()
    for page in ("index", "article", "glossary", "timeline", "actors", "actor", "facts", "sources", "404"):
        (tmp_path / "templates" / f"{page}.html").write_text("<p>{{ page.title }}</p>\n")
    (tmp_path / "templates" / "glossary.html").write_text("<p>\n{{ groups[0].nothing.here }}</p>\n")
    result = check_site(tmp_path)
    assert not result.ok
    assert [d.format() for d in result.diagnostics if d.severity == "error"] == [
        "templates/glossary.html:2:1: error: template error: "
        "'builder.views.LetterGroup object' has no attribute 'nothing'"]


def test_figures_are_shown_as_a_reader_says_them():
    assert [format_number(n) for n in (4_800_000, 2_000_000_000, 12000, 3.5, None)] == [
        "4.8 million", "2 billion", "12,000", "3.5", ""]
    origin = model.Origin("content/facts.yaml")
    assert figure_text(model.Fact("f", "F", origin, "figure", 4_800_000, "shells", "up to")) == (
        "up to 4.8 million shells")
    assert figure_text(model.Fact("f", "F", origin, "figure", 5, display="five or so")) == "five or so"


def test_the_style_sheet_is_its_parts_in_file_name_order(tmp_path):
    parts = {"css/40-article.css": b".note { color: red; }\n", "css/00-tokens.css": b":root { --ink: #000; }\n"}
    assert bundle_css(parts) == (
        "/* 00-tokens.css */\n:root { --ink: #000; }\n\n/* 40-article.css */\n.note { color: red; }\n")
    assert bundle_css({}) is None


def test_the_site_links_one_style_sheet_and_publishes_no_parts(tmp_path):
    validated(tmp_path, {"articles/a.md": ARTICLE})
    assert build_site(tmp_path, out=tmp_path / "site", index=False).ok
    sheet = (tmp_path / "site" / "static" / "style.css").read_text()
    names = [line[3:-3] for line in sheet.splitlines() if line.startswith("/* ") and line.endswith(".css */")]
    assert names == sorted(names) and "00-tokens.css" in names and "50-notes.css" in names
    assert not (tmp_path / "site" / "static" / "css").exists()
