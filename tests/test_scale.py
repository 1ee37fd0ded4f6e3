"""Issue 10: the builder's work grows linearly with the site.

Not timed (the machine is shared and noisy): the test counts operations,
every line of Python the build executes (ours, markdown-it's, jinja2's) and
every call of a built-in function, for a site and for the same kind of site
four times as large. Linear work gives about 4x; one step that compares
everything with everything gives 16x, and fails.

The sites are made of the inputs that used to be quadratic: many articles
mentioning many entries (backlinks scanned per article), paragraphs that all
start with the same words (block-id collisions), quotes to find in many
blocks, and, in the broken site, thousands of unknown ids with typos against
thousands of ids (did-you-mean) and the same unknown [[id]] many times in
one text.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import jinja2

from builder import yaml_loader
from builder.build import build_site
from builder.markdown.entry_texts import parse_text

GROWTH = 4
LIMIT = GROWTH * 1.2
"""Allowed growth of the operation count when the site grows GROWTH times."""


LIBRARIES = str(Path(jinja2.__file__).parents[1])
"""site-packages: markdown-it, jinja2 and PyYAML do linear work per page. The
loops that grew with the square of the site were ours, or difflib's."""


class Counter:
    """Counts the lines that run (sys.settrace) and the built-in functions
    called (sys.setprofile), outside LIBRARIES."""

    def __init__(self) -> None:
        self.count = 0

    def _line(self, frame, event, arg):
        self.count += 1
        return self._line

    def _call(self, frame, event, arg):
        return None if frame.f_code.co_filename.startswith(LIBRARIES) else self._line

    def _profile(self, frame, event, arg):
        if event == "c_call" and not frame.f_code.co_filename.startswith(LIBRARIES):
            self.count += 1

    def __enter__(self) -> Counter:
        sys.settrace(self._call)
        sys.setprofile(self._profile)
        return self

    def __exit__(self, *exc) -> None:
        sys.settrace(None)
        sys.setprofile(None)


def write_site(root: Path, scale: int, broken: bool = False) -> Path:
    content = root / "content"
    (content / "articles").mkdir(parents=True)
    (content / "site.yaml").write_text("title: Scale\n")
    actors = [f"- id: actor-{i}\n  name: Person{i} Example\n  kind: person\n"
              f"  summary: Knows [[actor-{(i + 1) % (20 * scale)}]].\n" for i in range(20 * scale)]
    terms = [f"- id: term-{i}\n  term: term{i} word\n  definition: Means [[actor-{i}]].\n"
             for i in range(20 * scale)]
    facts = [f"- id: fact-{i}\n  title: Fact {i}\n  quote: quoted words number {i}\n"
             for i in range(5 * scale)]
    if broken:
        # Typos of existing ids in reference fields, each different.
        facts += [f"- id: typo-{i}\n  title: Typo {i}\n  related: [actor-{i}x]\n" for i in range(20 * scale)]
    (content / "actors.yaml").write_text("".join(actors))
    (content / "glossary.yaml").write_text("".join(terms))
    (content / "facts.yaml").write_text("".join(facts))
    for n in range(20 * scale):
        # Thirty mentions each: every entry is mentioned in many articles.
        names = [f"Person{(n + i) % (20 * scale)} Example, term{(n * 3 + i) % (20 * scale)} word"
                 for i in range(15)]
        (content / "articles" / f"a{n:04d}.md").write_text(
            f"---\ntitle: Article {n}\n---\nOn {', '.join(names)}.\n")
    # One long article: every paragraph starts with the same six words (block
    # ids collide), and the quotes stand at its end (every block is searched).
    paragraphs = [f"The same six words start here, then paragraph {p}." for p in range(100 * scale)]
    paragraphs += [f"Then quoted words number {i}." for i in range(5 * scale)]
    if broken:
        paragraphs.append(" ".join(["[[nope]]"] * 20 * scale))
    (content / "articles" / "long.md").write_text(
        "---\ntitle: Long\n---\n" + "\n\n".join(paragraphs) + "\n")
    return root


def operations(tmp_path: Path, scale: int, broken: bool = False) -> int:
    root = write_site(tmp_path / f"site-{scale}-{broken}", scale, broken)
    # Both sizes start from cold caches of texts (the small site's texts are
    # in the large one); the template environment stays warm for both.
    parse_text.cache_clear()
    yaml_loader._parse_yaml_cached.cache_clear()
    with Counter() as counter:
        result = build_site(root, out=root / "site", base_url="https://example.org/", jobs=1, index=False)
    assert result.ok != broken, [d.format() for d in result.diagnostics][:5]
    return counter.count


def test_a_site_four_times_as_large_takes_about_four_times_the_work(tmp_path):
    build_site(write_site(tmp_path / "warm", 1), out=tmp_path / "warm" / "site", jobs=1, index=False)
    small, large = operations(tmp_path, 1), operations(tmp_path, GROWTH)
    assert large / small <= LIMIT, f"{small} -> {large} operations: {large / small:.1f}x"


def test_a_broken_site_four_times_as_large_takes_about_four_times_the_work(tmp_path):
    build_site(write_site(tmp_path / "warm", 1, broken=True), out=tmp_path / "warm" / "site", jobs=1, index=False)
    small, large = operations(tmp_path, 1, True), operations(tmp_path, GROWTH, True)
    assert large / small <= LIMIT, f"{small} -> {large} operations: {large / small:.1f}x"


def test_the_stage_benchmark_accounts_for_every_stage_of_a_build(tmp_path):
    """bench/stages.py wraps the builder's functions by name: a renamed one fails here."""
    project = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, str(project / "bench" / "stages.py"), "4", "--no-index",
                          "--work", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    total = float(re.search(r"build ([\d.]+) s", run.stdout).group(1))
    rows = dict(re.findall(r"^(\S.*?)\s+([\d.]+)\s+[\d.]+%\s+[\d.]+$", run.stdout, re.M))
    for stage in ("markdown-it's parsing", "our Markdown rule: autolink", "article pages' template (Jinja)",
                  "write article pages", "gathering pages: actors, glossary, home, data.json", "validate"):
        assert stage in rows, f"{stage!r} not measured:\n{run.stdout}"
    # Each stage's own time, taken once: together they are the whole build.
    assert abs(sum(map(float, rows.values())) - total) <= 0.01 * len(rows), run.stdout
    assert (tmp_path / "out" / "index.html").is_file()
