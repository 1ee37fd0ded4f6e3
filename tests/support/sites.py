"""Small sites written on the spot, for the tests of one stage."""

from __future__ import annotations

from pathlib import Path

from builder import model
from builder.load import load_content
from builder.validate import validate

SITE = "title: Test site\n"
ARTICLE = "---\ntitle: A\n---\nText.\n"


def write_content(root: Path, files: dict[str, str]) -> Path:
    """content/<name> for each name -> text, with a site.yaml and an article unless given."""
    for name, text in {"site.yaml": SITE, "articles/a.md": ARTICLE, **files}.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def validated(root: Path, files: dict[str, str], base_url: str | None = None) -> model.Content:
    """The model of a site that must be valid."""
    write_content(root, files)
    content, diagnostics = validate(load_content(root), root, base_url)
    assert content is not None, [d.format() for d in diagnostics]
    return content
