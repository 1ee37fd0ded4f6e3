"""Pages through their templates, and the other files of the site.

pages.py says what each page shows; this module gives every page its frame
(title, canonical address, navigation), renders the templates and adds
robots.txt, sitemap.xml and data.json. A template error becomes a Diagnostic.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import jinja2

from builder import model, structured, theme, urls, views
from builder.diagnostics import Diagnostic
from builder.pages import PageContent

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


@functools.lru_cache(maxsize=8)
def make_environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """One environment per search path of template folders (the project's own
    first, then the defaults: the first folder holding a name wins), kept between
    builds (the dev server rebuilds on every save): compiling the templates anew
    made a build of content/ take 1.7 times as long (bench/caches.py).
    auto_reload makes an edited template compile again."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )


def render_page(env: jinja2.Environment, site: model.SiteConfig, content: PageContent,
                stream: bool = False) -> Page:
    """The page through its template; streamed, its HTML is made piece by piece as it is written."""
    template = env.get_template(content.template)
    if stream:
        return Page(content.url, parts=template.generate(page=page_info(site, content), **content.context))
    return Page(content.url, template.render(page=page_info(site, content), **content.context))


def theme_files(folders: tuple[Path, ...]) -> tuple[dict[str, bytes], dict[str, Path]]:
    """The theme's static files: the style sheet bundled from its parts (output
    path -> bytes), and the files copied as they are (output path -> file)."""
    found = theme.static_files(folders)
    stylesheet = bundle_css({rel: path for rel, path in found.items() if rel.startswith(CSS_PARTS)})
    made = {urls.static_url(STYLESHEET): stylesheet.encode("utf-8")} if stylesheet is not None else {}
    return made, {urls.static_url(rel): path for rel, path in found.items() if not rel.startswith(CSS_PARTS)}


def bundle_css(parts: dict[str, Path]) -> str | None:
    """One style sheet from its parts ('css/00-tokens.css' -> file), in file-name order.

    Pages link one style sheet (one request) while its source stays one file
    per component, so a reader finds the fact-box styles in 45-fact-boxes.css.
    theme.static_files has already let a project's own part replace the
    default part of the same name. None when there are no parts.
    """
    if not parts:
        return None
    return "\n".join(f"/* {rel.rsplit('/', 1)[-1]} */\n{parts[rel].read_text(encoding='utf-8').strip()}\n"
                     for rel in sorted(parts))


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


def template_diagnostic(root: Path, templates: Path, error: jinja2.TemplateError) -> Diagnostic:
    """Point at the template line, from the error or from the traceback jinja2 rewrites."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if filename is None:
        tb = error.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.endswith(".html"):
                filename, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    path = Path(filename) if filename else templates
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = path.as_posix()
    return Diagnostic(rel, line, 1 if line else None, f"template error: {error.message or error}")


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
