"""Issue 10: a build gives back what it no longer needs before the search index is made.

Pagefind runs beside the builder, so what the builder still holds then adds
to the build's peak memory. Counted as objects alive, not bytes: the test
does not depend on the machine.
"""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

from builder import linked, model, write
from builder.build import build_site

SMALL = Path(__file__).parent / "fixtures" / "sites" / "small"


def alive(kind: type) -> int:
    return sum(1 for thing in gc.get_objects() if type(thing) is kind)


def test_the_model_and_the_links_are_gone_when_the_index_is_made(tmp_path, monkeypatch):
    root = tmp_path / "project"
    shutil.copytree(SMALL, root)
    gc.collect()  # earlier tests' garbage would be collected during the build, and counted here
    before = {"articles": alive(model.Article), "linked": alive(linked.LinkedArticle)}  # what earlier tests left
    seen = {}
    publish = write.Staging.publish

    def counting(self, before_swap=None):
        seen.update(articles=alive(model.Article), linked=alive(linked.LinkedArticle))
        publish(self, before_swap)

    monkeypatch.setattr(write.Staging, "publish", counting)
    result = build_site(root, out=tmp_path / "site", base_url="https://example.org/", index=False, jobs=1)
    assert result.ok and result.pages > 0
    assert seen == before
