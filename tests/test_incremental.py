"""Issue 10: what the dev server's incremental builds write is what a cold build writes.

A seeded random sequence of edits, the kind an editor makes (change a title,
add or remove an alias, delete an entry, rename an id, edit a paragraph, add
or remove an article, change a setting of site.yaml, break a file, a field
or the front matter and fix it, name a seed and then create it), is applied to a copy of the
small fixture site. After each save the incremental build (a memo kept from
build to build, told which file changed, as the watcher tells it) and a cold
build of the same content must agree: both fail with the same diagnostics,
or both succeed and what `serve` serves is what the cold build wrote, byte
for byte.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
import yaml

from builder.build import build_site, preview_site
from builder.incremental import Memo
from builder.write import MANIFEST

SMALL = Path(__file__).parent / "fixtures" / "sites" / "small"
BASE_URL = "https://example.org/sub/"
ENTRY_FILES = ("actors", "glossary", "facts", "timeline", "sources")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class Editor:
    """Edits the content the way a person at an editor would, one save at a time."""

    def __init__(self, root: Path, rng: random.Random):
        self.root, self.rng = root, rng
        self.content = root / "content"
        self.broken: tuple[Path, str, list[str]] | None = None
        """What the next save writes to fix the build: (path, text, the paths saved)."""
        self.count = 0

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def entries(self, stem: str) -> list[dict]:
        return yaml.safe_load((self.content / f"{stem}.yaml").read_text(encoding="utf-8-sig")) or []

    def save_entries(self, stem: str, entries: list[dict]) -> str:
        path = self.content / f"{stem}.yaml"
        path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return self.rel(path)

    def data_file(self) -> tuple[str, Path, str, list[dict]]:
        """A data file at random: its stem, path, text and entries."""
        stem = self.rng.choice(ENTRY_FILES)
        path = self.content / f"{stem}.yaml"
        return stem, path, path.read_text(encoding="utf-8-sig"), self.entries(stem)

    def articles(self) -> list[Path]:
        return sorted((self.content / "articles").glob("*.md"))

    # -- the edits: each returns the paths it saved --------------------------
    def change_title(self) -> list[str]:
        self.count += 1
        if self.rng.random() < 0.5:
            path = self.rng.choice(self.articles())
            text = re.sub(r"(?m)^title: .*$", f'title: "Title {self.count}"', path.read_text(), count=1)
            path.write_text(text)
            return [self.rel(path)]
        stem = self.rng.choice(("facts", "timeline", "sources", "actors"))
        entries = self.entries(stem)
        entry = self.rng.choice(entries)
        entry["name" if stem == "actors" else "title"] = f"Renamed {self.count}"
        return [self.save_entries(stem, entries)]

    def toggle_alias(self) -> list[str]:
        stem = self.rng.choice(("actors", "glossary"))
        entries = self.entries(stem)
        entry = self.rng.choice(entries)
        aliases = list(entry.get("aliases") or [])
        if aliases and self.rng.random() < 0.5:
            aliases.pop()
        else:
            # Words the articles use: new mentions appear.
            self.count += 1
            aliases.append(self.rng.choice(["again", "airport", "Panel", "ties", f"word{self.count}"]))
        entry["aliases"] = aliases
        return [self.save_entries(stem, entries)]

    def delete_entry(self) -> list[str]:
        """Delete an entry; if others name it, that breaks the build, and the next save fixes it."""
        stem, path, before, entries = self.data_file()
        if not entries:
            return []
        gone = entries.pop(self.rng.randrange(len(entries)))
        saved = [self.save_entries(stem, entries)]
        others = "".join(p.read_text(encoding="utf-8-sig") for p in self.files())
        if self.id_pattern(gone["id"]).search(others):
            self.broken = (path, before, [self.rel(path)])
        return saved

    def rename_id(self) -> list[str]:
        stem = self.rng.choice(ENTRY_FILES)
        entries = self.entries(stem)
        if not entries:
            return []
        old = self.rng.choice(entries)["id"]
        self.count += 1
        new = f"{old}-v{self.count}"
        pattern = self.id_pattern(old)
        saved = []
        for path in self.files():
            text = path.read_text(encoding="utf-8-sig")
            if path.suffix == ".md":
                # Only [[links]] and the author: the body is checked against its seed.
                changed = re.sub(r"(?m)\[\[[^\]]*\]\]|^author: .*$", lambda m: pattern.sub(new, m.group()), text)
            else:
                # Ids and references, not the words of titles or quotes.
                changed = re.sub(r"(?m)\[\[[^\]]*\]\]|^ *(- )?(id|related|sources|actors|see_also|claimed_by):.*$"
                                 r"|^ *- [a-z0-9-]+$|\bsources: \[[^\]]*\]",  # the last: a series point's
                                 lambda m: pattern.sub(new, m.group()), text)
            if changed != text:
                path.write_text(changed, encoding="utf-8")
                saved.append(self.rel(path))
        return saved

    def files(self) -> list[Path]:
        return [*sorted(self.content.glob("*.yaml")), *self.articles()]

    @staticmethod
    def id_pattern(entry_id: str) -> re.Pattern:
        return re.compile(rf"(?<![a-z0-9-]){re.escape(entry_id)}(?![a-z0-9-])")

    def edit_paragraph(self) -> list[str]:
        # An article with a seed must keep the seed's words: those edits would only break.
        free = [p for p in self.articles() if "\nseed:" not in p.read_text()]
        if not free:
            return []
        path = self.rng.choice(free)
        text = path.read_text()
        head, _, body = text.partition("\n---\n")
        words = ["Putin", "the veto", "shells", "Moscow", "comprehensive strategic partnership", "tea"]
        self.count += 1
        body = body.replace(".", f" and {self.rng.choice(words)} {self.count}.", 1)
        path.write_text(f"{head}\n---\n{body}")
        return [self.rel(path)]

    def add_or_remove_article(self) -> list[str]:
        extra = [p for p in self.articles() if p.name.startswith("extra-")]
        if extra and self.rng.random() < 0.5:
            path = self.rng.choice(extra)
            path.unlink()
            return [self.rel(path)]
        self.count += 1
        path = self.content / "articles" / f"extra-{self.count}.md"
        path.write_text(f"---\ntitle: Extra {self.count}\n---\nPutin met Kim Jong Un about the veto "
                        f"and up to 4.8 million shells, {self.count}.\n")
        return [self.rel(path)]

    def change_byline(self) -> list[str]:
        """The date (the newest article's date decides what is "since"), the
        author (an actor's page lists what it wrote) or the summary (an [[id]] in
        it is a use of that entry)."""
        path = self.rng.choice(self.articles())
        head, _, body = path.read_text().partition("\n---\n")
        field = self.rng.choice(("published", "author", "summary"))
        actors = [entry["id"] for entry in self.entries("actors")] or ["nobody"]
        value = {"published": f"20{self.rng.randint(23, 25)}-{self.rng.randint(1, 12):02d}",
                 "author": self.rng.choice([*actors, "A. Writer"]),
                 "summary": f'"About [[{self.rng.choice(actors)}]], {self.count}."'}[field]
        self.count += 1
        lines = [line for line in head.split("\n") if not line.startswith(f"{field}:")]
        path.write_text("\n".join([*lines, f"{field}: {value}"]) + f"\n---\n{body}")
        return [self.rel(path)]

    def change_setting(self) -> list[str]:
        """A setting of site.yaml: the title and description (on every page), the
        date facts were checked, the language, or a key point (an [[id]] in one is
        a use of that entry)."""
        path = self.content / "site.yaml"
        site = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        self.count += 1
        field = self.rng.choice(("title", "title", "description", "checked", "language", "key_points"))
        if field == "key_points":
            points = list(site.get("key_points") or [])
            if points and self.rng.random() < 0.5:
                points.pop(self.rng.randrange(len(points)))
            else:
                named = [entry["id"] for stem in ("actors", "glossary") for entry in self.entries(stem)]
                points.append(f"Point {self.count} about [[{self.rng.choice(named or ['nobody'])}]].")
            site["key_points"] = points
        else:
            site[field] = {"title": f"Site {self.count}", "description": f"About {self.count}.",
                           "checked": f"2025-{self.rng.randint(1, 12):02d}-1{self.rng.randint(0, 9)}",
                           "language": self.rng.choice(("en", "en-GB", "de"))}[field]
        path.write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return [self.rel(path)]

    def break_a_file(self) -> list[str]:
        path = self.rng.choice([*self.content.glob("*.yaml"), *self.articles()])
        text = path.read_text(encoding="utf-8-sig")
        self.broken = (path, text, [self.rel(path)])
        bad = self.rng.choice(["[[no-such-id]]", "\n- {id: [unclosed\n", "\n---\nkey: : :\n"])
        path.write_text(text + bad, encoding="utf-8")
        return [self.rel(path)]

    def break_an_entry(self) -> list[str]:
        """A field of a data file's entry made wrong (an error the next save
        fixes), or a field the schema doesn't know added (a warning that stays)."""
        stem, path, before, entries = self.data_file()
        if not entries:
            return []
        entry = self.rng.choice(entries)
        change = self.rng.choice(["id", "required", "unknown"])
        if change == "id":
            entry["id"] = "Not An Id"
        elif change == "required":
            del entry[next(key for key in ("name", "term", "title", "date", "publisher") if key in entry)]
        else:
            entry["colour"] = "red"
        if change != "unknown":
            self.broken = (path, before, [self.rel(path)])
        return [self.save_entries(stem, entries)]

    def break_front_matter(self) -> list[str]:
        """The slug of another article, a field the schema doesn't know (a warning
        that stays), or a seed that isn't there yet: the next save creates it and
        saves the article again unchanged (the watcher can't name a file that
        no build read), and the error must go."""
        path = self.rng.choice(self.articles())
        head, _, body = path.read_text().partition("\n---\n")
        if "\nslug:" in head or "\nseed:" in head:
            return []
        self.count += 1
        others = [p.stem for p in self.articles() if p != path]
        change = self.rng.choice(["slug", "unknown", "seed", "seed"])
        if change == "slug" and others:
            self.broken = (path, path.read_text(), [self.rel(path)])
            head += f"\nslug: {self.rng.choice(others)}"
        elif change == "seed":
            seed = self.root / "seeds" / f"new-{self.count}.txt"
            self.broken = (seed, body, [self.rel(path)])
            head += f"\nseed: {self.rel(seed)}"
        else:
            head += "\ncolour: red"
        path.write_text(f"{head}\n---\n{body}")
        return [self.rel(path)]

    def fix(self) -> list[str]:
        path, text, saved = self.broken
        self.broken = None
        path.write_text(text, encoding="utf-8")
        return saved

    def random_edit(self) -> list[str]:
        if self.broken is not None:
            return self.fix()
        edit = self.rng.choice([self.change_title, self.toggle_alias, self.delete_entry, self.rename_id,
                                self.edit_paragraph, self.edit_paragraph, self.add_or_remove_article,
                                self.change_byline, self.change_setting, self.change_setting,
                                self.break_a_file, self.break_an_entry, self.break_front_matter])
        return edit()


