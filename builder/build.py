"""load -> validate -> link -> render -> write, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from builder import parallel, render, urls
from builder.diagnostics import Diagnostic, has_errors
from builder.load import load_content, read_text
from builder.incremental import Memo, update_in_place
from builder.produce import Collect, Discard, render_site
from builder.validate import normalize_base_url, validate
from builder.write import MARKER, OutputError, Staging, check_output_folder

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic]
    out: Path
    pages: int = 0
    watch_paths: list[Path] = field(default_factory=list)
    """Files outside content/ and templates/ that the build read (seeds)."""


def template_folder(root: Path) -> Path:
    own = root / "templates"
    return own if own.is_dir() else DEFAULT_TEMPLATES


def build_site(root: Path, out: Path | None = None, base_url: str | None = None,
               *, write: bool = True, jobs: int | None = None, memo: Memo | None = None) -> BuildResult:
    """Build the site of `root` into `out` (default <root>/site). Never raises for bad content.

    `jobs` processes render the pages (default: one per core); the output is
    the same for any number. With a `memo` (the dev server's, see
    builder/incremental.py) the build re-does only what changed since the
    last one and updates `out` in place, writing only files whose bytes changed."""
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

    content, found = validate(load_content(root, memo.load if memo else None), root)
    diagnostics += found
    if content is None or has_errors(diagnostics):
        return failed()

    seeds, watch = {}, []
    for article in content.articles:
        if article.seed and article.seed not in seeds:
            seeds[article.seed] = read_text(root / article.seed, article.seed, diagnostics) or ""
            watch.append(root / article.seed)
    base = normalize_base_url(base_url) if base_url else content.site.base_url
    templates = template_folder(root)
    staged = write and memo is None
    try:
        sink = Staging(out) if staged else Collect() if write else Discard()
    except OutputError as error:
        diagnostics.append(Diagnostic("--out", None, None, str(error)))
        return failed(watch)
    try:
        rendered = render_site(content, seeds, render.make_environment(templates), base, sink,
                               jobs or parallel.default_jobs(),
                               lambda error: _template_diagnostic(root, templates, error), memo)
        diagnostics += rendered.diagnostics
        if has_errors(diagnostics):
            return failed(watch)
        if not base and write:
            # `check` has no --base-url; the address is a matter for the build.
            diagnostics.append(Diagnostic(
                "content/site.yaml", None, None,
                "no base_url: sitemap.xml, canonical links and og:url are left out; "
                "set base_url in site.yaml or pass --base-url", "warning"))
        diagnostics += rendered.template_errors
        if has_errors(diagnostics):
            return failed(watch)
        sink.write("robots.txt", render.robots(base).encode("utf-8"))
        sink.write(MARKER, b"")
        if base:
            sink.write("sitemap.xml", render.sitemap(base, rendered.urls).encode("utf-8"))
        if staged:
            sink.publish(templates / "static")
        elif write:
            built = {urls.output_path(url) for url in rendered.urls} | set(sink.files)
            built |= _add_static(sink.files, templates / "static")
            update_in_place(out, memo, sink.files, built)
        if memo is not None:
            rendered.remember()
    except OutputError as error:
        diagnostics.append(Diagnostic("--out", None, None, str(error)))
        return failed(watch)
    finally:
        if staged:
            sink.discard()  # nothing is left of it once published
    diagnostics.sort(key=lambda d: d.sort_key)
    return BuildResult(True, diagnostics, out, len(rendered.urls), watch)


def _add_static(files: dict[str, bytes], static: Path) -> set[str]:
    """Add the static folder's files to `files`; return their output paths."""
    added = set()
    if static.is_dir():
        for path in sorted(static.rglob("*")):
            if path.is_file():
                rel = urls.static_url(path.relative_to(static).as_posix())
                files[rel] = path.read_bytes()
                added.add(rel)
    return added


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
