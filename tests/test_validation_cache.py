"""validation_cache.py: the dev server reads again only the files whose parse changed,
and what a reading can't know (other files, the disk) is checked on every build."""

from __future__ import annotations

from builder.load import LoadCache, load_content
from builder.validate import validate
from builder.validation_cache import ValidationCache
from tests.support.sites import write_content

ACTORS = "- id: putin\n  name: Vladimir Putin\n  kind: person\n  role: President\n  role_as_of: 2024-06\n"
GLOSSARY = "- id: veto\n  term: veto\n  definition: A no that stops [[putin]].\n"


class Server:
    """Validates the way the dev server does: load and validation keep what they read."""

    def __init__(self, root):
        self.root, self.files, self.cache = root, LoadCache(), ValidationCache()

    def validate(self, *saved: str):
        for rel in saved:
            self.files.forget(rel)
        content, diagnostics = validate(load_content(self.root, self.files), self.root, None, self.cache)
        return content, [d.format() for d in diagnostics]


def test_an_unchanged_file_keeps_its_reading_and_a_saved_one_is_read_again(tmp_path):
    write_content(tmp_path, {"actors.yaml": ACTORS, "glossary.yaml": GLOSSARY})
    server = Server(tmp_path)
    first, _ = server.validate()
    (tmp_path / "content" / "glossary.yaml").write_text(GLOSSARY.replace("A no", "A No"))
    second, problems = server.validate("content/glossary.yaml")
    assert problems == [] and second.actors[0] is first.actors[0]
    assert second.terms[0] is not first.terms[0] and second.terms[0].definition.text.startswith("A No")


def test_a_seed_created_after_the_error_is_found_when_the_article_is_saved_again(tmp_path):
    article = "---\ntitle: A\nseed: seeds/a.txt\n---\nText.\n"
    write_content(tmp_path, {"actors.yaml": ACTORS, "articles/a.md": article})
    server = Server(tmp_path)
    assert server.validate()[1] == ["content/articles/a.md:3:7: error: 'seed' names 'seeds/a.txt', which "
                                    "does not exist (the path is relative to the folder that holds content/)"]
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("Text.\n")
    content, problems = server.validate("content/articles/a.md")  # saved again, unchanged
    assert problems == [] and content.articles[0].seed == "seeds/a.txt"
    (tmp_path / "seeds" / "a.txt").unlink()
    assert len(server.validate()[1]) == 1  # and gone again, without a save


def test_an_id_taken_by_another_file_is_reported_whichever_file_was_saved(tmp_path):
    write_content(tmp_path, {"actors.yaml": ACTORS, "glossary.yaml": GLOSSARY})
    server = Server(tmp_path)
    server.validate()
    (tmp_path / "content" / "glossary.yaml").write_text(GLOSSARY.replace("id: veto", "id: putin"))
    _, problems = server.validate("content/glossary.yaml")
    assert [p for p in problems if "duplicate id 'putin'" in p] != []
    (tmp_path / "content" / "glossary.yaml").write_text(GLOSSARY)
    assert server.validate("content/glossary.yaml")[1] == []


def test_two_articles_claim_one_slug_and_the_second_is_reported_until_it_lets_go(tmp_path):
    write_content(tmp_path, {"actors.yaml": ACTORS, "articles/b.md": "---\ntitle: B\nslug: a\n---\nText.\n"})
    server = Server(tmp_path)
    assert server.validate()[1] == ["content/articles/b.md:3:7: error: duplicate slug 'a': "
                                    "content/articles/a.md already uses it"]
    (tmp_path / "content" / "articles" / "a.md").unlink()
    assert server.validate("content/articles/a.md")[1] == []
