"""load -> validate -> link -> render -> write, and nothing else.

Every stage runs as far as it can on what is valid, so one run reports every
independent problem: validation leaves out what is wrong, linking and the
templates run on the rest, and only a build without errors is written.
`check` runs the same stages but the last: it writes nothing and needs no
address to publish under; it also warns about entries nothing uses. `build`
makes the search index in the staging folder, before the swap. `serve` runs
every stage but the last and serves the files from memory, unindexed; with
its memo (builder/incremental.py) a save re-does only what it changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder import memory, model, parallel, search, theme, usage
from builder.diagnostics import Diagnostic, has_errors
from builder.incremental import Memo, snapshot
from builder.load import RawContent, load_content
from builder.produce import Rendered, render_site
from builder.read import read_seeds
from builder.render import robots, sitemap, template_diagnostic, template_environment, theme_files
from builder.sinks import Collect, Discard, Sink
from builder.site_settings import NO_BASE_URL
from builder.validate import validate
from builder.write import MARKER, OutputError, Staging, check_output_folder


@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic]
    out: Path
    pages: int = 0
    files: dict[str, bytes] = field(default_factory=dict)
    """`serve`'s output, path -> bytes (empty on failure, and for build and check)."""
    changed: list[str] = field(default_factory=list)
    """Of `files`, those whose bytes this build changed (all, without a memo)."""
    watch_paths: list[Path] = field(default_factory=list)
    """Files outside content/ and templates/ that the build read (seeds)."""
    search: search.SearchIndex | None = None
    """The search index written, or None (check, serve, or Pagefind missing)."""


def build_site(root: Path, out: Path | None = None, base_url: str | None = None,
               *, index: bool = True, jobs: int | None = None,
               index_shard_words: int = search.SHARD_WORDS) -> BuildResult:
    """Build the site of `root` into `out` (default <root>/site). Never raises for bad content.

    `index=False` skips the search index (it takes most of a second);
    `index_shard_words` bounds each of its shards (search.SHARD_WORDS). `jobs`
    processes render the pages (default: one per core); the output is the
    same for any number. Each page is written to the staging folder as it is
    made, unless there are errors already (then nothing is written)."""
    root = Path(root)
    out = Path(out) if out is not None else root / "site"
    problem = check_output_folder(root, out)
    raw = load_content(root)
    content, diagnostics = validate(raw, root, base_url)
    if problem:
        diagnostics.append(Diagnostic("--out", None, None, problem))
    if content is None:  # no usable site.yaml: nothing to link or render
        return _result(out, diagnostics)
    seeds, watch = _seeds(root, content, diagnostics)
    check_quotes = not _articles_left_out(raw, content, diagnostics)
    # The validated content holds all that later stages need: the parsed YAML
    # goes before the pages are made (the parent held 27 MB less at N=5000).
    del raw
    sink: Sink = Discard()
    if not has_errors(diagnostics):
        try:
            sink = Staging(out)
        except OutputError as error:
            diagnostics.append(Diagnostic("--out", None, None, str(error)))
    indexer = search.Indexer(index_shard_words)
    try:
        rendered = _render(root, content, seeds, sink, jobs, diagnostics, None, check_quotes)
        if has_errors(diagnostics) or not isinstance(sink, Staging):
            return _result(out, diagnostics, None, watch)
        if not content.site.base_url:
            diagnostics.append(NO_BASE_URL)
        pages = len(rendered.urls)
        # The pages are written: the model and the links go before Pagefind
        # runs beside this process (its RSS fell from 210 MB to 108 MB at N=5000).
        del content, seeds, rendered
        memory.give_back()
        sink.publish(before_swap=indexer if index else None)
    except OutputError as error:
        diagnostics.append(Diagnostic("--out", None, None, str(error)))
        return _result(out, diagnostics, None, watch)
    finally:
        if isinstance(sink, Staging):
            sink.discard()  # nothing is left of it once published
    return _result(out, diagnostics + indexer.problems, pages, watch, indexer.made)


def check_site(root: Path) -> BuildResult:
    """Everything a build does except writing: validation, links, quotes, seed, templates;
    and a warning for each entry nothing uses."""
    root = Path(root)
    raw = load_content(root)
    content, diagnostics = validate(raw, root)
    if content is None:
        return _result(root / "site", diagnostics)
    seeds, watch = _seeds(root, content, diagnostics)
    rendered = _render(root, content, seeds, Discard(), None, diagnostics, None,
                       not _articles_left_out(raw, content, diagnostics), check=True)
    return _result(root / "site", diagnostics, len(rendered.urls), watch)


