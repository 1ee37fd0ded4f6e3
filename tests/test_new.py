"""`python -m builder new DIR --seed FILE`: a project that builds at once.

Fixture seeds under tests/fixtures/seeds: a news page with clutter (its
expected article is a golden file beside it), a BOM with CRLF and hard-wrapped
lines, empty and blank files, a binary file, a Latin-1 file; and the
Kim–Putin seed of this project, whose article must come out as the curated
one reads, word for word.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from builder.__main__ import main
from builder.build import build_site, check_site
from builder.markdown import make_markdown
from builder.new import DATA_FILES
from builder.seed import draft, escape

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
KIM_PUTIN = PROJECT / "seeds" / "000_421fdaf1a19a275d.txt"


def new(tmp_path: Path, seed: Path, *extra: str, name: str = "site") -> tuple[int, Path]:
    target = tmp_path / name
    return main(["new", str(target), "--seed", str(seed), *extra]), target


def blocks(markdown: str) -> list[tuple[str, str]]:
    """(kind, plain text) of every block, as the seed check reads them."""
    env = {"blocks": []}
    make_markdown().parse(markdown, env)
    return [(b.kind, b.text) for b in env["blocks"]]


def body_of(article: Path) -> str:
    return article.read_text(encoding="utf-8").split("\n---\n", 1)[1]


# -- a typical news page ---------------------------------------------------------

def test_a_news_page_becomes_a_project_that_builds(tmp_path, capsys):
    status, root = new(tmp_path, SEEDS / "news-with-clutter.txt")
    assert status == 0, capsys.readouterr().err

    article = root / "content/articles/springfield-council-approves-budget-after-12-hour-session.md"
    assert article.read_text(encoding="utf-8") == \
        (SEEDS / "news-with-clutter.expected.md").read_text(encoding="utf-8")
    assert (root / "seeds/news-with-clutter.txt").read_bytes() == \
        (SEEDS / "news-with-clutter.txt").read_bytes()
    assert not (root / "templates").exists()
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [
        ".gitignore", "README.md",
        "content/actors.yaml", article.relative_to(root).as_posix(), "content/facts.yaml",
        "content/glossary.yaml", "content/site.yaml", "content/sources.yaml",
        "content/timeline.yaml", "seeds/news-with-clutter.txt"]

    result = build_site(root, base_url="https://example.org/")
    assert result.ok, [d.format() for d in result.diagnostics]
    page = (root / "site/articles/springfield-council-approves-budget-after-12-hour-session/index.html")
    html = page.read_text(encoding="utf-8")
    assert "<h1>Springfield Council Approves Budget After 12-Hour Session</h1>" in html
    for clutter in ("Share on Facebook", "By Jane Q. Reporter", "Published Mar", "4 min read",
                    "AP Photo", "Advertisement", "World | Politics"):
        assert clutter not in html
    assert "&lt;b&gt;not HTML&lt;/b&gt;" in html and "[[not-a-link]]" in html


def test_new_reports_each_dropped_line_with_its_place(tmp_path, capsys):
    new(tmp_path, SEEDS / "news-with-clutter.txt")
    err = capsys.readouterr().err
    seed = SEEDS / "news-with-clutter.txt"
    for line, why in ((1, "share or page line"), (5, "breadcrumb"), (9, "byline or date stamp"),
                      (20, "picture text"), (23, "photo credit"), (37, "share or page line")):
        assert f"{seed}:{line}:1: note: dropped ({why})" in err
    assert "created" in err and "python -m builder serve" in err


def test_the_data_files_are_empty_lists_with_a_commented_example(tmp_path):
    status, root = new(tmp_path, SEEDS / "news-with-clutter.txt")
    assert status == 0
    site = yaml.safe_load((root / "content/site.yaml").read_text(encoding="utf-8"))
    assert site == {"title": "Springfield Council Approves Budget After 12-Hour Session",
                    "language": "en"}
    for rel in DATA_FILES:
        text = (root / rel).read_text(encoding="utf-8")
        assert yaml.safe_load(text) is None  # an empty file is an empty list
        uncommented = "\n".join(line[2:] for line in text.splitlines() if line.startswith("# ")
                                and line[2:].startswith(("- ", "  ")))
        example = yaml.safe_load(uncommented)
        assert isinstance(example, list) and len(example) == 1 and example[0]["id"], rel


def test_the_title_option_wins_over_the_headline(tmp_path):
    status, root = new(tmp_path, SEEDS / "bom-crlf.txt", "--title", "The port: a deal at last")
    assert status == 0
    article = root / "content/articles/the-port-a-deal-at-last.md"
    front = yaml.safe_load(article.read_text(encoding="utf-8").split("---")[1])
    assert front == {"title": "The port: a deal at last", "seed": "seeds/bom-crlf.txt"}
    assert "Harbour Deal Signed" not in body_of(article)


# -- encodings and odd files -----------------------------------------------------

def test_a_bom_and_crlf_seed_is_copied_as_is_and_read_as_text(tmp_path):
    status, root = new(tmp_path, SEEDS / "bom-crlf.txt")
    assert status == 0
    copied = (root / "seeds/bom-crlf.txt").read_bytes()
    assert copied == (SEEDS / "bom-crlf.txt").read_bytes()
    assert copied.startswith(b"\xef\xbb\xbf") and b"\r\n" in copied
    article = (root / "content/articles/harbour-deal-signed.md").read_bytes()
    assert b"\r" not in article and not article.startswith(b"\xef\xbb\xbf")
    # The hard-wrapped lines are one paragraph.
    assert blocks(body_of(root / "content/articles/harbour-deal-signed.md")) == [
        ("paragraph", "The harbour deal was signed on Tuesday after months of talks between the "
                      "city and the shipping company, which had asked for more berths and a longer "
                      "lease than the council first offered."),
        ("paragraph", "“It is a good day for the port,” said the mayor.")]
    assert check_site(root).ok


@pytest.mark.parametrize("name, message", [
    ("empty.txt", "empty.txt: error: the seed is empty"),
    ("blank.txt", "blank.txt: error: the seed is empty"),
    ("binary.png", "binary.png:3:1: error: this is a binary file"),
    ("latin1.txt", "latin1.txt:1:4: error: the seed is not UTF-8 (byte 0xe9)"),
])
def test_a_seed_that_is_no_text_is_refused_and_nothing_is_created(tmp_path, capsys, name, message):
    status, root = new(tmp_path, SEEDS / name)
    assert status == 1
    assert message in capsys.readouterr().err
    assert not root.exists()
    assert list(tmp_path.iterdir()) == []  # no staging folder left either


def test_a_folder_that_is_not_empty_is_refused_and_left_alone(tmp_path, capsys):
    target = tmp_path / "site"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    status, _ = new(tmp_path, SEEDS / "news-with-clutter.txt")
    assert status == 2
    assert "is not empty" in capsys.readouterr().err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_empty_folder_is_filled(tmp_path):
    (tmp_path / "site").mkdir()
    status, root = new(tmp_path, SEEDS / "bom-crlf.txt")
    assert status == 0 and (root / "content/site.yaml").is_file()


def test_a_missing_seed_is_a_usage_error(tmp_path, capsys):
    status, root = new(tmp_path, tmp_path / "nope.txt")
    assert status == 2 and "no such file" in capsys.readouterr().err
    assert not root.exists()


# -- the Kim–Putin seed ------------------------------------------------------------

def test_the_kim_putin_seed_gives_the_curated_article_word_for_word(tmp_path):
    status, root = new(tmp_path, KIM_PUTIN)
    assert status == 0
    article = root / "content/articles/what-to-make-of-the-kim-putin-meeting.md"
    front = yaml.safe_load(article.read_text(encoding="utf-8").split("---")[1])
    assert front == {"title": "What To Make of the Kim-Putin Meeting?",
                     "seed": "seeds/000_421fdaf1a19a275d.txt"}
    # The body passes the seed check with no edits ...
    result = check_site(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    # ... and holds exactly the paragraphs the editors kept by hand.
    curated = body_of(PROJECT / "content/articles/kim-putin-meeting.md")
    assert blocks(body_of(article)) == blocks(curated)


# -- Markdown escaping ----------------------------------------------------------------

def test_escaped_text_reads_back_as_the_same_words():
    specials = list("\\`*_[]<>#&~|!-+=.)(:;1234567890 ") + ["&amp;", "&#39;", "[[x]]", "<http://a>"]
    rng = random.Random(14)
    for _ in range(2000):
        text = "".join(rng.choice(specials + ["word", "Ünï", " "]) for _ in range(rng.randint(1, 12)))
        text = " ".join(text.split())
        if not text:
            continue
        assert blocks(escape(text)) == [("paragraph", text)], (text, escape(text))


def test_the_rules_on_lines():
    result = draft("Share\n\nA Headline Without A Stop\n\nFirst paragraph here.\n\n"
                   "A subheading\n\nSecond paragraph.\n\nBy Someone Else\n\nLast words.\n")
    assert result.headline == "A Headline Without A Stop"
    assert result.markdown == ("First paragraph here.\n\n## A subheading\n\nSecond paragraph."
                               "\n\nLast words.\n")
    assert [d.why for d in result.dropped] == ["share or page line", "byline or date stamp"]
    # A first line that is a sentence is no headline.
    assert draft("It rained all day.\n\nThe end.\n").headline == ""
