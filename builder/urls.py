"""The only place a URL, an anchor or an output path is computed.

A URL here is a path relative to the site root ("actors/putin/",
"glossary/#veto"); `href` turns it into a link that works from a given page,
relative, so the site works under any base path. 404.html is served at any
depth, so its links start with the base path instead.

An anchor is the value of an `id` attribute. An entry's anchor on its index
page is its id (SPEC, URL map); every other anchor has an underscore, which
ids cannot, so the two never clash.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from builder import model

HOME = ""
NOT_FOUND = "404.html"
SEARCH = "search/"
DATA = "data.json"
SEARCH_INDEX_FOLDER = "pagefind"
"""Where the build writes the search index (search.py)."""
SEARCH_INDEX = SEARCH_INDEX_FOLDER + "/pagefind.js"


def search_shard(number: int) -> str:
    """The folder of the search index's shard `number` (1, 2, ...; shard 0 is
    SEARCH_INDEX_FOLDER itself), relative to the site root."""
    return f"{SEARCH_INDEX_FOLDER}/shards/{number}/"


INDEX_PAGES = {
    "glossary": "glossary/",
    "timeline": "timeline/",
    "actors": "actors/",
    "facts": "facts/",
    "sources": "sources/",
}
ENTRY_INDEX = {
    model.Term: INDEX_PAGES["glossary"],
    model.Event: INDEX_PAGES["timeline"],
    model.Fact: INDEX_PAGES["facts"],
    model.Source: INDEX_PAGES["sources"],
}
BLOCK_PREFIXES = {"paragraph": "p_", "heading": "h_", "item": "li_"}


# -- pages -------------------------------------------------------------------
def article_url(slug: str) -> str:
    return f"articles/{slug}/"


def actor_url(actor_id: str) -> str:
    return f"actors/{actor_id}/"


def static_url(name: str) -> str:
    return f"static/{name}"


CURATION = "_curation/"
"""The curation page, which only `serve` serves (builder/curation.py): no page
of a built site starts with an underscore."""


# -- anchors and the URLs that lead to them -----------------------------------
def entry_anchor(entry_id: str) -> str:
    return entry_id


def entry_url(entry: model.Entry) -> str:
    """Actors have a page of their own; every other entry is an anchor on its index page."""
    if isinstance(entry, model.Actor):
        return actor_url(entry.id)
    return ENTRY_INDEX[type(entry)] + fragment(entry_anchor(entry.id))


def block_anchor(kind: str, words: str, n: int = 1) -> str:
    """A paragraph's, heading's or list item's anchor: 'p_first-words', then 'p_first-words_2'."""
    anchor = BLOCK_PREFIXES[kind] + words
    return anchor if n == 1 else f"{anchor}_{n}"


def block_url(slug: str, block_id: str) -> str:
    return article_url(slug) + fragment(block_id)


def quote_anchor(entry_id: str) -> str:
    """The first mark of the words a fact box or event quotes."""
    return f"q_{entry_id}"


def quote_url(slug: str, entry_id: str) -> str:
    return article_url(slug) + fragment(quote_anchor(entry_id))


def letter_anchor(letter: str) -> str:
    """A glossary letter's section; '#' gathers terms that start with no letter A-Z."""
    return f"letter_{letter if letter != '#' else 'other'}"


def year_anchor(year: int) -> str:
    return f"year_{year}"


def kind_anchor(kind: str) -> str:
    """A group of the actors index: people, countries, ..."""
    return f"kind_{kind}"


ACTOR_EVENTS_ANCHOR = "events_title"
"""The heading of an actor page's list of events."""
TIMELINE_OVERVIEW_ANCHOR = "timeline_overview"
"""The timeline's overview strip (its SVG)."""


def actor_events_url(actor_id: str) -> str:
    """An actor's events on its page: the timeline's filter without JavaScript."""
    return actor_url(actor_id) + fragment(ACTOR_EVENTS_ANCHOR)


def chart_anchor(fact_id: str, small: bool = False) -> str:
    """A fact's chart (its SVG); the small one stands in the article and on the home page."""
    return f"chartsmall_{fact_id}" if small else f"chart_{fact_id}"


def fragment(anchor: str) -> str:
    """A link to `anchor` on the same page."""
    return "#" + anchor


# -- files and links -----------------------------------------------------------
def output_path(url: str) -> str:
    """The file a page URL is written to, relative to the output folder."""
    path = url.split("#", 1)[0]
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


def page_prefix(url: str) -> str:
    """How to get from the page at `url` back to the site root: '', '../' or '../../'."""
    return "../" * url.split("#", 1)[0].count("/")


ARTICLE_PREFIX = page_prefix(article_url("any"))
"""The way back to the root from an article page (all articles sit at one depth)."""
PREFIXES = tuple(sorted({page_prefix(url) for url in (
    HOME, *INDEX_PAGES.values(), article_url("any"), actor_url("any"))}))
"""The way back to the root from every depth a page can have: '', '../', '../../'."""


def href(url: str, prefix: str) -> str:
    """A link to `url` from a page whose way back to the root is `prefix`."""
    link = prefix + url
    if link == "":
        return "./"
    if link.startswith("#"):
        return "./" + link
    return link


def base_path(base_url: str | None) -> str:
    """The path part of the public root: '/repo/' or '/'."""
    if not base_url:
        return "/"
    return urlsplit(base_url).path.rstrip("/") + "/"


def absolute(base_url: str, url: str) -> str:
    return base_url + url