def preview_site(root: Path, base_url: str, *, jobs: int | None = None, memo: Memo | None = None) -> BuildResult:
    """Everything a build does except writing and indexing, for `serve`: the
    files are in the result. With a `memo` (the dev server's) only what
    changed since its last good build is done again, and the files that did
    not change are the very bytes objects of that build."""
    root = Path(root)
    out = root / "site"
    memo = memo if memo is not None else Memo()
    raw = load_content(root, memo.load)
    content, diagnostics = validate(raw, root, base_url, memo.validation)
    if content is None:
        return _result(out, diagnostics)
    seeds, watch = _seeds(root, content, diagnostics)
    sink = Collect()
    rendered = _render(root, content, seeds, sink, jobs, diagnostics, memo,
                       not _articles_left_out(raw, content, diagnostics))
    if has_errors(diagnostics):
        return _result(out, diagnostics, None, watch)  # the memo keeps the last good build
    files, changed = snapshot(memo, sink.files, rendered.outputs)
    rendered.remember()
    result = _result(out, diagnostics, len(rendered.urls), watch)
    result.files, result.changed = files, changed
    return result


def _seeds(root: Path, content: model.Content, diagnostics: list[Diagnostic]) -> tuple[dict[str, str], list[Path]]:
    """The seeds that could be read (path -> text), and every seed named, even
    one that does not exist yet (to watch)."""
    paths = list(dict.fromkeys(a.seed for a in content.articles if a.seed))
    watch = list(dict.fromkeys([*paths, *content.awaited_seeds]))
    return read_seeds(root, paths, diagnostics), [root / path for path in watch]


def _render(root: Path, content: model.Content, seeds: dict[str, str], sink: Sink, jobs: int | None,
            diagnostics: list[Diagnostic], memo: Memo | None, check_quotes: bool, check: bool = False) -> Rendered:
    """Link and render every page into `sink`, then the theme's static files,
    robots.txt, sitemap.xml and the marker; what linking and the templates
    find goes into `diagnostics`. `check_quotes`: no article was left out, so
    a quote found nowhere is an error. `check` warns about unused entries."""
    folders = theme.template_folders(root)
    files = _theme_files(folders, root, diagnostics, memo)
    rendered = render_site(content, seeds, template_environment(folders, root), sink,
                           jobs or parallel.default_jobs(),
                           lambda error: template_diagnostic(root, folders[0], error), memo,
                           check_quotes=check_quotes)
    diagnostics += rendered.diagnostics
    if check and rendered.linked is not None and not has_errors(diagnostics):
        diagnostics += usage.unused(rendered.linked)  # on partial content, everything looks unused
    diagnostics += rendered.template_errors
    base = content.site.base_url
    files.update({"robots.txt": robots(base).encode("utf-8"), MARKER: b""})
    if base:
        files["sitemap.xml"] = sitemap(base, rendered.urls).encode("utf-8")
    for rel, data in files.items():
        sink.write(rel, data)
    rendered.outputs |= set(files)
    return rendered


def _theme_files(folders: tuple[Path, ...], root: Path, diagnostics: list[Diagnostic],
                 memo: Memo | None) -> dict[str, bytes]:
    """The theme's static files; the memo keeps them while they read without a
    problem (a save under templates/ clears it): a tenth of a save's time."""
    if memo is not None and memo.theme is not None:
        return dict(memo.theme)
    found: list[Diagnostic] = []
    files = theme_files(folders, root, found)
    diagnostics += found
    if memo is not None and not found:
        memo.theme = dict(files)
    return files


def _articles_left_out(raw: RawContent, content: model.Content, diagnostics: list[Diagnostic]) -> bool:
    """Whether an article could not be read or validated (a quote may stand in it)."""
    kept = {article.origin.path for article in content.articles}
    return any(d.severity == "error" and d.path.startswith("content/articles/") and d.path not in kept
               for d in diagnostics) or len(kept) < len(raw.articles)


def _result(out: Path, diagnostics: list[Diagnostic], pages: int | None = None,
            watch: list[Path] | None = None, index: search.SearchIndex | None = None) -> BuildResult:
    """The result; `pages` (how many were made) is None when none were rendered."""
    diagnostics.sort(key=lambda d: d.sort_key)
    ok = pages is not None and not has_errors(diagnostics)
    return BuildResult(ok, diagnostics, out, pages if ok else 0, watch_paths=watch or [], search=index)
