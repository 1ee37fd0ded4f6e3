"""load -> validate -> link -> render -> write, and nothing else.

`check` runs the same stages but the last: it writes nothing and needs no
address to publish under; it also warns about entries nothing uses. `build`
makes the search index in the staging folder, before the swap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder import model, parallel, search, theme, usage
from builder.diagnostics import Diagnostic, has_errors
from builder.incremental import Memo, update_in_place
from builder.load import load_content, read_seeds
from builder.produce import Rendered, render_site
from builder.render import make_environment, robots, sitemap, template_diagnostic, theme_files
from builder.sinks import Collect, Discard, Sink
from builder.validate import NO_BASE_URL, validate
from builder.write import MARKER, OutputError, Staging, check_output_folder


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


def build_site(root: Path, out: Path | None = None, base_url: str | None = None,
               *, index: bool = True, jobs: int | None = None, memo: Memo | None = None) -> BuildResult:
    """Build the site of `root` into `out` (default <root>/site). Never raises for bad content.

    `index=False` skips the search index (the live preview does: it takes
    longer than a reload may). `jobs` processes render the pages (default:
    one per core); the output is the same for any number. With a `memo` (the
    dev server's, see builder/incremental.py) the build re-does only what
    changed since the last one and updates `out` in place, writing only files
    whose bytes changed, and makes no search index."""
    root = Path(root)
    out = Path(out) if out is not None else root / "site"
    problem = check_output_folder(root, out)
    if problem:
        return _result(out, [Diagnostic("--out", None, None, problem)])
    content, diagnostics = validate(load_content(root, memo.load if memo else None), root, base_url,
                                    memo.validation if memo else None)
    if content is None or has_errors(diagnostics):
        return _result(out, diagnostics)
    seeds = read_seeds(root, (a.seed for a in content.articles if a.seed), diagnostics)
    watch = [root / path for path in seeds]
    try:
        sink = Staging(out) if memo is None else Collect()
    except OutputError as error:
        return _result(out, diagnostics + [Diagnostic("--out", None, None, str(error))], watch=watch)
    indexer = search.Indexer()
    try:
        rendered = _render(root, content, seeds, sink, jobs, diagnostics, memo)
        if rendered is None:
            return _result(out, diagnostics, watch=watch)
        if memo is None:
            sink.publish(rendered.copies, before_swap=indexer if index else None)
        else:
            sink.files.update({rel: path.read_bytes() for rel, path in rendered.copies.items()})
            update_in_place(out, memo, sink.files, set(rendered.outputs))
            rendered.remember()
    except OutputError as error:
        diagnostics.append(Diagnostic("--out", None, None, str(error)))
        return _result(out, diagnostics, watch=watch)
    finally:
        if memo is None:
            sink.discard()  # nothing is left of it once published
    return _result(out, diagnostics + indexer.problems, rendered, watch, indexer.made)


def check_site(root: Path) -> BuildResult:
    """Everything a build does except writing: validation, links, quotes, seed, templates;
    and a warning for each entry nothing uses."""
    root = Path(root)
    content, diagnostics = validate(load_content(root), root)
    if content is None or has_errors(diagnostics):
        return _result(root / "site", diagnostics)
    seeds = read_seeds(root, (a.seed for a in content.articles if a.seed), diagnostics)
    rendered = _render(root, content, seeds, Discard(), None, diagnostics, None, check=True)
    return _result(root / "site", diagnostics, rendered, [root / path for path in seeds])


def _render(root: Path, content: model.Content, seeds: dict[str, str], sink: Sink, jobs: int | None,
            diagnostics: list[Diagnostic], memo: Memo | None, check: bool = False) -> Rendered | None:
    """Link and render every page into `sink`, then the theme's style sheet,
    robots.txt, sitemap.xml and the marker; None, with the diagnostics, if
    linking or a template fails. `check` warns about unused entries instead
    of a missing address."""
    folders = theme.template_folders(root)
    rendered = render_site(content, seeds, make_environment(folders), sink,
                           jobs or parallel.default_jobs(),
                           lambda error: template_diagnostic(root, folders[0], error), memo)
    diagnostics += rendered.diagnostics
    if has_errors(diagnostics):
        return None  # a template is not reported on while the content is wrong
    if check:
        diagnostics += usage.unused(rendered.linked)
    diagnostics += rendered.template_errors
    if has_errors(diagnostics):
        return None
    base = content.site.base_url
    if not base and not check:
        diagnostics.append(NO_BASE_URL)
    made, copies = theme_files(folders)
    files = {**made, "robots.txt": robots(base).encode("utf-8"), MARKER: b""}
    if base:
        files["sitemap.xml"] = sitemap(base, rendered.urls).encode("utf-8")
    for rel, data in files.items():
        sink.write(rel, data)
    rendered.add_files(files, copies)
    return rendered


def _result(out: Path, diagnostics: list[Diagnostic], rendered: Rendered | None = None,
            watch: list[Path] | None = None, index: search.SearchIndex | None = None) -> BuildResult:
    diagnostics.sort(key=lambda d: d.sort_key)
    ok = rendered is not None and not has_errors(diagnostics)
    return BuildResult(ok, diagnostics, out, len(rendered.urls) if ok else 0, watch or [], index)
