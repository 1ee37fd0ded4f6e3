"""Issue 3: the project's own explainer content.

The content of content/ is built once, the way the publishing workflow
builds it, and the built pages are read back: every fact box must carry its
evidence, every actor and term must be reachable from the rest of the site,
and every quoted passage must be marked in the article and linked to its note.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from builder.build import build_site

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
BASE_URL = "https://example.github.io/kim-putin/"
ARTICLE = "articles/kim-putin-meeting/"
SEED = ROOT / "seeds" / "000_421fdaf1a19a275d.txt"

STATUSES = {"confirmed", "reported", "unconfirmed", "disputed"}
UN_RESOLUTIONS_2006_2017 = ["1695", "1718", "1874", "2087", "2094", "2270",
                            "2321", "2356", "2371", "2375", "2397"]


def load(name: str) -> list[dict]:
    return yaml.safe_load((CONTENT / f"{name}.yaml").read_text(encoding="utf-8")) or []


def as_list(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def collapse(text: str) -> str:
    return " ".join(text.split())


FACTS, ACTORS, TERMS = load("facts"), load("actors"), load("glossary")
EVENTS, SOURCES = load("timeline"), load("sources")


# -- the built site ------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("content") / "site"
    return build_site(ROOT, out=out, base_url=BASE_URL)


@pytest.fixture(scope="module")
def pages(built) -> dict[str, BeautifulSoup]:
    """Every built HTML page, keyed by its path under the base ("actors/putin/")."""
    assert built.ok, "\n".join(d.format() for d in built.diagnostics)
    found = {}
    for path in sorted(built.out.rglob("*.html")):
        rel = path.relative_to(built.out).as_posix()
        if rel.endswith("index.html"):
            rel = rel[: -len("index.html")]
        found[rel] = BeautifulSoup(path.read_bytes(), "html.parser")
    return found


def mention_targets(page: str, soup: BeautifulSoup) -> set[str]:
    """Where the mentions on a page lead, as paths under the base ("glossary/#veto").

    A mention is a link in running text: a name or term found in the article
    (class "mention") or an [[id]] in a body, summary or definition (class
    "ref"). Lists the builder makes by itself (backlinks, "cited by", the
    actors index) are not mentions: they would list every entry anyway.
    """
    here = urljoin(BASE_URL, page)
    targets = set()
    for a in soup.select("a.mention[href], a.ref[href]"):
        url = urljoin(here, a["href"])
        if url.startswith(BASE_URL):
            targets.add(url[len(BASE_URL):])
    return targets


@pytest.fixture(scope="module")
def mentions_by_page(pages) -> dict[str, set[str]]:
    return {page: mention_targets(page, soup) for page, soup in pages.items()}


def pages_mentioning(target: str, mentions_by_page, *, besides: set[str]) -> list[str]:
    return sorted(p for p, targets in mentions_by_page.items() if target in targets and p not in besides)


# -- building --------------------------------------------------------------------

def test_content_builds_with_no_errors_and_no_warnings(built):
    assert [d.format() for d in built.diagnostics] == []
    assert built.ok
    assert built.pages > len(ACTORS)  # every actor has a profile page, and more


# -- the article -------------------------------------------------------------------

def article_paragraphs(page: BeautifulSoup) -> list[str]:
    """The article's own paragraphs as plain text, without the notes beside them."""
    article = BeautifulSoup(str(page.find("article")), "html.parser")
    for note in article.find_all(["aside", "header"]):
        note.decompose()
    for ref in article.select("sup.note-ref"):
        ref.decompose()
    return [collapse(p.get_text()) for p in article.find_all("p")]


