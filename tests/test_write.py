"""Writing the output: all or nothing, and never outside the output folder."""

from __future__ import annotations

import pytest

from builder.write import OutputError, bundle_css, write_site


def test_a_path_that_climbs_out_is_refused_and_the_old_output_stays(tmp_path):
    out = tmp_path / "site"
    write_site(out, {"index.html": "old"}, None)
    for bad in ("../escape.html", "/tmp/escape.html", "a/../../escape.html"):
        with pytest.raises(OutputError, match="outside the output folder"):
            write_site(out, {"index.html": "new", bad: "x"}, None)
    assert (out / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no staging folder or escaped file left"


def test_a_successful_write_replaces_the_folder_entirely(tmp_path):
    out = tmp_path / "site"
    write_site(out, {"old.html": "old", "a/b.html": "b"}, None)
    write_site(out, {"new.html": "new"}, None)
    # The marker says the folder is ours, so the next build may replace it.
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [".nojekyll", "new.html"]


def test_css_parts_are_bundled_in_file_name_order_into_one_stylesheet(tmp_path):
    static = tmp_path / "templates" / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "40-article.css").write_text(".note { color: red; }\n")
    (static / "css" / "00-tokens.css").write_text(":root { --ink: #000; }\n")
    (static / "explainer.js").write_text("// js\n")
    out = tmp_path / "site"
    write_site(out, {"index.html": "<p>"}, static)
    assert (out / "static" / "style.css").read_text() == (
        "/* 00-tokens.css */\n:root { --ink: #000; }\n\n/* 40-article.css */\n.note { color: red; }\n")
    assert sorted(p.relative_to(out).as_posix() for p in (out / "static").rglob("*")) == [
        "static/explainer.js", "static/style.css"], "the parts themselves are not published"


def test_a_part_in_a_later_folder_replaces_the_part_of_the_same_name(tmp_path):
    default, own = tmp_path / "default", tmp_path / "own"
    for folder, colour in ((default, "red"), (own, "blue")):
        folder.mkdir()
        (folder / "50-notes.css").write_text(f".note {{ color: {colour}; }}")
    (default / "10-base.css").write_text("body { margin: 0; }")
    assert bundle_css([default, own]) == (
        "/* 10-base.css */\nbody { margin: 0; }\n\n/* 50-notes.css */\n.note { color: blue; }\n")
    assert bundle_css([tmp_path / "missing"]) is None
