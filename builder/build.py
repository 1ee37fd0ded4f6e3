"""load -> validate -> link -> render -> write, and nothing else.

Every stage runs as far as it can on what is valid, so one run reports every
independent problem: validation leaves out what is wrong, linking and the
templates run on the rest, and only a build without errors is written.
`check` runs the same stages but the last: it writes nothing and needs no
address to publish under; it also warns about entries nothing uses. `build`
makes the search index in the staging folder, before the swap. `serve` runs
every stage but the last and serves the files from memory, unindexed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder import model, search, usage
from builder.diagnostics import Diagnostic, has_errors
from builder.link import link_content
from builder.load import RawContent, load_content
from builder.read import read_seeds
from builder.render import Rendered, render_site
from builder.validate import NO_BASE_URL, validate
from builder.write import OutputError, check_output_folder, write_site


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
    search: search.SearchIndex | None = None
    """The search index written, or None (check, serve, or Pagefind missing)."""


def build_site(root: Path, out: Path | None = None, base_url: str | None = None,
               *, index: bool = True) -> BuildResult:
    """Build the site of `root` into `out` (default <root>/site). Never raises for bad content.

    `index=False` skips the search index (it takes most of a second)."""
    root = Path(root)
    out = Path(out) if out is not None else root / "site"
    problem = check_output_folder(root, out)
    content, diagnostics, rendered, watch = _stages(root, base_url)
    if problem:
        diagnostics.append(Diagnostic("--out", None, None, problem))
    if rendered is None or has_errors(diagnostics):
        return _result(out, diagnostics, watch=watch)
    if not content.site.base_url:
        diagnostics.append(NO_BASE_URL)
    indexer = search.Indexer()
    try:
        write_site(out, rendered.files, before_swap=indexer if index else None)
    except OutputError as error:
        diagnostics.append(Diagnostic("--out", None, None, str(error)))
        return _result(out, diagnostics, watch=watch)
    return _result(out, diagnostics + indexer.problems, rendered, watch, indexer.made)


def check_site(root: Path) -> BuildResult:
    """Everything a build does except writing: validation, links, quotes, seed, templates;
    and a warning for each entry nothing uses."""
    root = Path(root)
    _, diagnostics, rendered, watch = _stages(root, None, warn_unused=True)
    return _result(root / "site", diagnostics, rendered, watch)


def preview_site(root: Path, base_url: str) -> BuildResult:
    """Everything a build does except writing and indexing, for `serve`: the files are in the result."""
    root = Path(root)
    _, diagnostics, rendered, watch = _stages(root, base_url)
    return _result(root / "site", diagnostics, rendered, watch)


def _stages(root: Path, base_url: str | None, *, warn_unused: bool = False
            ) -> tuple[model.Content | None, list[Diagnostic], Rendered | None, list[Path]]:
    """Every stage but writing, each on what the ones before found valid."""
    raw = load_content(root)
    content, diagnostics = validate(raw, root, base_url)
    if content is None:  # no usable site.yaml: nothing to link or render
        return None, diagnostics, None, []
    paths = list(dict.fromkeys(a.seed for a in content.articles if a.seed))
    seeds = read_seeds(root, paths, diagnostics)
    linked = link_content(content, seeds, check_quotes=not _articles_left_out(raw, content, diagnostics))
    diagnostics += linked.diagnostics
    if warn_unused and not has_errors(diagnostics):  # on partial content, everything looks unused
        diagnostics += usage.unused(linked)
    rendered, found = render_site(linked, root)
    diagnostics += found
    return content, diagnostics, rendered, [root / path for path in paths]


def _articles_left_out(raw: RawContent, content: model.Content, diagnostics: list[Diagnostic]) -> bool:
    """Whether an article could not be read or validated (a quote may stand in it)."""
    kept = {article.origin.path for article in content.articles}
    return any(d.severity == "error" and d.path.startswith("content/articles/") and d.path not in kept
               for d in diagnostics) or len(kept) < len(raw.articles)


def _result(out: Path, diagnostics: list[Diagnostic], rendered: Rendered | None = None,
            watch: list[Path] | None = None, index: search.SearchIndex | None = None) -> BuildResult:
    diagnostics.sort(key=lambda d: d.sort_key)
    ok = rendered is not None and not has_errors(diagnostics)
    return BuildResult(ok, diagnostics, out, rendered.pages if ok else 0,
                       rendered.files if ok else {}, watch or [], index)