def served(result) -> dict[str, bytes]:
    return {rel: bytes(data) for rel, data in result.files.items()}


@pytest.mark.parametrize("seed, articles", [(1, 2), (2, 2), (3, 2), (4, 1), (5, 1)])
def test_after_any_edits_the_incremental_build_is_the_cold_build(tmp_path, seed, articles):
    """From the fixture's two articles, or from one (a lone article's backlinks
    don't name it; articles added later make several)."""
    root = tmp_path / "project"
    shutil.copytree(SMALL, root)
    if articles == 1:
        (root / "content" / "articles" / "second-look.md").unlink()
    editor = Editor(root, random.Random(seed))
    memo = Memo()
    cold = tmp_path / "cold"
    assert preview_site(root, BASE_URL, memo=memo, jobs=1).ok
    outcomes = []
    for step in range(30):
        saved = editor.random_edit()
        memo.forget(saved)
        result = preview_site(root, BASE_URL, memo=memo, jobs=1)
        shutil.rmtree(cold, ignore_errors=True)
        expected = build_site(root, out=cold, base_url=BASE_URL, jobs=1, index=False)
        where = f"seed {seed}, step {step}, after saving {saved}"
        assert [d.format() for d in result.diagnostics] == [d.format() for d in expected.diagnostics], where
        assert result.ok == expected.ok, where
        if expected.ok:
            assert served(result) == {rel: data for rel, data in snapshot(cold).items() if rel != MANIFEST}, where
        outcomes.append(expected.ok)
    # The sequence did exercise both: good builds and broken ones.
    assert True in outcomes and False in outcomes


