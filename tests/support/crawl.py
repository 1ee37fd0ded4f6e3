"""Crawl a site served by pages_server and check every reference.

    report = crawl(base_url)                 # start at the home page
    assert report.broken == []

From each HTML page it follows every same-host reference (a[href],
area[href], link[href], script[src], img[src]/[srcset], source[src]/[srcset],
video/audio/iframe/embed/object/track, url(...) and @import in stylesheets
and <style>), checks that each answers 200 and that each #fragment names an
id (or <a name>) on the target page. It never fetches outside the base path
(a same-host reference outside it is reported broken: on GitHub Pages it
would reach another site) and never fetches another host (those references
are recorded in ``report.external``; ``report.external_resources`` holds the
ones a browser would load by itself, which a self-contained site must not
have). References to ``public_base`` (the site's public address, e.g. from
canonical links) are checked as if they were local, and recorded in
``report.absolute_internal``.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

# link rel values that make the browser fetch something by itself
RESOURCE_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest",
                 "preload", "modulepreload", "prefetch", "prerender", "dns-prefetch", "preconnect"}
SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Ref:
    page: str        # URL of the page (or stylesheet) that holds the reference
    where: str       # e.g. "a[href]", "link[rel=stylesheet]", "css url()"
    href: str        # the reference as written
    url: str         # absolute URL, fragment included
    resource: bool   # the browser loads it by itself (not a link to follow)


@dataclass
class Fetched:
    url: str                  # final URL after redirects
    status: int
    content_type: str
    body: bytes
    redirects: list[str] = field(default_factory=list)


@dataclass
class CrawlReport:
    base: str
    pages: set[str] = field(default_factory=set)          # HTML pages fetched (final URLs, no fragment)
    assets: set[str] = field(default_factory=set)         # other same-site URLs fetched
    statuses: dict[str, int] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)       # "page -> href: reason"
    external: list[Ref] = field(default_factory=list)     # references to other hosts
    absolute_internal: list[Ref] = field(default_factory=list)
    redirected: list[str] = field(default_factory=list)   # "page -> href: 301 to ..."
    refs: list[Ref] = field(default_factory=list)         # every same-site reference

    @property
    def external_resources(self) -> list[Ref]:
        return [r for r in self.external if r.resource]

    def relative_pages(self) -> set[str]:
        """The pages as paths relative to the base ("", "glossary/", ...)."""
        return {p[len(self.base):] for p in self.pages if p.startswith(self.base)}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, timeout: float = 10.0) -> tuple[int, str, bytes, str | None]:
    """One GET, no redirect following: (status, content type, body, Location)."""
    req = urllib.request.Request(url, headers={"User-Agent": "explainer-test-crawler"})
    try:
        with _opener.open(req, timeout=timeout) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read(), None
    except urllib.error.HTTPError as err:
        body = err.read() if err.fp is not None else b""
        return err.code, err.headers.get("Content-Type", ""), body, err.headers.get("Location")


def _is_html(ctype: str, url: str) -> bool:
    return "html" in ctype.split(";")[0] or (not ctype and urlsplit(url).path.endswith((".html", "/")))


def _srcset_urls(value: str) -> list[str]:
    urls = []
    for candidate in value.split(","):
        candidate = candidate.strip()
        if candidate:
            urls.append(candidate.split()[0])
    return urls


def _css_refs(text: str) -> list[str]:
    found = []
    for m in CSS_URL.finditer(text):
        found.append(next(g for g in m.groups() if g is not None))
    for m in CSS_IMPORT.finditer(text):
        found.append(m.group(1) if m.group(1) is not None else m.group(2))
    return [u for u in found if u.strip()]


def page_references(page_url: str, soup: BeautifulSoup) -> list[tuple[str, str, bool]]:
    """(where, href, resource) for every reference in a parsed HTML page."""
    out: list[tuple[str, str, bool]] = []
    for tag in soup.find_all(["a", "area"], href=True):
        out.append((f"{tag.name}[href]", tag["href"], False))
    for tag in soup.find_all("link", href=True):
        rels = {r.lower() for r in (tag.get("rel") or [])}
        resource = bool(rels & RESOURCE_RELS)
        label = "link[rel=" + (" ".join(sorted(rels)) or "?") + "]"
        out.append((label, tag["href"], resource))
    for name in ("script", "img", "source", "video", "audio", "iframe", "embed", "track", "input"):
        for tag in soup.find_all(name, src=True):
            out.append((f"{name}[src]", tag["src"], True))
    for tag in soup.find_all(["img", "source"], srcset=True):
        for u in _srcset_urls(tag["srcset"]):
            out.append((f"{tag.name}[srcset]", u, True))
    for tag in soup.find_all("video", poster=True):
        out.append(("video[poster]", tag["poster"], True))
    for tag in soup.find_all("object", data=True):
        out.append(("object[data]", tag["data"], True))
    for tag in soup.find_all("form", action=True):
        out.append(("form[action]", tag["action"], False))
    for tag in soup.find_all("style"):
        for u in _css_refs(tag.get_text()):
            out.append(("style url()", u, True))
    for tag in soup.find_all(style=True):
        for u in _css_refs(tag["style"]):
            out.append(("style attribute url()", u, True))
    return out


def _anchors(soup: BeautifulSoup) -> set[str]:
    ids = {t["id"] for t in soup.find_all(id=True)}
    ids |= {t["name"] for t in soup.find_all("a", attrs={"name": True})}
    return ids


def crawl(start_url: str, *, base: str | None = None, public_base: str | None = None,
          start_status: int = 200, follow: bool = True,
          max_pages: int = 5000, timeout: float = 10.0) -> CrawlReport:
    """Crawl from ``start_url``; stay under ``base`` (default: start_url's folder).

    ``start_status`` is the status the start page must answer (404 to check a
    missing address's page). With ``follow=False`` only the start page's own
    references are checked (pages they name are fetched, not crawled).
    """
    if base is None:
        base = start_url[: start_url.rfind("/") + 1]
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    report = CrawlReport(base=base)
    cache: dict[str, Fetched | str] = {}    # URL -> Fetched, or an error string
    anchors: dict[str, set[str]] = {}       # final page URL -> ids on it
    queue: deque[str] = deque()
    pending_fragments: list[tuple[Ref, str, str]] = []   # (ref, final url, fragment)

    def to_local(url: str) -> str:
        if public_base and url.startswith(public_base):
            return base + url[len(public_base):]
        return url

    def get(url: str) -> Fetched | str:
        """Fetch url (no fragment), following redirects inside the base. Cached."""
        if url in cache:
            return cache[url]
        hops: list[str] = []
        current = url
        result: Fetched | str
        while True:
            if not current.startswith(base):
                result = f"leaves the site's base path {base!r} ({current})"
                break
            try:
                status, ctype, body, location = fetch(current, timeout)
            except OSError as err:
                result = f"request failed: {err}"
                break
            report.statuses[current] = status
            if status in (301, 302, 303, 307, 308) and location:
                hops.append(f"{status} to {urljoin(current, location)}")
                if len(hops) > MAX_REDIRECTS:
                    result = "too many redirects"
                    break
                current = urljoin(current, location)
                continue
            result = Fetched(current, status, ctype, body, hops)
            break
        cache[url] = result
        return result

    def check(ref: Ref) -> None:
        target, fragment = urldefrag(ref.url)
        got = get(target)
        if isinstance(got, str):
            report.broken.append(f"{ref.page} -> {ref.href}: {got}")
            return
        if got.status != 200:
            report.broken.append(f"{ref.page} -> {ref.href}: HTTP {got.status}")
            return
        if got.redirects:
            report.redirected.append(f"{ref.page} -> {ref.href}: {', '.join(got.redirects)}")
        final = got.url
        if _is_html(got.content_type, final):
            if final not in report.pages and final not in queue:
                queue.append(final)
        else:
            if final not in report.assets:
                report.assets.add(final)
                if "css" in got.content_type or final.endswith(".css"):
                    text = got.body.decode("utf-8", "replace")
                    for u in _css_refs(text):
                        add_ref(final, "css url()", u, True)
        if fragment:
            pending_fragments.append((ref, final, fragment))

    def add_ref(page: str, where: str, href: str, resource: bool) -> None:
        href_clean = href.strip()
        if not href_clean or href_clean.lower().startswith(SKIP_SCHEMES):
            return
        absolute = urljoin(page, href_clean)
        scheme = urlsplit(absolute).scheme
        if scheme not in ("http", "https"):
            return
        ref = Ref(page, where, href, absolute, resource)
        if public_base and absolute.startswith(public_base):
            report.absolute_internal.append(ref)
            ref = Ref(page, where, href, to_local(absolute), resource)
        elif "{0.scheme}://{0.netloc}".format(urlsplit(absolute)) != origin:
            report.external.append(ref)
            return
        report.refs.append(ref)
        target, fragment = urldefrag(ref.url)
        if target == page and page in anchors:
            # a same-document reference ("#main"): no request, check the ids
            # of the page itself (which may be a 404 page at a missing address)
            if fragment:
                pending_fragments.append((ref, page, fragment))
            return
        check(ref)

    def visit(page: str, got: Fetched) -> None:
        report.pages.add(page)
        soup = BeautifulSoup(got.body, "html.parser")
        anchors[page] = _anchors(soup)
        for where, href, resource in page_references(page, soup):
            add_ref(page, where, href, resource)

    first = get(start_url)
    if isinstance(first, str) or first.status != start_status:
        why = first if isinstance(first, str) else f"HTTP {first.status}, expected {start_status}"
        report.broken.append(f"(start) -> {start_url}: {why}")
        return report
    visit(first.url, first)
    if start_status != 200:
        report.pages.discard(first.url)  # not a page of the site, only checked

    while follow and queue and len(report.pages) < max_pages:
        page = queue.popleft()
        if page in report.pages:
            continue
        got = get(page)
        if isinstance(got, str) or got.status != 200:
            continue  # already reported by the reference that queued it
        visit(page, got)
    if not follow:
        for page in list(queue):  # fetch their ids so fragments can be checked
            got = get(page)
            if isinstance(got, Fetched) and got.status == 200 and page not in anchors:
                anchors[page] = _anchors(BeautifulSoup(got.body, "html.parser"))

    for ref, final, fragment in pending_fragments:
        ids = anchors.get(final)
        if ids is None:
            continue  # not an HTML page (e.g. an SVG sprite #id): not checked
        name = unquote(fragment)
        if name not in ids and name.lower() != "top":
            report.broken.append(f"{ref.page} -> {ref.href}: no element with id {name!r} on {final}")
    return report
