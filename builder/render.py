"""Pages through their templates, and the other files of the site.

pages.py says what each page shows; this module gives every page its frame
(title, canonical address, navigation), renders the templates and adds
robots.txt, sitemap.xml and the static assets. Templates and
assets are read by the builder's one read rule (read.py). A template error,
or an exception a template raises, becomes a Diagnostic.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import jinja2

from builder import model, structured, theme, urls, views
from builder.diagnostics import Diagnostic
from builder.main_blocks import MainBlocks
from builder.pages import PageContent
from builder.read import ReadError, read_bytes

CSS_PARTS = "css/"
"""Under static/: the style sheet's parts, bundled into STYLESHEET (not copied themselves)."""
STYLESHEET = "style.css"
NAV_SECTIONS = tuple((name.capitalize(), url) for name, url in urls.INDEX_PAGES.items())
"""Header links after Home, in the order of urls.INDEX_PAGES."""
UNSEARCHED = (urls.HOME, urls.INDEX_PAGES["actors"], urls.SEARCH, urls.NOT_FOUND)
"""Pages the search index leaves out: the home page and the actors index repeat what other
pages hold; the search page and 404 hold nothing."""
ENTRY_PAGES = frozenset(urls.ENTRY_INDEX.values())
"""Pages that hold many entries: a search hit there is shown as the entry it falls in."""


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    """Relative to the site root: '', 'actors/putin/', '404.html'."""
    html: str = ""
    parts: Iterator[str] | None = None
    """Instead of `html`, the pieces of a big page (a large site's glossary), made as written."""


class TemplateFileError(jinja2.TemplateError):
    """A template file that the read rule refuses; `filename` says which."""

    def __init__(self, message: str, filename: str) -> None:
        super().__init__(message)
        self.filename = filename
        self.lineno = None


class TemplateLoader(jinja2.BaseLoader):
    """Templates from a search path of (folder, the folder its files must stay
    inside), the first folder holding a name wins; each file is read by the rule."""

    def __init__(self, search: tuple[tuple[Path, Path], ...]) -> None:
        self.search = search

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)
        for folder, home in self.search:
            path = folder.joinpath(*pieces)
            if os.path.lexists(path):
                return self._read(path, home)
        raise jinja2.TemplateNotFound(template)

    @staticmethod
    def _read(path: Path, home: Path):
        try:
            source = read_bytes(path, home).decode("utf-8")
            mtime = os.stat(path).st_mtime_ns
        except (ReadError, OSError) as error:
            raise TemplateFileError(str(error), str(path)) from None
        except UnicodeDecodeError as error:
            raise TemplateFileError(f"file is not UTF-8 (byte 0x{error.object[error.start]:02x}): "
                                    "save it as UTF-8", str(path)) from None

        def uptodate() -> bool:
            try:
                return os.stat(path).st_mtime_ns == mtime
            except OSError:
                return False
        return source, str(path), uptodate


@functools.lru_cache(maxsize=8)
def make_environment(search: tuple[tuple[Path, Path], ...]) -> jinja2.Environment:
    """One environment per search path of template folders (the project's own
    first, then the defaults: the first folder holding a name wins), kept between
    builds (the dev server rebuilds on every save): compiling the templates anew
    made a build of content/ take 1.7 times as long (bench/caches.py).
    auto_reload makes an edited template compile again."""
    return jinja2.Environment(
        loader=TemplateLoader(search),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )


def theme_files(folders: tuple[Path, ...], root: Path, problems: list[Diagnostic]) -> dict[str, bytes]:
    """The theme's static assets by output path, read by the read rule (what
    it refuses is in `problems`), the style sheet bundled from its parts."""
    return {urls.static_url(rel): data for rel, data in _bundled(theme.static_files(folders, root, problems)).items()}


def template_environment(folders: tuple[Path, ...], root: Path) -> jinja2.Environment:
    """The environment of the template folders (theme.template_folders), each
    read only inside its own home (theme.home)."""
    return make_environment(tuple((folder, theme.home(folder, root)) for folder in folders))


