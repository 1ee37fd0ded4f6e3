"""Structured data as other tools read it: JSON-LD expanded by a JSON-LD
processor (pyld), data.json checked against its schema (docs/data.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from pyld import jsonld

from builder import structured
from builder.build import build_site
from tests.support.sites import write_content

PROJECT = Path(__file__).resolve().parent.parent
SMALL = PROJECT / "tests" / "fixtures" / "sites" / "small"
BASE = "https://example.github.io/repo/"
SCHEMA = "http://schema.org/"
# schema.org's context maps every term into its vocabulary; the test never
# goes online, so the processor gets that context from here.
CONTEXT = {"@context": {"@vocab": SCHEMA}}


def offline_loader(url, options=None):
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("structured") / "site"
    result = build_site(SMALL, out=out, base_url=BASE, index=False)
    assert result.ok, [d.format() for d in result.diagnostics]
    return out


def graph(site: Path, url: str) -> list[dict]:
    """The page's JSON-LD, expanded: what a processor understands of it."""
    soup = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    [tag] = soup.find_all("script", type="application/ld+json")
    document = json.loads(tag.string)
    return jsonld.expand(document, {"documentLoader": offline_loader, "base": BASE + url})


def of_type(nodes: list[dict], name: str) -> list[dict]:
    return [n for n in nodes if SCHEMA + name in n.get("@type", [])]


def value(node: dict, name: str):
    items = node[SCHEMA + name]
    return items[0].get("@value", items[0].get("@id", items[0]))


def test_every_page_has_one_json_ld_graph_that_expands(small):
    for path in sorted(small.rglob("index.html")):
        url = path.parent.relative_to(small).as_posix()
        url = "" if url == "." else url + "/"
        assert graph(small, url), url


def test_an_opinion_article_with_author_publisher_and_the_dates_precision(small):
    nodes = graph(small, "articles/summit/")
    [article] = of_type(nodes, "OpinionNewsArticle")
    assert value(article, "headline") == "The Summit <em>&amp; after</em>"
    assert value(article, "datePublished") == "2024-06"  # month precision, as written
    author = article[SCHEMA + "author"][0]
    assert SCHEMA + "Person" in author["@type"]
    assert value(author, "url") == BASE + "actors/depetris/"
    assert value(article[SCHEMA + "publisher"][0], "name") == "Example Weekly"
    assert value(article, "url") == "https://example.org/summit"
    mentions = {value(m, "name") for m in article[SCHEMA + "mentions"]}
    assert {"Vladimir Putin", "veto"} <= mentions
    [crumbs] = of_type(nodes, "BreadcrumbList")
    names = [value(i, "name") for i in sorted(crumbs[SCHEMA + "itemListElement"], key=lambda i: value(i, "position"))]
    assert names[-1] == "The Summit <em>&amp; after</em>"
    # The other article names no genre: a plain NewsArticle.
    assert of_type(graph(small, "articles/second-look/"), "NewsArticle")


def test_an_article_that_links_a_fact_or_a_source_mentions_only_actors_and_terms(tmp_path):
    write_content(tmp_path, {
        "actors.yaml": "- id: putin\n  name: Vladimir Putin\n  kind: person\n",
        "sources.yaml": "- id: src-a\n  title: A report\n",
        "facts.yaml": "- id: arrival\n  title: Arrival\n  sources: [src-a]\n",
        "articles/a.md": "---\ntitle: A\n---\nVladimir Putin came, says [[src-a]], at [[arrival]].\n"})
    out = tmp_path / "site"
    result = build_site(tmp_path, out=out, base_url=BASE, index=False)
    assert result.ok, [d.format() for d in result.diagnostics]
    [article] = of_type(graph(out, "articles/a/"), "NewsArticle")
    assert [value(m, "name") for m in article[SCHEMA + "mentions"]] == ["Vladimir Putin"]


def test_actors_are_people_organizations_or_countries(small):
    [person] = of_type(graph(small, "actors/putin/"), "Person")
    assert value(person, "name") == "Vladimir Putin"
    assert value(person, "birthDate") == "1952-10-07"
    assert of_type(graph(small, "actors/north-korea/"), "Country")
    assert of_type(graph(small, "actors/un-panel/"), "Organization")


def test_the_glossary_is_a_defined_term_set(small):
    nodes = graph(small, "glossary/")
    [glossary] = of_type(nodes, "DefinedTermSet")
    terms = {value(t, "name"): t for t in glossary[SCHEMA + "hasDefinedTerm"]}
    assert set(terms) == {"veto", "comprehensive strategic partnership", "artillery shell", "Zeitgeist"}
    shell = terms["artillery shell"]
    assert shell["@id"] == BASE + "glossary/#shell"
    assert value(shell, "alternateName") == "shells"
    assert value(shell, "description") == "A projectile fired by artillery."


def test_the_timeline_is_a_list_of_events_with_dates(small):
    nodes = graph(small, "timeline/")
    events = {n["@id"]: n for n in of_type(nodes, "Event")}
    war = events[BASE + "timeline/#korean-war"]
    assert (value(war, "startDate"), value(war, "endDate")) == ("1950-06-25", "1953-07-27")
    assert value(events[BASE + "timeline/#year-only"], "startDate") == "2024"


def test_no_text_can_close_the_script_element():
    text = structured.script([{"@type": "Thing", "name": "</script><script>alert(1)</script> & co"}])
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["@graph"][0]["name"] == "</script><script>alert(1)</script> & co"


# -- data.json ---------------------------------------------------------------

def load_data(site: Path) -> dict:
    return json.loads((site / "data.json").read_text(encoding="utf-8"))


def test_data_json_matches_its_documented_schema(small):
    schema = json.loads((PROJECT / "docs" / "data.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(load_data(small), schema)


def test_data_json_holds_every_entry_with_ids_dates_and_pages(small):
    data = load_data(small)
    assert data["site"]["base_url"] == BASE
    assert [p for p in data["site"]["key_points"]][0] == "[[putin]] went to Pyongyang and signed a [[csp]]."
    ids = {e["id"] for key in ("facts", "actors", "terms", "events", "sources") for e in data[key]}
    assert {"putin", "veto", "containers", "summit", "src-un"} <= ids
    for key in ("facts", "actors", "terms", "events", "sources"):
        for entry in data[key]:
            path = entry["page"].split("#")[0]
            assert (small / path / "index.html").is_file(), entry["page"]
            for name in ("sources", "related", "actors", "see_also"):
                assert set(entry.get(name, ())) <= ids
    containers = next(f for f in data["facts"] if f["id"] == "containers")
    # The series in date order, each point with its own sources and precision.
    assert [(p["date"], p["value"], p["sources"]) for p in containers["series"]] == [
        ("2023", 500, ["src-un"]), ("2024-02-26", 6700, ["src-kremlin"]),
        ("2024-06", 10000, ["src-un", "src-kremlin"])]
    summit = next(e for e in data["events"] if e["id"] == "summit")
    assert summit["placed_in"].startswith("articles/summit/#p_")
    [article] = [a for a in data["articles"] if a["slug"] == "summit"]
    assert article["genre"] == "opinion" and article["published"] == "2024-06"
    assert "body" not in article  # the publisher's text is not republished
