"""Command line: `python -m builder [build|check|serve|new|suggest]`. Exit codes only; the work is elsewhere."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from builder.diagnostics import count_errors, printable
from builder.search_shards import SHARD_MB, shard_words

DESCRIPTION = """\
Build a linked, annotated explainer website from a content/ folder.

The root folder holds content/ (site.yaml, articles/*.md and the YAML data
files) and, optionally, templates/. The site is written to <root>/site
unless --out says otherwise."""

EPILOG = """\
examples:
  python -m builder                      build the site in the current folder
  python -m builder build --base-url https://me.github.io/repo/
  python -m builder build --jobs 1       build in one process
  python -m builder check --root path/to/project
  python -m builder serve --port 8001    preview with live reload
  python -m builder new my-site --seed article.txt    start a project from an article
  python -m builder suggest              list names, terms, claims and dates to curate

exit status: 0 success, 1 content errors, 2 usage errors, 3 a bug in the builder"""

ROOT_HELP = "folder that holds content/ (default: the current folder)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m builder",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_site_commands(commands)
    _add_curation_commands(commands)
    return parser


def _add_site_commands(commands: argparse._SubParsersAction) -> None:
    """build, check and serve: the site of a project."""
    build = commands.add_parser(
        "build", help="build the site (the default command)",
        description="Validate content/ and write the complete site.",
    )
    build.add_argument("--root", type=Path, default=Path("."), help=ROOT_HELP)
    build.add_argument("--out", type=Path, help="output folder (default: <root>/site)")
    build.add_argument(
        "--base-url", help="public address of the site, e.g. https://me.github.io/repo/ "
        "(overrides base_url in site.yaml)",
    )
    build.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                       help="processes that render pages (default: one per core); "
                       "the output is the same for any N")
    build.add_argument("--search-shard-mb", type=_shard_mb, default=None, metavar="MB",
                       help=f"about how much memory Pagefind may take for each shard of the search "
                       f"index (default: {SHARD_MB}); each shard past the first adds about 3 requests "
                       "to a reader's search: raise it where memory is plentiful")

    check = commands.add_parser(
        "check", help="validate content only, write nothing",
        description="Report every content error as path:line:column: message; write nothing.",
    )
    check.add_argument("--root", type=Path, default=Path("."), help=ROOT_HELP)

    serve = commands.add_parser(
        "serve", help="build, serve on localhost and rebuild + reload on every change",
        description="Build the site, serve it, and rebuild and reload open pages "
        "whenever content/ or templates/ change.",
    )
    serve.add_argument("--root", type=Path, default=Path("."), help=ROOT_HELP)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")


def _add_curation_commands(commands: argparse._SubParsersAction) -> None:
    """new and suggest: starting a project and curating it."""
    new = commands.add_parser(
        "new", help="create a project from an article's text file",
        description="Create DIR (new or empty) with the seed copied into seeds/, an article made "
        "of its paragraphs (clutter dropped), site.yaml and empty data files.",
    )
    new.add_argument("dir", type=Path, metavar="DIR", help="the project folder to create")
    new.add_argument("--seed", type=Path, required=True, metavar="FILE",
                     help="the article as a UTF-8 text file (copied byte for byte)")
    new.add_argument("--title", help="the article's title (default: the seed's headline)")

    suggest = commands.add_parser(
        "suggest", help="list names, terms, claims and dates worth curating",
        description="Read the articles and list what is worth curating, most frequent and "
        "earliest first, each with its position and a YAML entry to paste.",
    )
    suggest.add_argument("--root", type=Path, default=Path("."), help=ROOT_HELP)
    suggest.add_argument("--format", choices=("text", "yaml"), default="text",
                         help="text for people (default), yaml for programs")


def _shard_mb(text: str) -> float:
    """--search-shard-mb: a positive number of megabytes."""
    try:
        megabytes = float(text)
    except ValueError:
        megabytes = 0
    if not 0 < megabytes < 1e6:
        raise argparse.ArgumentTypeError(f"expected a positive number of megabytes, got {text!r}")
    return megabytes


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of processes, 1 or more, not {text!r}")
    return jobs


def main(argv: list[str] | None = None) -> int:
    try:
        return run(_parser().parse_args(argv))
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug in the builder, never a content error
        if os.environ.get("EXPLAINER_DEBUG"):
            raise
        print(f"internal error: {type(error).__name__}: {error}\n"
              "This is a bug in the builder, not in your content. Run again with "
              "EXPLAINER_DEBUG=1 for the details and report them.", file=sys.stderr)
        return 3


def run(args: argparse.Namespace) -> int:
    command = args.command or "build"
    root = getattr(args, "root", Path("."))
    try:
        root.resolve().is_dir()
    except (OSError, RuntimeError) as error:  # a name too long, a symlink loop
        reason = getattr(error, "strerror", None) or str(error)
        print(f"error: --root {printable(str(root))[:200]}: {reason.lower()}", file=sys.stderr)
        return 2

    if command == "serve":
        from builder.serve import serve

        return serve(root, host=args.host, port=args.port)
    if command == "new":
        from builder import new

        return new.run(args.dir, args.seed, args.title)
    if command == "suggest":
        from builder import suggest

        return suggest.run(root, args.format)

    from builder.build import build_site, check_site

    if command == "check":
        result = check_site(root)
    else:
        result = build_site(
            root,
            out=getattr(args, "out", None),
            base_url=getattr(args, "base_url", None),
            jobs=getattr(args, "jobs", None),
            index_shard_words=shard_words(getattr(args, "search_shard_mb", None) or SHARD_MB),
        )
    for diagnostic in result.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    if not result.ok:
        errors = count_errors(result.diagnostics)
        print(f"build failed: {errors} error(s)", file=sys.stderr)
        return 1
    if command == "check":
        warnings = sum(d.severity == "warning" for d in result.diagnostics)
        print(f"check passed: no errors, {warnings} warning(s)", file=sys.stderr)
    else:
        print(f"built {result.pages} pages into {result.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
