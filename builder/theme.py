"""Where templates and static files come from: the project's own templates/
over the builder's default ones, file by file.

The default templates are the top-level templates/ of the builder's
checkout; an installed wheel carries the same folder as builder/templates/
(pyproject.toml maps it as package data). A project needs no templates/ of
its own: a file it puts there (`templates/404.html`,
`templates/static/css/20-article.css`) replaces the default file of the same
relative path and every other file still comes from the defaults, as a theme
and MkDocs' `custom_dir` do.
"""

from __future__ import annotations

import os
from pathlib import Path

from builder.diagnostics import Diagnostic
from builder.read import read_assets

_PACKAGE = Path(__file__).resolve().parent
STATIC = "static"


def default_templates() -> Path:
    """The builder's own templates: inside the package when installed from a
    wheel, else the checkout's top-level templates/ (a source tree or an
    editable install)."""
    packaged = _PACKAGE / "templates"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "templates"


def template_folders(root: Path) -> tuple[Path, ...]:
    """Search path, first match wins: <root>/templates/ (when it exists), then the defaults."""
    own = Path(root) / "templates"
    default = default_templates()
    if own.is_dir() and own.resolve() != default.resolve():
        return (own, default)
    return (default,)


def home(folder: Path, root: Path) -> Path:
    """The folder a template folder's files must stay inside: the project for
    its own templates/, the builder's folder for the defaults."""
    return Path(root) if folder == Path(root) / "templates" else folder.parent


def static_files(folders: tuple[Path, ...], root: Path, diagnostics: list[Diagnostic]) -> dict[str, bytes]:
    """Every file under static/ of the folders, by its path relative to static/
    ('style.css', 'css/20-article.css'); the first folder that has a path wins.
    Each is read by the builder's one read rule: a symlink that leads out of the
    project, a FIFO or a huge file is an error with its path, never published."""
    found: dict[str, bytes] = {}
    for folder in folders:
        static = folder / STATIC
        if static.is_dir():
            assets = read_assets(static, home(folder, root), shown_path(static, root), diagnostics)
            for rel, data in assets.items():
                found.setdefault(rel, data)
    return dict(sorted(found.items()))


def shown_path(path: Path, root: Path) -> str:
    """`path` relative to the root for a diagnostic; the builder's own templates stay absolute."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return path.as_posix()
