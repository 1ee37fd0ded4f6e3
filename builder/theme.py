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

from pathlib import Path

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


def static_files(folders: tuple[Path, ...]) -> dict[str, Path]:
    """Every file under static/ of the folders, by its path relative to static/
    ('style.css', 'css/20-article.css'); the first folder that has a path wins.
    Symlinks and other non-regular files are skipped: a template folder cannot
    smuggle a file from elsewhere into the site."""
    found: dict[str, Path] = {}
    for folder in folders:
        static = folder / STATIC
        if not static.is_dir():
            continue
        real = static.resolve()
        for path in sorted(static.rglob("*")):
            if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(real):
                continue
            found.setdefault(path.relative_to(static).as_posix(), path)
    return dict(sorted(found.items()))
