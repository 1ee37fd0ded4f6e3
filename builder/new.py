"""`python -m builder new DIR --seed FILE`: a project that builds at once.

    DIR/
      README.md                 the two commands, and what to do next
      .gitignore                site/
      seeds/<FILE's name>       the seed, byte for byte
      content/site.yaml
      content/articles/<slug>.md   front matter + the seed's paragraphs (builder/seed.py)
      content/{facts,actors,glossary,timeline,sources}.yaml
                                empty lists, each with a commented example entry

No templates/: the builder's default ones are used until the project adds
its own. The project is written beside DIR and moved into place whole, so a
failure leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from builder import model
from builder import seed as seeds
from builder.build import check_site
from builder.diagnostics import count_errors

SLUG_WORDS = 8


class NewError(Exception):
    """`new` cannot go on; `usage` marks a problem with the command line, not the seed."""

    def __init__(self, message: str, usage: bool = False):
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True, slots=True)
class Created:
    root: Path
    article: str
    """Path of the article, relative to the root."""
    title: str
    draft: seeds.Draft


def new_project(target: Path, seed_file: Path, title: str | None = None) -> Created:
    """Make the project in `target`, which must not exist or be empty."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise NewError(f"{target} exists and is not a folder", usage=True)
    if target.is_dir() and any(target.iterdir()):
        raise NewError(f"{target} is not empty: new writes only into a new or empty folder, "
                       "so that it never overwrites anything", usage=True)
    seed_file = Path(seed_file)
    if not seed_file.is_file():
        raise NewError(f"{seed_file}: no such file (--seed names the article's text file)", usage=True)
    if seed_file.stat().st_size > seeds.MAX_SEED_BYTES:
        raise seeds.SeedError(f"the seed is {seed_file.stat().st_size:,} bytes; an article is far "
                              f"smaller (at most {seeds.MAX_SEED_BYTES:,})")
    data = seed_file.read_bytes()
    draft = seeds.draft(seeds.decode(data))   # SeedError says why a seed is refused
    if title is not None and not title.strip():
        raise NewError("--title is empty", usage=True)
    title = " ".join((title or draft.headline or _title_from_name(seed_file)).split())

    slug = slugify(title)
    seed_rel = f"seeds/{seed_file.name}"
    files: dict[str, bytes | str] = {
        seed_rel: data,
        "README.md": _readme(title, seed_rel, slug),
        ".gitignore": "site/\n",
        "content/site.yaml": _site_yaml(title),
        f"content/articles/{slug}.md": _article(title, seed_rel, draft.markdown),
        **DATA_FILES,
    }
    _write_whole(target, files)
    return Created(target, f"content/articles/{slug}.md", title, draft)


def slugify(text: str) -> str:
    """An id-syntax slug of the first words: 'What To Make of It?' -> 'what-to-make-of-it'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)[:SLUG_WORDS]
    return "-".join(words) or "article"


def _title_from_name(path: Path) -> str:
    return " ".join(re.split(r"[-_\s]+", path.stem)).strip().capitalize() or "Article"


def _write_whole(target: Path, files: dict[str, bytes | str]) -> None:
    """Write every file into a staging folder beside `target`, then rename it into place."""
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".{target.name}.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for rel, body in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
        if target.is_dir():
            target.rmdir()  # empty (checked above); rename cannot replace it portably
        staging.rename(target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise NewError(f"cannot create {target}: {error.strerror or error}") from error


def yaml_scalar(value: str) -> str:
    """A YAML scalar that reads back as `value`, quoted only when it must be."""
    return yaml.safe_dump(value, allow_unicode=True, width=10_000, default_style=None) \
        .removesuffix("\n...\n").rstrip("\n")


def _article(title: str, seed_rel: str, body: str) -> str:
    return f"""---
title: {yaml_scalar(title)}
seed: {yaml_scalar(seed_rel)}
# published: YYYY-MM-DD      the day the original appeared (YYYY or YYYY-MM when less is known)
# author: the writer's name, or the id of their entry in actors.yaml
# publisher: the outlet that published it
# url: the original's address
# summary: one or two sentences shown on the home page
---

{body}"""


def _site_yaml(title: str) -> str:
    return f"""# The site's settings.
title: {yaml_scalar(title)}
# description: One sentence for search engines and link previews.
language: en
# base_url: https://USER.github.io/REPO/   the public address; `build --base-url` overrides it
# checked: YYYY-MM-DD   when the facts were last checked ("Facts checked as of ...")
"""


def _readme(title: str, seed_rel: str, slug: str) -> str:
    return f"""# {title}

An explainer site for the article in `{seed_rel}`, made with the explainer
builder (`pip install` it, then `explainer` and `python -m builder` both run it).

```sh
python -m builder serve   # preview at http://127.0.0.1:8000/, rebuilt and reloaded on every save
python -m builder build   # write the site into site/
```

To publish, build with the site's public address, e.g.
`python -m builder build --base-url https://USER.github.io/REPO/`.

