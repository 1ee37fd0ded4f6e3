"""The only place a URL or an output path is computed.

A URL here is a path relative to the site root ("actors/putin/",
"glossary/#veto"); `href` turns it into a link that works from a given page,
relative, so the site works under any base path. 404.html is served at any
depth, so its links start with the base path instead.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from builder import model

HOME = ""
NOT_FOUND = "404.html"
SEARCH = "search/"
DATA = "data.json"
SEARCH_INDEX = "pagefind/pagefind.js"
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


def article_url(slug: str) -> str:
    return f"articles/{slug}/"


def actor_url(actor_id: str) -> str:
    return f"actors/{actor_id}/"


def entry_url(entry: model.Entry) -> str:
    """Actors have a page of their own; every other entry is an anchor on its index page."""
    if isinstance(entry, model.Actor):
        return actor_url(entry.id)
    return ENTRY_INDEX[type(entry)] + "#" + entry.id


def block_url(slug: str, block_id: str) -> str:
    return article_url(slug) + "#" + block_id


def static_url(name: str) -> str:
    return f"static/{name}"


def output_path(url: str) -> str:
    """The file a page URL is written to, relative to the output folder."""
    path = url.split("#", 1)[0]
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


def page_prefix(url: str) -> str:
    """How to get from the page at `url` back to the site root: '', '../' or '../../'."""
    return "../" * url.split("#", 1)[0].count("/")


def href(url: str, prefix: str) -> str:
    """A link to `url` from a page whose way back to the root is `prefix`."""
    link = prefix + url
    if link == "":
        return "./"
    if link.startswith("#"):
        return "./" + link
    return link


def same_page(url: str, page: str) -> str | None:
    """'#fragment' when `url` points into `page`, else None."""
    path, _, fragment = url.partition("#")
    return "#" + fragment if fragment and path == page else None


def base_path(base_url: str | None) -> str:
    """The path part of the public root: '/repo/' or '/'."""
    if not base_url:
        return "/"
    return urlsplit(base_url).path.rstrip("/") + "/"


def absolute(base_url: str, url: str) -> str:
    return base_url + url
