"""`python -m builder suggest`: what is worth curating, with places and stubs.

The fixture project tests/fixtures/suggest/site holds an article with known
names, acronyms, titles, claims and dates, and data that already curates
some of them; its exact output, in both formats, is kept in golden files
beside it. Regenerate them after a deliberate change with
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_suggest.py` and read the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from builder.__main__ import main
from builder.build import build_site, check_site
from builder.suggest import format_text, format_yaml, suggest

PROJECT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "suggest"
SITE = FIXTURE / "site"


def golden(name: str, actual: str) -> None:
    path = FIXTURE / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs; see the module docstring"


@pytest.mark.parametrize("output, name", [("text", "expected.txt"), ("yaml", "expected.yaml")])
def test_the_output_is_exactly_the_golden_file(output, name, capsys):
    assert main(["suggest", "--root", str(SITE), "--format", output]) == 0
    golden(name, capsys.readouterr().out)


def test_what_is_found_and_what_is_left_out():
    report = suggest(SITE)
    texts = {section: [s.text for s in items] for section, items in report.sections.items()}
    assert texts["names"] == ["Northern Shipping Company", "Tomas Berg", "Springfield",
                              "Springfield Taxpayers Association", "Ministry of Transport",
                              "Berg family", "EU shipping committee"]
    assert texts["terms"] == ["Harbour Accord", "managed growth", "quasi-monopoly"]
    assert [s.note for s in report.sections["claims"]] == [
        "figure: 40 new berths", "superlative: the largest investment",
        "figure: nearly 15%", "superlative: the biggest open question"]
    assert texts["dates"] == ["by 2030", "since 1998", "last November"]
    assert texts["unused"] == ["ghost-writer", "berth", "src-unused"]
    # Already curated: an actor and its alias, a term, a fact's quote, an event's date.
    entries = {word.casefold() for section in ("names", "terms") for s in report.sections[section]
               for word in s.text.split() + _aliases(s.stub)}
    assert not entries & {"jane", "doe", "dredging", "costs"}
    assert all("2.5 billion" not in s.text for s in report.sections["claims"])
    assert all("March" not in s.text for s in report.sections["dates"])
    # Headings and sentence-initial common words are no names.
    assert not entries & {"what", "deal", "means", "critics", "dredging"}


def test_kinds_and_aliases_come_from_cues_in_the_text():
    names = {s.text: s for s in suggest(SITE).sections["names"]}
    assert names["Tomas Berg"].note == 'person: "Minister Tomas Berg"'
    assert "aliases: [Berg]" in names["Tomas Berg"].stub
    assert "aliases: [NSC]" in names["Northern Shipping Company"].stub
    assert names["Northern Shipping Company"].count == 3  # name, (NSC), NSC
    assert names["Ministry of Transport"].note == 'organization: "Ministry"'
    assert names["Berg family"].note.startswith("group:")
    assert names["EU shipping committee"].note.startswith("organization:")


def test_every_place_points_at_the_words():
    report = suggest(SITE)
    for section in ("names", "terms", "dates"):
        for item in report.sections[section]:
            words = [item.text, *[a.strip() for a in _aliases(item.stub)]]
            for place in item.places:
                line = (SITE / place.path).read_text(encoding="utf-8").split("\n")[place.line - 1]
                at = line[place.column - 1:]
                assert any(at.startswith(w) or at.casefold().startswith(w.casefold()) for w in words), \
                    (place.format(), item.text, at[:30])
    for item in report.sections["claims"]:
        line = (SITE / item.places[0].path).read_text(encoding="utf-8").split("\n")[item.places[0].line - 1]
        assert line[item.places[0].column - 1:].startswith(item.text[:20])


def _aliases(stub: str) -> list[str]:
    entries = yaml.safe_load(stub) or [{}]
    return entries[0].get("aliases", [])


def test_pasted_stubs_build_and_are_then_no_longer_suggested(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    report = suggest(root)
    with open(root / "content/actors.yaml", "a", encoding="utf-8") as f:
        f.write("".join(s.stub for s in report.sections["names"]))
    with open(root / "content/facts.yaml", "a", encoding="utf-8") as f:
        f.write("".join(s.stub for s in report.sections["claims"]))
    result = build_site(root, out=tmp_path / "out", base_url="https://example.org/")
    assert result.ok, [d.format() for d in result.diagnostics]
    again = suggest(root)
    assert again.sections["names"] == [] and again.sections["claims"] == []
    # The facts now stand beside the words they quote.
    html = (tmp_path / "out/articles/harbour/index.html").read_text(encoding="utf-8")
    assert 'id="fact-40-new-berths"' in html


def test_a_term_stub_asks_for_its_definition(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    term = suggest(root).sections["terms"][0]
    with open(root / "content/glossary.yaml", "a", encoding="utf-8") as f:
        f.write(term.stub)
    messages = [d.format() for d in check_site(root).diagnostics]
    assert any("entry 'harbour-accord' is missing the required field 'definition'" in m
               for m in messages), messages


def test_content_with_errors_is_reported_not_analysed(tmp_path, capsys):
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    (root / "content/actors.yaml").write_text("- id: Bad Id\n  name: X\n  kind: person\n",
                                              encoding="utf-8")
    assert main(["suggest", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "content/actors.yaml:1:7: error:" in err and "fix the errors above first" in err


def test_text_output_is_yaml_that_can_be_pasted():
    report = suggest(SITE)
    entries = yaml.safe_load(format_text(report))
    assert [e["id"] for e in entries][:2] == ["northern-shipping-company", "tomas-berg"]
    data = yaml.safe_load(format_yaml(report))
    assert list(data) == ["names", "terms", "claims", "dates", "unused"]
    assert data["names"][0]["at"][0] == "content/articles/harbour.md:8:5"


# -- the Kim–Putin article ----------------------------------------------------------

@pytest.fixture(scope="module")
def fresh_kim_putin(tmp_path_factory) -> Path:
    """The Kim–Putin seed as `new` makes it: nothing curated yet."""
    root = tmp_path_factory.mktemp("kp") / "site"
    assert main(["new", str(root), "--seed", str(PROJECT / "seeds/000_421fdaf1a19a275d.txt")]) == 0
    return root


def test_on_the_kim_putin_article_the_main_players_are_found(fresh_kim_putin):
    report = suggest(fresh_kim_putin)
    names = {s.text: s for s in report.sections["names"]}
    terms = {s.text for s in report.sections["terms"]}
    for name, kind in (("Vladimir Putin", "person"), ("Kim Jong Un", "person"),
                       ("Victor Cha", "person"), ("Kim Il Sung", "person"),
                       ("Center for Strategic and International Studies", "organization"),
                       ("Russia", "country"), ("North Korea", "country"), ("China", "country"),
                       ("Kremlin", "organization"), ("Chicago Tribune", "organization")):
        assert names[name].stub.splitlines()[2].startswith(f"  kind: {kind}"), name
    assert {"Korean War", "Korean Peninsula", "Mongnangwan Reception House",
            "mutual military assistance"} <= terms
    for noise in ("June", "November", "DNA", "Speaking", "Self-reliance", "Others", "I"):
        assert noise not in names, noise
    claims = " ".join(s.note for s in report.sections["claims"])
    for figure in ("approximately 10,000 containers", "nearly 5 million artillery shells",
                   "hundreds of thousands", "the greatest threat"):
        assert figure in claims


def test_on_the_curated_project_nothing_curated_is_suggested():
    report = suggest(PROJECT)
    assert report.ok
    curated = set()
    for name in ("actors", "glossary"):
        for entry in yaml.safe_load((PROJECT / f"content/{name}.yaml").read_text(encoding="utf-8")):
            curated |= {entry.get("name") or entry.get("term"), *entry.get("aliases", [])}
    suggested = {s.text for section in ("names", "terms") for s in report.sections[section]}
    assert not suggested & curated
    # Every claim the fact boxes quote is checked, so it is not listed again.
    assert "the greatest threat" not in " ".join(s.note for s in report.sections["claims"])
