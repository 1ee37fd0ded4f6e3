"""load -> validate -> link -> render -> write, and nothing else.

`check` runs the same stages but the last: it writes nothing and needs no
address to publish under.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder import model
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


def build_site(root: Path, out: Path | None = None, base_url: str | None = None) -> BuildResult:
    """Build the site of `root` into `out` (default <root>/site). Never raises for bad content."""
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
    try:
        write_site(out, rendered.files, rendered.static)
    except OutputError as error:
        diagnostics.append(Diagnostic("--out", None, None, str(error)))
        return _result(out, diagnostics, watch=watch)
    return _result(out, diagnostics, rendered, watch)


def check_site(root: Path) -> BuildResult:
    """Everything a build does except writing: validation, links, quotes, seed, templates."""
    root = Path(root)
    content, diagnostics = validate(load_content(root), root)
    rendered, watch = _link_and_render(root, content, diagnostics)
    return _result(root / "site", diagnostics, rendered, watch)


def _link_and_render(root: Path, content: model.Content | None,
                     diagnostics: list[Diagnostic]) -> tuple[Rendered | None, list[Path]]:
    """The stages after validation, each only if all before it passed; and the seeds read."""
    if content is None or has_errors(diagnostics):
        return None, []
    seeds = read_seeds(root, (a.seed for a in content.articles if a.seed), diagnostics)
    linked = link_content(content, seeds)
    diagnostics += linked.diagnostics
    watch = [root / path for path in seeds]
    if has_errors(diagnostics):
        return None, watch
    rendered, found = render_site(linked, root)
    diagnostics += found
    return rendered, watch


def _result(out: Path, diagnostics: list[Diagnostic], rendered: Rendered | None = None,
            watch: list[Path] | None = None) -> BuildResult:
    diagnostics.sort(key=lambda d: d.sort_key)
    ok = rendered is not None and not has_errors(diagnostics)
    return BuildResult(ok, diagnostics, out, rendered.pages if ok else 0, watch or [])
