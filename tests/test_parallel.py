"""Issue 10: pages rendered by worker processes are the bytes one process writes.

The small fixture site is copied and given more articles (copies of its own
under other names, so quotes, seeds, mentions and boxes all recur), and the
parallel threshold is lowered so that even a few articles go to workers.
A quote that occurs in several articles must still be placed in the first
(the workers link every article as if it came first; the later ones are
linked again), and a broken template must be reported once, the same way.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder import produce
from builder.build import build_site

SMALL = Path(__file__).parent / "fixtures" / "sites" / "small"
BASE_URL = "https://example.org/sub/"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(produce, "PARALLEL_MIN_ARTICLES", 2)
    root = tmp_path / "project"
    shutil.copytree(SMALL, root)
    articles = root / "content" / "articles"
    for source in sorted(articles.glob("*.md")):
        for n in range(3):
            # The same words (and quotes) again, in articles that come later (z-...).
            (articles / f"z-{n}-{source.name}").write_text(source.read_text(encoding="utf-8"))
    return root


def test_workers_write_the_bytes_one_process_writes(project):
    one = build_site(project, out=project / "one", base_url=BASE_URL, jobs=1, index=False)
    two = build_site(project, out=project / "two", base_url=BASE_URL, jobs=2, index=False)
    assert one.ok and two.ok, [d.format() for d in one.diagnostics + two.diagnostics]
    assert one.pages == two.pages
    assert snapshot(project / "one") == snapshot(project / "two")


def test_a_quote_found_in_several_articles_stands_in_the_first(project):
    result = build_site(project, out=project / "site", base_url=BASE_URL, jobs=2, index=False)
    assert result.ok
    first = (project / "site" / "articles" / "summit" / "index.html").read_text()
    again = (project / "site" / "articles" / "z-0-summit" / "index.html").read_text()
    assert 'id="q_shells"' in first and 'class="note note-fact' in first
    assert 'id="q_shells"' not in again and 'class="note note-fact' not in again


def test_a_broken_template_is_reported_once_in_a_parallel_build(project):
    templates = project / "templates"
    shutil.copytree(Path(__file__).resolve().parents[1] / "templates", templates)
    macros = templates / "_macros.html"
    macros.write_text(macros.read_text().replace("{{ box.title }}", "{{ box.title | nosuchfilter }}", 1))
    one = build_site(project, out=project / "one", base_url=BASE_URL, jobs=1, index=False)
    two = build_site(project, out=project / "two", base_url=BASE_URL, jobs=2, index=False)
    assert not one.ok and not two.ok
    assert [d.format() for d in one.diagnostics] == [d.format() for d in two.diagnostics]
    assert len([d for d in two.diagnostics if d.severity == "error"]) == 1
    assert not (project / "two").exists()
