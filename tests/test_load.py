"""load.py and yaml_loader.py: files in, raw records that know where each value stands."""

from __future__ import annotations

import pytest

from builder.diagnostics import Diagnostic
from builder.load import load_content, split_front_matter
from builder.read import read_seeds
from builder.yaml_loader import SourceText, YamlList, YamlMapping, parse_yaml
from tests.support.sites import write_content


def test_values_remember_their_position():
    data = parse_yaml(SourceText("content/actors.yaml", "- id: putin\n  aliases: [Putin, Vladimir]\n"), [])
    entry = data[0]
    assert isinstance(data, YamlList) and isinstance(entry, YamlMapping)
    node = entry.value_nodes["aliases"].value[1]
    assert (node.start_mark.line + 1, node.start_mark.column + 1) == (2, 20)


def test_parsed_yaml_is_read_only_because_builds_share_it():
    source = SourceText("content/site.yaml", "title: T\nlist: [a]\n")
    data = parse_yaml(source, [])
    assert parse_yaml(source, []) is data  # the cache hands out the same object ...
    with pytest.raises(TypeError):
        data["title"] = "changed"  # ... so nobody may change it
    with pytest.raises(TypeError):
        data["list"].append("b")
    with pytest.raises(TypeError):
        data.value_nodes["title"] = None


def test_a_duplicate_key_and_an_object_tag_are_reported_not_run():
    problems: list[Diagnostic] = []
    parse_yaml(SourceText("content/a.yaml", "title: A\ntitle: B\n"), problems)
    parse_yaml(SourceText("content/b.yaml", "x: !!python/object/apply:os.system [echo]\n"), problems)
    assert [d.format() for d in problems] == [
        "content/a.yaml:2:1: error: duplicate key 'title' (first given at line 1)",
        "content/b.yaml:1:4: error: the tag '!!python/object/apply:os.system' is not allowed: "
        "content is data, so YAML tags that build objects are refused"]


def test_front_matter_is_positioned_in_the_article_file():
    article = split_front_matter("content/articles/a.md", "---\ntitle: A\n---\nBody.\n", [])
    assert article.front.data == {"title": "A"}
    assert article.front.source.node_position(article.front.data.value_nodes["title"]) == (2, 8)
    assert (article.body.text, article.body.line_offset) == ("Body.\n", 3)


def test_missing_pieces_are_reported_all_at_once(tmp_path):
    (tmp_path / "content").mkdir()
    assert [d.format() for d in load_content(tmp_path).diagnostics] == [
        "content/site.yaml: error: site.yaml is missing: it needs at least 'title: ...'",
        "content/articles: error: no articles: add at least one content/articles/*.md"]


def test_seeds_are_read_once_each_and_an_unreadable_one_is_reported_and_left_out(tmp_path):
    write_content(tmp_path, {})
    (tmp_path / "seed.txt").write_bytes(b"caf\xe9\n")
    (tmp_path / "good.txt").write_text("Seed text.\r\n")
    problems: list[Diagnostic] = []
    assert read_seeds(tmp_path, ["good.txt", "seed.txt", "good.txt"], problems) == {
        "good.txt": "Seed text.\n"}
    assert [d.format() for d in problems] == [
        "seed.txt:1:4: error: file is not UTF-8 (byte 0xe9): save it as UTF-8"]


def test_a_merge_key_is_overridden_by_the_mappings_own_keys_without_a_duplicate():
    problems: list[Diagnostic] = []
    data = parse_yaml(SourceText("content/actors.yaml",
                                 "- &base {id: putin, name: Putin, kind: person}\n"
                                 "- <<: *base\n  id: lavrov\n  name: Lavrov\n"
                                 "- {id: a, id: b}\n"), problems)
    assert dict(data[1]) == {"id": "lavrov", "name": "Lavrov", "kind": "person"}
    assert [d.format() for d in problems] == [
        "content/actors.yaml:5:11: error: duplicate key 'id' (first given at line 5)"]


def test_control_characters_in_yaml_escapes_are_shown_as_replacement_characters():
    problems: list[Diagnostic] = []
    data = parse_yaml(SourceText("content/site.yaml", 'title: "Red \\e[31m and \\0"\n'), problems)
    assert data["title"] == "Red \ufffd[31m and \ufffd"
    assert [d.format() for d in problems] == [
        "content/site.yaml:1:8: warning: control character U+001B (and 1 more) is shown as \ufffd: "
        "delete it (text has no use for it)"]


@pytest.mark.parametrize("value, tag", [("!!timestamp nope", "!!timestamp"), ("!!bool maybe", "!!bool"),
                                        ("!!seq {a: 1}", "!!seq"), ("!!int abc", "!!int")])
def test_a_tag_on_a_value_it_does_not_fit_is_reported_at_the_value(value, tag):
    # Found by fuzzing: PyYAML's constructors raised AttributeError or KeyError (exit 3).
    problems: list[Diagnostic] = []
    assert parse_yaml(SourceText("content/facts.yaml", f"- id: f\n  title: {value}\n"), problems) is None
    assert [d.format() for d in problems] == [
        f"content/facts.yaml:2:10: error: invalid YAML: this value is not a valid {tag}"]