## What to do next

1. Read `content/articles/{slug}.md` beside the seed: `new` kept the seed's
   paragraphs and dropped its clutter (share lines, photo credits, bylines).
   Fill in `published`, `author` and the other fields in its front matter.
   Every paragraph must keep the seed's words: the build checks it.
2. `python -m builder suggest` lists what is worth curating: names, terms,
   figures and claims to check, dates, each with its place in the article and
   a YAML entry to paste into `content/`. `serve` shows the same list at
   http://127.0.0.1:8000/_curation/.
3. Add people, countries and organisations to `content/actors.yaml`, terms to
   `glossary.yaml`, fact boxes to `facts.yaml`, events to `timeline.yaml` and
   what they cite to `sources.yaml`. Each file starts with a commented example.

## Layout

```
content/     site.yaml, articles/*.md and the five YAML data files
seeds/       the original article, kept byte for byte
templates/   optional: a file here replaces the builder's default template or
             static file of the same path (e.g. templates/static/explainer.js)
site/        the built site (not committed)
```
"""


EXAMPLES = {
    "facts": """\
# Fact boxes: each checks a claim of an article and stands beside the words it
# quotes. `python -m builder suggest` lists sentences with figures and
# superlatives that no fact box checks yet. A commented example:
#
# - id: fact-example-budget
#   title: The city's budget
#   kind: figure                 # figure (a number) or context
#   value: 1200000
#   qualifier: about             # about, nearly, at least, up to, more than, fewer than
#   unit: dollars
#   claimed_by: jane-doe         # the id of an actor
#   status: reported             # confirmed, reported, unconfirmed or disputed
#   as_of: 2024-01               # YYYY, YYYY-MM or YYYY-MM-DD
#   quote: about $1.2 million    # words of an article: the box stands beside them
#   sources: [src-example-report]
""",
    "actors": """\
# People, countries, organisations and groups. Every mention of a name or
# alias in an article links to the actor's page. A commented example:
#
# - id: jane-doe                 # lowercase letters, digits, hyphens; unique across all files
#   name: Jane Doe
#   kind: person                 # person, country, organization or group
#   aliases: [Doe, the mayor]
#   role: Mayor of Springfield
#   role_as_of: 2024-06           # when the role was last known to be true
#   summary: Elected in 2020; see [[src-example-report]].   # [[id]] links to any entry
""",
    "glossary": """\
# Terms, A to Z. Every mention of a term or alias in an article links to it
# (case-insensitively unless case_sensitive: true). A commented example:
#
# - id: municipal-bond
#   term: municipal bond
#   aliases: [municipal bonds, munis]
#   definition: A loan to a city, repaid from its taxes.
#   see_also: [jane-doe]
""",
    "timeline": """\
# Dated events, shown in date order. A commented example:
#
# - id: ev-example-vote
#   date: 2024-03-05             # YYYY, YYYY-MM or YYYY-MM-DD
#   title: The council votes on the budget
#   actors: [jane-doe]
#   quote: the vote in March     # optional: words of an article this event explains
#   sources: [src-example-report]
""",
    "sources": """\
# Sources that fact boxes, events and entries cite. A commented example:
#
# - id: src-example-report
#   title: Springfield budget report 2024
#   publisher: City of Springfield
#   kind: official               # official, agency, news, analysis, reference or state-media
#   url: https://example.org/budget-2024
#   date: 2024-02
#   accessed: 2024-06-01
""",
}
"""By data file (model.DATA_FILES): what it holds, and a commented example entry."""
DATA_FILES = {f"content/{stem}.yaml": EXAMPLES[stem] for stem in model.DATA_FILES}
"""Path -> text of each data file of a new project: an empty list, with comments."""


def run(target: Path, seed_file: Path, title: str | None) -> int:
    """The command: make the project, check that it builds, say what was done."""
    try:
        created = new_project(target, seed_file, title)
    except NewError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2 if error.usage else 1
    except seeds.SeedError as error:
        where = f"{seed_file}:{error.line}:{error.column}" if error.line else str(seed_file)
        print(f"{where}: error: {error}", file=sys.stderr)
        return 1
    draft = created.draft
    for dropped in draft.dropped:
        print(f"{seed_file}:{dropped.line}:1: note: dropped ({dropped.why}): {dropped.text}",
              file=sys.stderr)
    result = check_site(created.root)
    for diagnostic in result.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    if not result.ok:
        print(f"created {created.root}, but it does not build: {count_errors(result.diagnostics)} "
              "error(s); this is a bug in `new`, please report it", file=sys.stderr)
        return 1
    headline = "" if draft.headline else " (no headline found in the seed: set it with --title)"
    print(f"created {created.root}: {created.article}, \"{created.title}\"{headline}, "
          f"{draft.paragraphs} paragraphs ({len(draft.dropped)} lines of clutter dropped)\n"
          f"next:\n  cd {created.root}\n  python -m builder serve", file=sys.stderr)
    return 0
