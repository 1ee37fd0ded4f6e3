"""load -> validate -> link -> render -> write, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from builder import render, search, structured, urls, usage
from builder.diagnostics import Diagnostic, has_errors
from builder.link import link_content
from builder.load import load_content, read_text
from builder.validate import normalize_base_url, validate
from builder.write import MARKER, OutputError, check_output_folder, write_site

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic]
    out: Path
    pages: int = 0
    watch_paths: list[Path] = field(default_factory=list)
    """Files outside content/ and templates/ that the build read (seeds)."""
    search: search.SearchIndex | None = None
    """The search index written, or None (check, serve, or Pagefind missing)."""


def template_folder(root: Path) -> Path:
    own = root / "templates"
    return own if own.is_dir() else DEFAULT_TEMPLATES


def build_site(root: Path, out: Path | None = None, base_url: str | None = None,
               *, write: bool = True, index: bool = True) -> BuildResult:
    """Build the site of `root` into `out` (default <root>/site). Never raises for bad content.

    `index=False` skips the search index (the live preview does: it takes
    longer than a reload may)."""
    root = Path(root)
    out = Path(out) if out is not None else root / "site"
    diagnostics: list[Diagnostic] = []

    def failed(watch: list[Path] | None = None) -> BuildResult:
        diagnostics.sort(key=lambda d: d.sort_key)
        return BuildResult(False, diagnostics, out, 0, watch or [])

    if write:
        problem = check_output_folder(root, out)
        if problem:
            diagnostics.append(Diagnostic("--out", None, None, problem))
            return failed()
    if base_url is not None and normalize_base_url(base_url) is None:
        diagnostics.append(Diagnostic("--base-url", None, None, f"'{base_url}' is not an http(s) "
                                      "address such as https://me.github.io/repo/"))

    content, found = validate(load_content(root), root)
    diagnostics += found
    if content is None or has_errors(diagnostics):
        return failed()

    seeds, watch = {}, []
    for article in content.articles:
        if article.seed and article.seed not in seeds:
            seeds[article.seed] = read_text(root / article.seed, article.seed, diagnostics) or ""
            watch.append(root / article.seed)
    linked = link_content(content, seeds)
    diagnostics += linked.diagnostics
    if has_errors(diagnostics):
        return failed(watch)
    if not write:
        diagnostics += usage.unused(linked, usage.usage(linked))

    base = normalize_base_url(base_url) if base_url else content.site.base_url
    if not base and write:
        # `check` has no --base-url; the address is a matter for the build.
        diagnostics.append(Diagnostic(
            "content/site.yaml", None, None,
            "no base_url: sitemap.xml, canonical links and og:url are left out; "
            "set base_url in site.yaml or pass --base-url", "warning"))

    templates = template_folder(root)
    try:
        renderer = render.SiteRenderer(linked, render.make_environment(templates), base)
        pages = renderer.pages()
    except jinja2.TemplateError as error:
        diagnostics.append(_template_diagnostic(root, templates, error))
        return failed(watch)

    files: dict[str, str] = {urls.output_path(p.url): p.html for p in pages}
    files["robots.txt"] = render.robots(base)
    files[MARKER] = ""
    files[urls.DATA] = structured.data_json(linked, base)
    style = bundle_css(templates / "static")
    if style is not None:
        files[urls.static_url("style.css")] = style
    if base:
        files["sitemap.xml"] = render.sitemap(base, pages)

    made: list[search.SearchIndex] = []

    def index_search(staging: Path) -> None:
        try:
            made.append(search.index_site(staging))
        except search.SearchError as error:
            diagnostics.append(Diagnostic("search", None, None,
                                          f"no search index: {error}; the search box "
                                          "links to the glossary and actors instead", "warning"))

    if write:
        try:
            write_site(out, files, templates / "static", index_search if index else None)
        except OutputError as error:
            diagnostics.append(Diagnostic("--out", None, None, str(error)))
            return failed(watch)
    diagnostics.sort(key=lambda d: d.sort_key)
    return BuildResult(True, diagnostics, out, len(pages), watch, made[0] if made else None)


def bundle_css(static: Path) -> str | None:
    """style.css followed by the parts in static/css/ (NN-name.css, in name order), or
    None when there are no parts."""
    parts = sorted((static / "css").glob("*.css")) if (static / "css").is_dir() else []
    if not parts:
        return None
    base = static / "style.css"
    texts = [base.read_text(encoding="utf-8")] if base.is_file() else []
    return "\n".join(texts + [p.read_text(encoding="utf-8") for p in parts])


def check_site(root: Path) -> BuildResult:
    """Everything a build does except writing: validation, links, quotes, seed, templates."""
    return build_site(root, write=False)


def _template_diagnostic(root: Path, templates: Path, error: jinja2.TemplateError) -> Diagnostic:
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
