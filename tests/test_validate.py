"""validate.py, fields.py and schema.py: raw YAML in, model objects and every problem out."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from builder import model, schema
from builder.dates import PartialDate
from builder.load import load_content
from builder.validate import Validator, validate
from builder.yaml_loader import SourceText, parse_yaml
from tests.support.sites import SITE, write_content

ACTORS = "- id: putin\n  name: Vladimir Putin\n  kind: person\n"


def check(root: Path, base_url: str | None = None, **files: str) -> tuple[model.Content | None, list[str]]:
    """Validate a site made of `files` (name -> text; `articles_a_md` for articles/a.md)."""
    write_content(root, {name.replace("_yaml", ".yaml").replace("articles_", "articles/").replace("_md", ".md"): text
                      for name, text in files.items()})
    content, diagnostics = validate(load_content(root), root, base_url)
    return content, sorted(d.format() for d in diagnostics)


def read(fields: dict[str, schema.Field], text: str) -> tuple[dict, bool, list[str]]:
    """One record read by `fields`, as validation reads each entry."""
    source = SourceText("content/x.yaml", text)
    validator = Validator(Path("."), [])
    values, ok = validator.read_record(source, parse_yaml(source, []), fields, "this entry")
    return values, ok, [d.format() for d in validator.diagnostics]


# -- whole files -------------------------------------------------------------------
def test_valid_content_becomes_model_objects(tmp_path):
    content, problems = check(tmp_path, actors_yaml=ACTORS, glossary_yaml=(
        "- id: veto\n  term: veto\n  definition: A no that stops [[putin]].\n  aliases: [vetoes]\n"))
    assert problems == []
    assert content.actors == (model.Actor("putin", "Vladimir Putin", "person",
                                          model.Origin("content/actors.yaml", 1, 3)),)
    assert content.terms[0].aliases == ("vetoes",)
    assert set(content.entries) == {"putin", "veto"}


def test_every_problem_is_reported_at_once_with_its_position(tmp_path):
    _, problems = check(tmp_path, actors_yaml=(
        "- id: Putin\n  name: Putin\n  kind: persn\n- id: kim\n  kind: person\n"))
    assert problems == [
        "content/actors.yaml:1:7: error: 'Putin' is not a valid id: use lowercase ASCII letters, "
        "digits and single hyphens, e.g. 'putin'",
        "content/actors.yaml:3:9: error: 'kind' must be one of person, country, organization, group, "
        "not 'persn' (did you mean 'person'?)",
        "content/actors.yaml:4:3: error: entry 'kim' is missing the required field 'name'",
    ]


def test_an_unknown_field_is_a_warning_and_the_rest_is_read(tmp_path):
    content, problems = check(tmp_path, actors_yaml=ACTORS + "  rol: President\n")
    assert problems == ["content/actors.yaml:4:3: warning: unknown field 'rol' (did you mean 'role'?); "
                        "it is ignored"]
    assert content is not None


def test_a_reference_must_name_an_entry_of_the_right_kind(tmp_path):
    _, problems = check(tmp_path, actors_yaml=ACTORS + "  sources: [putin, src-x]\n  related: putn\n")
    assert problems == [
        "content/actors.yaml:4:13: error: 'sources' must name sources, but 'putin' is in actors.yaml",
        "content/actors.yaml:4:20: error: 'sources' names unknown id 'src-x'",
        "content/actors.yaml:5:12: error: 'related' names unknown id 'putn' (did you mean 'putin'?)",
    ]


def test_a_wikilink_in_code_is_no_reference_and_a_real_one_is_found_where_it_stands(tmp_path):
    article = "---\ntitle: A\n---\nWrite `[[some-id]]` to link:\n\n    [[other-id]]\n\nSee [[putn]].\n"
    _, problems = check(tmp_path, actors_yaml=ACTORS, articles_a_md=article)
    assert problems == ["content/articles/a.md:8:5: error: [[putn]] names unknown id 'putn' "
                        "(did you mean 'putin'?)"]


def test_ids_are_unique_across_all_data_files(tmp_path):
    _, problems = check(tmp_path, actors_yaml=ACTORS,
                        facts_yaml="- id: putin\n  title: A fact\n")
    assert problems == ["content/actors.yaml:1:7: error: duplicate id 'putin': it is already used at "
                        "content/facts.yaml:1:7; ids must be unique across facts, actors, glossary, "
                        "timeline and sources"]


def test_the_base_url_option_overrides_site_yaml_and_must_be_an_address(tmp_path):
    site = SITE + "base_url: https://example.org/a\n"
    assert check(tmp_path, site_yaml=site)[0].site.base_url == "https://example.org/a/"
    assert check(tmp_path, "https://me.github.io/repo", site_yaml=site)[0].site.base_url == (
        "https://me.github.io/repo/")
    content, problems = check(tmp_path, "ftp://example.org/", site_yaml=site)
    assert content.site.base_url is None  # the rest goes on to the later stages, which are not written
    assert problems == ["--base-url: error: 'ftp://example.org/' is not an http(s) address such as "
                        "https://me.github.io/repo/"]


# -- one reader per field kind -------------------------------------------------------
@pytest.mark.parametrize("field,written,value", [
    (schema.TEXT, "'  Kim  '", "Kim"),
    (schema.URL, "https://example.org/a b", None),
    (schema.URL, "https://example.org/a", "https://example.org/a"),
    (schema.DATE, "2024-06", PartialDate(2024, 6)),
    (schema.NUMBER, "4.8", 4.8),
    (schema.BOOL, "true", True),
    (schema.NAMES, "[Kim, ' Kim Jong Un ']", ("Kim", "Kim Jong Un")),
    (schema.NAMES, "Kim", ("Kim",)),
    (schema.choice(("a", "b")), "b", "b"),
])
def test_each_kind_reads_its_values(field, written, value):
    values, _, _ = read({"x": field}, f"x: {written}\n")
    assert values.get("x") == value


@pytest.mark.parametrize("field,written,message", [
    (schema.TEXT, "[a]", "'x' must be text, not a list"),
    (schema.TEXT, "' '", "'x' must not be empty"),
    (schema.URL, "javascript:alert(1)", "'x' must be a web address starting with https:// or http://, "
                                        "not 'javascript:alert(1)'"),
    (schema.NUMBER, "'12'", "'x' must be a number, not text (write it without quotes)"),
    (schema.BOOL, "yes please", "'x' must be true or false, not text"),
    (schema.DATE, "June 2024", "'x': 'June 2024' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
    (schema.ref("actor"), "[a, b]", "'x' takes one id, not a list"),
    (schema.refs(), "{a: b}", "'x' takes text or a list of text, not a mapping"),
])
def test_each_kind_says_what_is_wrong_where_the_value_stands(field, written, message):
    values, ok, problems = read({"x": schema.required(field)}, f"x: {written}\n")
    assert (values, ok) == ({}, False)
    assert problems == [f"content/x.yaml:1:4: error: {message}"]


def test_a_bad_item_of_a_list_is_reported_and_the_others_are_kept():
    values, ok, problems = read({"related": schema.refs()}, "related:\n  - putin\n  - Kim Jong Un\n  - 3\n")
    assert ok and [ref.id for ref in values["related"]] == ["putin"]
    assert sorted(problems) == [
        "content/x.yaml:3:5: error: 'Kim Jong Un' is not a valid id: use lowercase ASCII letters, "
        "digits and single hyphens, e.g. 'kim-jong-un'",
        "content/x.yaml:4:5: error: each item of 'related' must be text, not a number",
    ]


def test_markdown_and_quotes_remember_where_they_stand():
    values, _, _ = read({"body": schema.MARKDOWN, "quote": schema.QUOTE},
                        "body: >\n  See [[putin]].\nquote: '  nearly   5 million '\n")
    assert values["body"].text == "See [[putin]].\n"
    assert values["body"].locate("[[putin]]") == model.Origin("content/x.yaml", 2, 7)
    assert values["quote"] == model.Quote("nearly 5 million", model.Origin("content/x.yaml", 3, 8))


@dataclasses.dataclass(frozen=True)
class Point:
    as_of: PartialDate
    value: float
    origin: model.Origin


def test_an_optional_field_of_a_known_kind_is_one_line_in_a_table():
    fields = {**schema.SOURCE, "archive": schema.URL,
              "series": schema.records({"as_of": schema.required(schema.DATE),
                                        "value": schema.required(schema.NUMBER)}, Point)}
    values, ok, problems = read(fields, (
        "id: s\ntitle: T\narchive: https://web.archive.org/x\n"
        "series:\n  - {as_of: 2024-06, value: 3}\n  - {as_of: June, value: 4}\n  - 5\n"))
    assert ok and values["archive"] == "https://web.archive.org/x"
    assert values["series"] == (Point(PartialDate(2024, 6), 3, model.Origin("content/x.yaml", 5, 5)),)
    assert problems == [
        "content/x.yaml:6:13: error: 'as_of': 'June' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
        "content/x.yaml:7:5: error: each item of 'series' must be a mapping of fields, not a number",
    ]


def test_every_field_of_a_table_is_a_field_of_its_model_class():
    for entry_type, fields in schema.ENTRY_FIELDS.items():
        names = {f.name for f in dataclasses.fields(entry_type)}
        assert set(fields) <= names, entry_type.__name__
    assert set(schema.ENTRY_FIELDS) == set(model.DATA_FILES.values())


def test_warnings_and_errors_have_their_own_methods():
    validator = Validator(Path("."), [])
    validator.warn(model.Origin("content/a.yaml", 2, 3), "worth a look")
    validator.error(model.Origin("content/a.yaml", 4, 1), "wrong")
    assert [d.format() for d in validator.diagnostics] == [
        "content/a.yaml:2:3: warning: worth a look", "content/a.yaml:4:1: error: wrong"]
