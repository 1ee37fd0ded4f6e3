"""A project's templates/ overrides the default templates file by file.

The project's folder holds only what it changes: a template, a static file,
a new static file. Everything else comes from the builder's own templates/
(the checkout's here; the wheel's in tests/test_install.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from builder import theme
from builder.build import build_site

PROJECT = Path(__file__).resolve().parent.parent
SMALL = PROJECT / "tests" / "fixtures" / "sites" / "small"
DEFAULTS = PROJECT / "templates"


def project(tmp_path: Path) -> Path:
    root = tmp_path / "custom"
    shutil.copytree(SMALL / "content", root / "content")
    shutil.copytree(SMALL / "seeds", root / "seeds")
    return root


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_defaults_are_the_top_level_templates_of_the_checkout():
    assert theme.default_templates() == DEFAULTS
    assert theme.template_folders(PROJECT) == (DEFAULTS,)


def test_one_template_and_one_static_file_override_the_defaults(tmp_path):
    root = project(tmp_path)
    write(root / "templates/404.html",
          '{% extends "base.html" %}\n{% block main %}\n<p>Our own lost page</p>\n{% endblock %}\n')
    write(root / "templates/static/explainer.js", "// our own script\n")
    write(root / "templates/static/extra/print.css", "body { color: black; }\n")
    assert theme.template_folders(root) == (root / "templates", DEFAULTS)

    out = tmp_path / "site"
    result = build_site(root, out=out, base_url="https://example.org/")
    assert result.ok, [d.format() for d in result.diagnostics]
    not_found = (out / "404.html").read_text(encoding="utf-8")
    assert "Our own lost page" in not_found and "<nav" in not_found   # base.html is the default one
    assert (out / "index.html").read_text(encoding="utf-8").count("Our own lost page") == 0
    assert (out / "static/explainer.js").read_text(encoding="utf-8") == "// our own script\n"
    assert (out / "static/extra/print.css").is_file()
    for rel, default in theme.static_files((DEFAULTS,), root, []).items():
        if rel != "explainer.js" and not rel.startswith("css/"):   # the parts make style.css
            assert (out / "static" / rel).read_bytes() == default, rel


def test_one_part_of_the_style_sheet_overrides_the_default_part(tmp_path):
    root = project(tmp_path)
    write(root / "templates/static/css/50-notes.css", ".note { color: teal; }\n")
    out = tmp_path / "site"
    result = build_site(root, out=out, base_url="https://example.org/")
    assert result.ok, [d.format() for d in result.diagnostics]
    sheet = (out / "static/style.css").read_text(encoding="utf-8")
    assert "/* 50-notes.css */\n.note { color: teal; }\n" in sheet
    assert "/* 00-tokens.css */" in sheet and "/* 40-article.css */" in sheet   # the other parts stay
    assert not (out / "static/css").exists()


def test_an_error_in_an_override_points_at_its_line(tmp_path):
    root = project(tmp_path)
    write(root / "templates/404.html",
          '{% extends "base.html" %}\n{% block main %}\n<p>Lost: {{ page.no_such_thing }}</p>\n{% endblock %}\n')
    result = build_site(root, out=tmp_path / "site", base_url="https://example.org/")
    [problem] = [d for d in result.diagnostics if d.severity == "error"]
    assert problem.format().startswith("templates/404.html:3:1: error: template error:")


def test_a_symlink_out_of_a_static_folder_is_an_error_and_is_not_published(tmp_path):
    root = project(tmp_path)
    secret = write(tmp_path / "secret.txt", "not for the site\n")
    (root / "templates/static").mkdir(parents=True)
    os.symlink(secret, root / "templates/static/leak.txt")
    os.symlink(tmp_path, root / "templates/static/everything")
    problems = []
    files = theme.static_files(theme.template_folders(root), root, problems)
    assert "leak.txt" not in files and not any(rel.startswith("everything/") for rel in files)
    assert [d.path for d in problems] == ["templates/static/everything", "templates/static/leak.txt"]
    out = tmp_path / "site"
    result = build_site(root, out=out)
    assert not result.ok and not out.exists()
    assert all("outside the project folder" in d.message for d in result.diagnostics if d.severity == "error")
