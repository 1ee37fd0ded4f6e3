"""Writing the output: all or nothing, and never outside the output folder."""

from __future__ import annotations

import pytest

from builder.write import OutputError, write_site


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
