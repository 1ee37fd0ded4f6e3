"""load -> validate -> link -> render -> write, and nothing else.

`check` runs the same stages but the last: it writes nothing and needs no
address to publish under; it also warns about entries nothing uses. `build`
makes the search index in the staging folder, before the swap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder import model, search, usage
from builder.diagnostics import Diagnostic, has_errors
from builder.link import link_content
from builder.load import load_content, read_seeds
from builder.render import Rendered, render_site
from builder.validate import NO_BASE_URL, validate
from builder.write import OutputError, check_output_folder, write_site


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
               *, index: bool = True) -> BuildResult:
    """Build the site of `root` into `out` (default <root>/site). Never raises for bad content.

    `index=False` skips the search index (the live preview does: it takes
    longer than a reload may)."""
    root = Path(root)
    out = Path(out) if out is not None else root / "site"
    problem = check_output_folder(root, out)
    if problem:
        return _result(out, [Diagnostic("--out", None, None, problem)])
    content, diagnostics = validate(load_content(root), root, base_url)
    rendered, watch = _link_and_render(root, content, diagnostics)
    if rendered is None:
        return _result(out, diagnostics, watch=watch)
    if not content.site.base_url:
        diagnostics.append(NO_BASE_URL)
    indexer = search.Indexer()
    try:
        write_site(out, rendered.files, rendered.static, before_swap=indexer if index else None)
    except OutputError as error:
        diagnostics.append(Diagnostic("--out", None, None, str(error)))
        return _result(out, diagnostics, watch=watch)
    return _result(out, diagnostics + indexer.problems, rendered, watch, indexer.made)


def check_site(root: Path) -> BuildResult:
    """Everything a build does except writing: validation, links, quotes, seed, templates;
    and a warning for each entry nothing uses."""
    root = Path(root)
    content, diagnostics = validate(load_content(root), root)
    rendered, watch = _link_and_render(root, content, diagnostics, warn_unused=True)
    return _result(root / "site", diagnostics, rendered, watch)


def _link_and_render(root: Path, content: model.Content | None, diagnostics: list[Diagnostic],
                     warn_unused: bool = False) -> tuple[Rendered | None, list[Path]]:
    """The stages after validation, each only if all before it passed; and the seeds read."""
    if content is None or has_errors(diagnostics):
        return None, []
    seeds = read_seeds(root, (a.seed for a in content.articles if a.seed), diagnostics)
    linked = link_content(content, seeds)
    diagnostics += linked.diagnostics
    watch = [root / path for path in seeds]
    if has_errors(diagnostics):
        return None, watch
    if warn_unused:
        diagnostics += usage.unused(linked)
    rendered, found = render_site(linked, root)
    diagnostics += found
    return rendered, watch


def _result(out: Path, diagnostics: list[Diagnostic], rendered: Rendered | None = None,
            watch: list[Path] | None = None, index: search.SearchIndex | None = None) -> BuildResult:
    diagnostics.sort(key=lambda d: d.sort_key)
    ok = rendered is not None and not has_errors(diagnostics)
    return BuildResult(ok, diagnostics, out, rendered.pages if ok else 0, watch or [], index)