def _bundled(assets: dict[str, bytes]) -> dict[str, bytes]:
    """The static assets with the style sheet's parts bundled into STYLESHEET (and not copied)."""
    stylesheet = bundle_css({rel: data for rel, data in assets.items() if rel.startswith(CSS_PARTS)})
    bundled = {rel: data for rel, data in assets.items() if not rel.startswith(CSS_PARTS)}
    if stylesheet is not None:
        bundled[STYLESHEET] = stylesheet.encode("utf-8")
    return bundled


def bundle_css(parts: dict[str, bytes]) -> str | None:
    """One style sheet from its parts ('css/00-tokens.css' -> its bytes), in file-name order.

    Pages link one style sheet (one request) while its source stays one file
    per component, so a reader finds the fact-box styles in 45-fact-boxes.css.
    theme.static_files has already let a project's own part replace the
    default part of the same name. None when there are no parts.
    """
    if not parts:
        return None
    return "\n".join(f"/* {rel.rsplit('/', 1)[-1]} */\n{parts[rel].decode('utf-8', 'replace').strip()}\n"
                     for rel in sorted(parts))


def render_page(env: jinja2.Environment, site: model.SiteConfig, content: PageContent,
                stream: bool = False, blocks: MainBlocks | None = None) -> Page:
    """The page through its template; streamed, its HTML is made piece by piece as it is written.
    `blocks`: the dev server's main blocks of the last build (main_blocks.py)."""
    template = env.get_template(content.template)
    if stream:
        return Page(content.url, parts=template.generate(page=page_info(site, content), **content.context))
    if blocks is not None:
        return Page(content.url, blocks.render(template, page_info(site, content), content.url, content.context))
    return Page(content.url, template.render(page=page_info(site, content), **content.context))


def page_info(site: model.SiteConfig, content: PageContent) -> views.PageInfo:
    url = content.url
    is_404 = url == urls.NOT_FOUND
    # GitHub serves 404.html at any depth: its links must start with the base path.
    prefix = urls.base_path(site.base_url) if is_404 else urls.page_prefix(url)
    return views.PageInfo(
        lang=site.language,
        site_title=site.title,
        checked=views.Date(site.checked.iso, site.checked.text) if site.checked else None,
        title=content.title,
        full_title=content.title if url == urls.HOME else f"{content.title} · {site.title}",
        description=content.description or site.description,
        canonical=urls.absolute(site.base_url, url) if site.base_url and not is_404 else None,
        og_type=content.og_type,
        stylesheet=urls.href(urls.static_url("style.css"), prefix),
        script=urls.href(urls.static_url("explainer.js"), prefix),
        search_script=urls.href(urls.static_url("search.js"), prefix),
        home=urls.href(urls.HOME, prefix),
        nav=tuple(views.NavItem(label, urls.href(target, prefix), target == url)
                  for label, target in (("Home", urls.HOME), *NAV_SECTIONS)),
        search=views.SearchBox(
            index=urls.href(urls.SEARCH_INDEX, prefix), root=urls.href(urls.HOME, prefix),
            page=urls.href(urls.SEARCH, prefix), glossary=urls.href(urls.INDEX_PAGES["glossary"], prefix),
            actors=urls.href(urls.INDEX_PAGES["actors"], prefix)),
        searchable=url not in UNSEARCHED,
        split_results=url in ENTRY_PAGES,
        jsonld=structured.script(content.jsonld) if content.jsonld else "",
    )


def template_diagnostic(root: Path, templates: Path, error: Exception) -> Diagnostic | None:
    """Point at the template line, from the error or from the traceback jinja2
    rewrites; None for an exception that no template raised."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if filename is None:
        tb = error.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.endswith(".html"):
                filename, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    if not isinstance(error, jinja2.TemplateError) and filename is None:
        return None
    message = error.message if isinstance(error, jinja2.TemplateError) and error.message else str(error)
    path = Path(filename) if filename else templates
    return Diagnostic(theme.shown_path(path, root), line, 1 if line else None, f"template error: {message}")


def sitemap(base_url: str, page_urls: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in page_urls:
        if url != urls.NOT_FOUND:
            lines.append(f"  <url><loc>{xml_escape(urls.absolute(base_url, url))}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(base_url: str | None) -> str:
    text = "User-agent: *\nAllow: /\n"
    if base_url:
        text += f"\nSitemap: {urls.absolute(base_url, 'sitemap.xml')}\n"
    return text