def test_a_save_changes_only_the_files_whose_bytes_change(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(SMALL, root)
    memo = Memo()
    before = preview_site(root, BASE_URL, memo=memo, jobs=1)
    assert before.ok
    article = root / "content" / "articles" / "second-look.md"
    article.write_text(article.read_text().replace('title: "Second look"', 'title: "A third look"'))
    memo.forget(["content/articles/second-look.md"])
    after = preview_site(root, BASE_URL, memo=memo, jobs=1)
    assert after.ok and after.files.keys() == before.files.keys()
    changed = {rel for rel in after.files if after.files[rel] is not before.files[rel]}
    # The article, the home page that lists it, and the pages whose backlinks name it:
    # every other file is the very bytes object the last build served.
    assert changed == set(after.changed)
    assert "articles/second-look/index.html" in changed and "index.html" in changed
    assert "timeline/index.html" not in changed and "articles/summit/index.html" not in changed
    assert "static/style.css" not in changed
    assert len(changed) < len(before.files) / 2


def test_a_save_that_breaks_the_build_keeps_the_last_good_files_and_the_fix_brings_the_new(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(SMALL, root)
    memo = Memo()
    good = preview_site(root, BASE_URL, memo=memo, jobs=1)
    article = root / "content" / "articles" / "second-look.md"
    text = article.read_text()
    article.write_text(text + "\n[[no-such-id]]\n")
    memo.forget(["content/articles/second-look.md"])
    broken = preview_site(root, BASE_URL, memo=memo, jobs=1)
    assert not broken.ok and broken.files == {}
    assert [d.message for d in broken.diagnostics if d.severity == "error"] == [
        "[[no-such-id]] names unknown id 'no-such-id'"]
    article.write_text(text.replace("Putin and the veto again.", "Putin and the veto, again."))
    memo.forget(["content/articles/second-look.md"])
    fixed = preview_site(root, BASE_URL, memo=memo, jobs=1)
    assert fixed.ok and "articles/second-look/index.html" in fixed.changed
    assert fixed.files["timeline/index.html"] is good.files["timeline/index.html"]


def test_a_lone_articles_title_changes_the_pages_that_show_it(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(SMALL, root)
    (root / "content" / "articles" / "second-look.md").unlink()
    article = root / "content" / "articles" / "summit.md"
    article.write_text(article.read_text().replace("summary: Why [[putin]]", "summary: Why [[putin]] used the [[veto]] and"))
    memo = Memo()
    before = preview_site(root, BASE_URL, memo=memo, jobs=1)
    assert before.ok
    article.write_text(article.read_text().replace("title: The Summit <em>&amp; after</em>", "title: A new title"))
    memo.forget(["content/articles/summit.md"])
    after = preview_site(root, BASE_URL, memo=memo, jobs=1)
    expected = build_site(root, out=tmp_path / "cold", base_url=BASE_URL, jobs=1, index=False)
    assert after.ok and expected.ok
    assert served(after) == {rel: data for rel, data in snapshot(tmp_path / "cold").items() if rel != MANIFEST}
    # The glossary says which summaries name a term, by the article's title.
    assert {"articles/summit/index.html", "index.html", "data.json", "glossary/index.html"} <= set(after.changed)
    assert "A new title" in after.files["glossary/index.html"].decode()
    # A lone article's backlinks don't name it: the pages of what it mentions stay as they were.
    assert "Kim Jong Un" in after.files["articles/summit/index.html"].decode()
    assert after.files["actors/kim-jong-un/index.html"] is before.files["actors/kim-jong-un/index.html"]