def test_article_reproduces_the_seed_without_its_clutter(pages):
    article = (CONTENT / "articles" / "kim-putin-meeting.md").read_text(encoding="utf-8")
    front_matter = yaml.safe_load(article.split("---")[1])
    assert front_matter["seed"] == "seeds/000_421fdaf1a19a275d.txt"
    assert front_matter["published"] == "2024-06"   # the exact day is not verified

    text = " ".join(article_paragraphs(pages[ARTICLE]))
    seed_paragraphs = [collapse(p) for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    body = [p for p in seed_paragraphs
            if p not in {"Share"} and "| Opinion" not in p and "Getty Images" not in p
            and not p.startswith("Russian President Putin and Kim Jong Un ")]
    # Every paragraph of the column survives, word for word (the typos too) ...
    for paragraph in body:
        assert paragraph in text, paragraph[:60]
    assert "Warm words were exchange—" in text
    # ... and the clutter around it does not.
    assert "Getty Images" not in text
    assert "| Opinion" not in text
    assert not re.search(r"\bShare\b", text)


# -- fact boxes -------------------------------------------------------------------

@pytest.mark.parametrize("fact", FACTS, ids=[f["id"] for f in FACTS])
def test_every_fact_box_has_sources_a_status_and_an_attribution(fact):
    actor_ids = {a["id"] for a in ACTORS}
    source_ids = {s["id"] for s in SOURCES}
    assert fact.get("status") in STATUSES
    assert fact.get("claimed_by") in actor_ids
    assert fact.get("as_of"), "a fact box says when it held"
    assert fact.get("quote"), "a fact box stands beside the article's words"
    sources = as_list(fact.get("sources"))
    assert sources and set(sources) <= source_ids
    if fact.get("kind") == "figure":
        assert isinstance(fact.get("value"), (int, float))


def test_fact_boxes_show_their_attribution_and_status_on_the_facts_page(pages):
    facts_page = pages["facts/"]
    for fact in FACTS:
        box = facts_page.find(id=fact["id"])
        assert box is not None, fact["id"]
        claimed = box.select_one(".claimed-by a")
        assert claimed is not None and claimed["href"].endswith(f"actors/{fact['claimed_by']}/")
        assert fact["status"].lower() in box.select_one(".status-label").get_text().lower()
        assert box.select(".sources a"), fact["id"]


def test_the_shell_figure_is_labelled_a_capacity_estimate():
    shells = next(f for f in FACTS if f["id"] == "fact-shells")
    assert shells["value"] == 4_800_000 and shells["qualifier"] == "up to"
    assert shells["quote"] == "nearly 5 million artillery shells"
    assert "capacity" in shells["title"] and "not a count" in shells["title"]


def test_the_unconfirmed_satellite_help_is_labelled_unconfirmed():
    help_ = next(f for f in FACTS if f["id"] == "fact-satellite-russian-help")
    assert help_["status"] == "unconfirmed"


# -- actors and terms are reachable ---------------------------------------------

@pytest.mark.parametrize("actor", ACTORS, ids=[a["id"] for a in ACTORS])
def test_every_actor_is_mentioned_somewhere_besides_its_own_pages(actor, mentions_by_page):
    own = {"actors/", f"actors/{actor['id']}/"}
    assert pages_mentioning(f"actors/{actor['id']}/", mentions_by_page, besides=own)


@pytest.mark.parametrize("term", TERMS, ids=[t["id"] for t in TERMS])
def test_every_term_is_mentioned_somewhere_besides_the_glossary(term, mentions_by_page):
    assert pages_mentioning(f"glossary/#{term['id']}", mentions_by_page, besides={"glossary/"})


def test_the_article_links_the_names_and_terms_it_uses(mentions_by_page):
    article_mentions = mentions_by_page[ARTICLE]
    for actor in ["putin", "kim-jong-un", "kim-il-sung", "victor-cha", "csis", "daniel-depetris",
                  "defense-priorities", "kcna", "unsc", "un-panel-of-experts", "russia",
                  "north-korea", "china", "south-korea", "united-states", "japan",
                  "philippines", "ukraine"]:
        assert f"actors/{actor}/" in article_mentions, actor
    for term in ["comprehensive-strategic-partnership", "mutual-military-assistance",
                 "mutual-defense-pact", "alliance", "quasi-alliance", "veto", "juche",
                 "hegemony", "artillery-shell", "reconnaissance-satellite",
                 "unsc-sanctions-resolutions"]:
        assert f"glossary/#{term}" in article_mentions, term


# -- quotes are placed -------------------------------------------------------------

QUOTED = [(f, "fact") for f in FACTS if f.get("quote")] + [(e, "event") for e in EVENTS if e.get("quote")]


@pytest.mark.parametrize("entry,kind", QUOTED, ids=[e["id"] for e, _ in QUOTED])
def test_every_quote_is_marked_in_the_article_and_linked_to_its_note(entry, kind, pages):
    article = pages[ARTICLE]
    mark = article.find("mark", id=f"q_{entry['id']}")
    assert mark is not None, f"no <mark> for {entry['id']}"
    block = mark.find_parent(["p", "li", "blockquote", "h2", "h3"])
    assert collapse(entry["quote"]) in collapse(block.get_text())
    # the note stands beside the paragraph ...
    assert article.find("aside", id=entry["id"]) is not None
    # ... and the marker after the words links to it
    hrefs = [a["href"] for a in block.select("sup.note-ref a[href]")]
    assert f"#{entry['id']}" in hrefs, hrefs


def test_quotes_do_not_overlap_one_another(pages):
    """Two notes never claim the same words, so each mark belongs to one note."""
    article = pages[ARTICLE]
    for mark in article.find_all("mark"):
        assert mark.find("mark") is None


# -- timeline and sources ---------------------------------------------------------

def test_timeline_runs_from_the_korean_war_to_the_kursk_deployment():
    by_id = {e["id"]: e for e in EVENTS}
    assert str(by_id["ev-korean-war"]["date"]) == "1950-06-25"
    assert str(by_id["ev-korean-war"]["end"]) == "1953-07-27"
    assert str(by_id["ev-summit-treaty-signed"]["date"]) == "2024-06-19"
    assert str(by_id["ev-entry-into-force"]["date"]) == "2024-12-04"
    assert str(by_id["ev-north-korea-confirms-troops"]["date"]) == "2025-04-28"


def test_timeline_holds_every_un_sanctions_resolution_from_2006_to_2017(pages):
    timeline = pages["timeline/"]
    for number in UN_RESOLUTIONS_2006_2017:
        event = next(e for e in EVENTS if e["id"] == f"res-{number}")
        assert number in event["title"]
        assert 2006 <= int(str(event["date"])[:4]) <= 2017
        assert timeline.find(id=f"res-{number}") is not None


@pytest.mark.parametrize("event", EVENTS, ids=[e["id"] for e in EVENTS])
def test_every_event_has_a_source(event):
    assert as_list(event.get("sources"))


def test_every_source_has_an_address_and_a_publisher_and_is_cited():
    cited = set()
    for entry in FACTS + ACTORS + TERMS + EVENTS:
        cited.update(as_list(entry.get("sources")))
    for source in SOURCES:
        assert source.get("url", "").startswith(("http://", "https://")), source["id"]
        assert source.get("publisher"), source["id"]
        assert source["id"] in cited, f"{source['id']} is cited nowhere"
