"""load -> validate -> link -> render -> write, and nothing else."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from builder import render, urls
from builder.diagnostics import Diagnostic, has_errors
from builder.link import link_content
from builder.load import leads_outside, load_content, read_assets, read_text
from builder.validate import normalize_base_url, validate
from builder.write import MARKER, OutputError, check_output_folder, write_site

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic]
    out: Path
    pages: int = 0
    files: dict[str, bytes] = field(default_factory=dict)
    """The output, path -> bytes (empty on failure): what was written, or what `serve` serves."""
    watch_paths: list[Path] = field(default_factory=list)
    """Files outside content/ and templates/ that the build read (seeds)."""


def template_folder(root: Path) -> tuple[Path, Path]:
    """The templates in use, and the folder their files must stay inside."""
    own = root / "templates"
    return (own, root) if own.is_dir() else (DEFAULT_TEMPLATES, DEFAULT_TEMPLATES.parent)


def build_site(root: Path, out: Path | None = None, base_url: str | None = None,
               *, write: bool = True) -> BuildResult:
    """Build the site of `root` into `out` (default <root>/site). Never raises for bad content."""
    root = Path(root)
    out = Path(out) if out is not None else root / "site"
    diagnostics: list[Diagnostic] = []

    def failed(watch: list[Path] | None = None) -> BuildResult:
        diagnostics.sort(key=lambda d: d.sort_key)
        return BuildResult(False, diagnostics, out, 0, {}, watch or [])

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
        if article.seed and root / article.seed not in watch:
            text = read_text(root / article.seed, article.seed, diagnostics, root)
            if text is not None:  # unreadable: said once, not once per paragraph
                seeds[article.seed] = text
            watch.append(root / article.seed)
    linked = link_content(content, seeds)
    diagnostics += linked.diagnostics
    if has_errors(diagnostics):
        return failed(watch)

    base = normalize_base_url(base_url) if base_url else content.site.base_url
    if not base and write:
        # `check` has no --base-url; the address is a matter for the build.
        diagnostics.append(Diagnostic(
            "content/site.yaml", None, None,
            "no base_url: sitemap.xml, canonical links and og:url are left out; "
            "set base_url in site.yaml or pass --base-url", "warning"))

    templates, inside = template_folder(root)
    outside = leads_outside(templates, inside)
    if outside:
        diagnostics.append(Diagnostic("templates", None, None, outside))
        return failed(watch)
    static = read_assets(templates / "static", inside, _relative(root, templates / "static"),
                         diagnostics) if (templates / "static").is_dir() else {}
    try:
        renderer = render.SiteRenderer(linked, render.make_environment(templates, inside), base)
        pages = renderer.pages()
    except jinja2.TemplateError as error:
        diagnostics.append(_template_diagnostic(root, templates, error))
        return failed(watch)
    if has_errors(diagnostics):
        return failed(watch)

    files = {urls.static_url(name): data for name, data in static.items()}
    files.update({urls.output_path(p.url): p.html.encode("utf-8") for p in pages})
    files["robots.txt"] = render.robots(base).encode("utf-8")
    files[MARKER] = b""
    if base:
        files["sitemap.xml"] = render.sitemap(base, pages).encode("utf-8")

    if write:
        try:
            write_site(out, files)
        except OutputError as error:
            diagnostics.append(Diagnostic("--out", None, None, str(error)))
            return failed(watch)
    diagnostics.sort(key=lambda d: d.sort_key)
    return BuildResult(True, diagnostics, out, len(pages), files, watch)


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
    return Diagnostic(_relative(root, path), line, 1 if line else None,
                      f"template error: {error.message or error}")


def _relative(root: Path, path: Path) -> str:
    """`path` relative to the root for a diagnostic; the builder's own templates stay absolute."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return path.as_posix()
