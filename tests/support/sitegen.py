"""Valid explainer sites as Hypothesis strategies, and mutations that damage them.

A generated site uses every content kind with valid cross references; the
mutations then put values of every YAML type and edge into any field
(nothing, booleans, every kind of number, dates real and impossible, binary,
sets, tags, anchors and merge keys, empty, huge and nested values, control
and bidirectional characters), damage Markdown, bytes and files. Shared by
tests/test_fuzz_sites.py (a bounded profile in CI) and scripts/fuzz_sites.py.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

# -- YAML values, written as the text that follows "key: " -------------------------

EDGE_VALUES = [
    # nothing and booleans, in every YAML 1.1 spelling
    "", "~", "null", "Null", "true", "false", "yes", "no", "on", "off", "y", "n",
    # numbers of every kind
    "0", "-0", "007", "0x1F", "0o17", "0b101", "1_000", "1e400", "-1e400", ".inf", "-.inf", ".nan",
    "3.14", "-2.5e-10", "123456789012345678901234567890", "1:30", "+12",
    # dates real and impossible, times, and dates as text
    "2024", "2024-06", "2024-06-19", "2024-02-30", "2024-13-01", "0000-01-01", "9999-12-31",
    "2001-12-14t21:59:43.10-05:00", "2024-06-19 10:00:00", '"2024-06-19"', "June 2024",
    # tags: data types, refused object tags, unknown tags
    "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1, b: 2]", "!!pairs [a: 1]", "!!str 5",
    '!!int "3"', "!!float abc", "!!timestamp nope", "!!bool maybe", "!!seq {a: 1}", "!!map [a]",
    "!!set [a]", "!!null x", "!!python/object:os.system ls",
    '!!python/object/apply:os.system ["true"]', "!custom thing", "!<tag:example.org,2024:x> y",
    # containers: empty, nested, deep, flow and odd keys
    "[]", "{}", "[[]]", "[{}]", "{a: [b, {c: d}]}", "[" * 60 + "]" * 60, "[" * 150 + "]" * 150,
    "{? [a, b] : c}", "[a, [b, [c]]]", "{id: x}", "[putin, putin]",
    # strings: quoted, escaped, special
    '""', "''", '"   "', '"\\e[31mred\\e[0m"', '"\\0\\a\\b"', '"line\\nbreak"', '"\\u202etxet"',
    '"\\x85\\u2028\\u2029"', '"\\ud800"', '"\\U0001F600"', '"tab\\there"', "'it''s'",
    "<script>alert(1)</script>", '"{{ 7 * 7 }}"', '"{% raw %}"', "../../etc/passwd", "/etc/passwd",
    "C:\\Windows", "a/b/../../../c", "\ue000root\ue000/", "[[putin]]", "[[nobody]]", "[[a|b]]",
    '"[[unclosed"', "javascript:alert(1)", "data:text/html,x", "http://", "https://example.org/ok",
    "mailto:a@b", "caf\u00e9", "e\u0301", "\u05e9\u05dc\u05d5\u05dd", "\U0001F600", "\u200b",
    # anchors, aliases and merge keys
    "&anchor value", "*anchor", "*undefined", "&a [*a]", "<<: *x",
    # block scalars (continued on the next lines)
    "|\n  block text\n  on two lines", ">-\n  folded\n  text", "|-\n", "|\n",
]

HUGE_VALUES = ["x" * 100_000, '"' + "\\e" * 5000 + '"', "[" + ", ".join(["a"] * 20_000) + "]",
               "word " * 30_000]

MARKDOWN_EDGES = [
    "> " * 30 + "deep quote", "> " * 120 + "deeper quote",
    "".join("  " * i + f"- item {i}\n" for i in range(30)),
    "[[", "]]", "[[putin", "[[nobody]]", "[[|]]", "[[ putin | words ]]", "`[[putin]]`",
    "    [[in-code]]", "```\nunclosed fence", "<script>alert(1)</script>", "<!-- comment",
    "\ue000root\ue000/ and more", "*" * 500 + "x", "[" * 500, "| a | b |\n|---|---|\n| c |",
    "\x1b[2J\x07", "\u202e reversed", "# " * 20 + "heading", "a\\", "&#0; &#x110000; &amp",
    "[link](javascript:alert(1))", "![image](http://example.org/x.png)", "<http://example.org>",
    "word " * 20_000,
]

FILE_EDGES = [
    b"", b"\n", b"---\n", b"- \n", b"a: b", b"just text", b"[1, 2, 3]", b"- - - -",
    b"\xff\xfe\x00\x00", b"\xef\xbb\xbf- id: x\n", b"\x00\x01\x02", b"%YAML 1.1\n---\n- id: a\n",
    b"- id: a\n---\n- id: b\n", b"a: &x [*x]\n", b"- &e {id: a}\n- *e\n",
    b"- <<: {id: m1, name: M, kind: person}\n  id: m2\n", b"\t- id: x\n", b"? a\n: b\n",
    "- id: ok\n  title: \u00fcmlaut\n".encode("utf-16"), b"- {id: a, id: b}\n",
]


TEXT_FIELDS = {"title", "role", "summary", "definition", "body", "description", "unit", "display",
               "publisher", "author"}


@dataclass
class Entry:
    pairs: list[tuple[str, str]]
    """(key, YAML value text) in file order."""


@dataclass
class Site:
    """A site as text parts, easy to damage and then write out."""

    site: list[tuple[str, str]]
    data: dict[str, list[Entry]]
    """facts, actors, glossary, timeline, sources."""
    articles: dict[str, tuple[list[tuple[str, str]], str]]
    """file name -> (front matter pairs, Markdown body)."""
    raw: dict[str, bytes] = field(default_factory=dict)
    """Files replaced by raw bytes, by path under content/."""
    folders: set[str] = field(default_factory=set)
    """Paths under content/ that are made folders instead of files."""
    removed: set[str] = field(default_factory=set)

    def texts(self) -> dict[str, bytes]:
        files = {"site.yaml": _pairs_text(self.site).encode()}
        for stem, entries in self.data.items():
            files[f"{stem}.yaml"] = "".join(_entry_text(e) for e in entries).encode()
        for name, (front, body) in self.articles.items():
            files[f"articles/{name}"] = f"---\n{_pairs_text(front)}---\n{body}\n".encode()
        files.update(self.raw)
        return {path: data for path, data in files.items() if path not in self.removed}

    def write(self, root: Path) -> None:
        content = root / "content"
        (content / "articles").mkdir(parents=True)
        for path, data in self.texts().items():
            target = content / path
            if path in self.folders:
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        seeds = root / "seeds"
        seeds.mkdir()
        (seeds / "seed.txt").write_text(SEED_TEXT, encoding="utf-8")


def _value(text: str, indent: str) -> str:
    lines = text.split("\n")
    return lines[0] + "".join(f"\n{indent}  {line}" for line in lines[1:])


def _pairs_text(pairs: list[tuple[str, str]], first: str = "", indent: str = "") -> str:
    out = []
    for n, (key, value) in enumerate(pairs):
        lead = first if n == 0 else indent
        out.append(f"{lead}{key}: {_value(value, indent)}\n" if value != "" else f"{lead}{key}:\n")
    return "".join(out)


def _entry_text(entry: Entry) -> str:
    return _pairs_text(entry.pairs, "- ", "  ") if entry.pairs else "- {}\n"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


SEED_TEXT = ("Clutter first.\n\nNamezero Person met Nameone Person in the capital. "
             "The termword zero was discussed, and quote zero words were said.\n")


# -- valid sites ------------------------------------------------------------------

WORDS = ["zero", "one", "two", "three"]


@st.composite
def valid_sites(draw) -> Site:
    actors = draw(st.integers(1, 3))
    sources = draw(st.integers(1, 3))
    terms = draw(st.integers(0, 3))
    facts = draw(st.integers(0, 3))
    events = draw(st.integers(0, 3))
    actor_ids = [f"actor-{w}" for w in WORDS[:actors]]
    source_ids = [f"src-{w}" for w in WORDS[:sources]]
    term_ids = [f"term-{w}" for w in WORDS[:terms]]
    every_id = actor_ids + source_ids + term_ids
    date = st.sampled_from(["2024", "2024-06", "2024-06-19", "1950-06-25", '"2023-11"'])

    def refs(pool):
        chosen = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True))
        return "[" + ", ".join(chosen) + "]"

    data: dict[str, list[Entry]] = {"actors": [], "sources": [], "glossary": [],
                                    "facts": [], "timeline": []}
    for n, word in enumerate(WORDS[:sources]):
        pairs = [("id", source_ids[n]), ("title", f"Source {word}")]
        if draw(st.booleans()):
            pairs += [("url", f"https://example.org/{word}"), ("date", draw(date))]
        data["sources"].append(Entry(pairs))
    for n, word in enumerate(WORDS[:actors]):
        pairs = [("id", actor_ids[n]), ("name", f"Name{word} Person"),
                 ("kind", draw(st.sampled_from(["person", "country", "organization", "group"])))]
        if draw(st.booleans()):
            pairs += [("aliases", f"[Alias{word}]"), ("role", f"Role {word}")]
        if draw(st.booleans()):
            pairs += [("summary", quoted(f"Knows [[{draw(st.sampled_from(every_id))}]].")),
                      ("sources", refs(source_ids))]
        data["actors"].append(Entry(pairs))
    for n, word in enumerate(WORDS[:terms]):
        pairs = [("id", term_ids[n]), ("term", f"termword {word}"),
                 ("definition", quoted(f"Means {word}; see [[{actor_ids[0]}]]."))]
        if draw(st.booleans()):
            pairs += [("case_sensitive", "false"), ("see_also", refs(every_id))]
        data["glossary"].append(Entry(pairs))
    for n, word in enumerate(WORDS[:facts]):
        figure = draw(st.booleans())
        pairs = [("id", f"fact-{word}"), ("title", f"Fact {word}"),
                 ("kind", "figure" if figure else "context"),
                 ("status", draw(st.sampled_from(["confirmed", "reported", "unconfirmed", "disputed"]))),
                 ("sources", refs(source_ids))]
        if figure:
            pairs += [("value", str(draw(st.integers(-10**12, 10**12)))),
                      ("qualifier", "up to"), ("unit", "shells")]
        if draw(st.booleans()):
            pairs += [("claimed_by", actor_ids[0]), ("as_of", draw(date))]
        if n == 0 and draw(st.booleans()):
            pairs.append(("quote", quoted("quote zero words")))
        data["facts"].append(Entry(pairs))
    for n, word in enumerate(WORDS[:events]):
        pairs = [("id", f"event-{word}"), ("date", "2024-06-19"), ("title", f"Event {word}"),
                 ("actors", refs(actor_ids))]
        if draw(st.booleans()):
            pairs += [("end", "2024-07"), ("body", quoted(f"Then [[{actor_ids[0]}]] left."))]
        data["timeline"].append(Entry(pairs))

    body = "Namezero Person met Nameone Person in the capital. The termword zero was discussed, " \
           "and quote zero words were said."
    articles = {}
    for n in range(draw(st.integers(1, 2))):
        front = [("title", f"Article {n}"), ("author", actor_ids[0]), ("published", "2024-06-19"),
                 ("summary", quoted(f"About [[{actor_ids[0]}]]."))]
        if n == 0 and draw(st.booleans()):
            front.append(("seed", "seeds/seed.txt"))
        articles[f"article-{n}.md"] = (front, body)
    return Site([("title", "Fuzz site"), ("description", "Generated."), ("language", "en")],
                data, articles)


# -- mutations ------------------------------------------------------------------

def yaml_values() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(EDGE_VALUES),
        st.sampled_from(HUGE_VALUES),
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr).map(
            lambda r: {"inf": ".inf", "-inf": "-.inf", "nan": ".nan"}.get(r, r)),
        st.text(max_size=40).map(quoted),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
    )


@st.composite
def mutations(draw, site: Site) -> list[str]:
    """Damage `site` in place, one to three times; return what was done, for the report."""
    done = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["value", "value", "value", "text", "text", "drop", "unknown",
                                     "markdown", "file", "bytes", "duplicate", "article-file", "site"]))
        done.append(_mutate(draw, site, kind))
    return done


def _mutate(draw, site: Site, kind: str) -> str:
    records = [(stem, e) for stem, entries in site.data.items() for e in entries]
    records += [(f"articles/{name}", Entry(front)) for name, (front, _) in site.articles.items()]
    if kind in ("value", "drop", "unknown") and records:
        where, entry = draw(st.sampled_from(records))
        if kind == "unknown" or not entry.pairs:
            entry.pairs.append((draw(st.sampled_from(["extra", "ID", "id", "title", "<<"])),
                                draw(yaml_values())))
            return f"{where}: field added"
        index = draw(st.integers(0, len(entry.pairs) - 1))
        key = entry.pairs[index][0]
        if kind == "drop":
            del entry.pairs[index]
            return f"{where}: {key} dropped"
        value = draw(yaml_values())
        entry.pairs[index] = (key, value)
        return f"{where}: {key} = {value[:60]!r}"
    if kind == "text":
        # Any text where text is allowed: the build should succeed, whatever the characters.
        fields = [(where, entry, n) for where, entry in records for n, (key, _) in enumerate(entry.pairs)
                  if key in TEXT_FIELDS]
        if not fields:
            return "nothing"
        where, entry, index = draw(st.sampled_from(fields))
        text = draw(st.text(min_size=1, max_size=60).filter(str.strip))
        entry.pairs[index] = (entry.pairs[index][0], quoted(text))
        return f"{where}: {entry.pairs[index][0]} = {text!r}"
    if kind == "site":
        index = draw(st.integers(0, len(site.site) - 1))
        site.site[index] = (site.site[index][0], draw(yaml_values()))
        return f"site.yaml: {site.site[index][0]} = {site.site[index][1][:60]!r}"
    if kind == "markdown":
        name = draw(st.sampled_from(sorted(site.articles)))
        front, body = site.articles[name]
        edge = draw(st.sampled_from(MARKDOWN_EDGES))
        position = draw(st.integers(0, len(body)))
        site.articles[name] = (front, body[:position] + "\n\n" + edge + "\n\n" + body[position:])
        return f"articles/{name}: markdown {edge[:40]!r}"
    texts = site.texts()
    if kind == "file":
        path = draw(st.sampled_from(sorted(texts)))
        choice = draw(st.sampled_from(["edge", "remove", "folder"]))
        if choice == "edge":
            site.raw[path] = draw(st.sampled_from(FILE_EDGES))
        elif choice == "remove":
            site.removed.add(path)
        else:
            site.folders.add(path)
        return f"{path}: {choice}"
    if kind == "bytes":
        path = draw(st.sampled_from(sorted(texts)))
        data = bytearray(texts[path])
        position = draw(st.integers(0, len(data)))
        data[position:position] = draw(st.one_of(
            st.binary(min_size=1, max_size=8),
            st.sampled_from([b"\xff", b"\x00", b"\r", b"\t", b": ", b"- ", b"[[", b"---\n", b'"', b"&a ",
                             b"*a", b"\xef\xbb\xbf", b"\xe2\x80\xae", b"\x1b"])))
        site.raw[path] = bytes(data)
        return f"{path}: bytes at {position}"
    if kind == "duplicate" and records:
        stem, entry = draw(st.sampled_from(records[:max(1, len(records) - len(site.articles))]))
        if stem in site.data:
            site.data[stem].append(Entry(list(entry.pairs)))
            return f"{stem}: entry duplicated"
        return "nothing"
    if kind == "article-file":
        name = draw(st.sampled_from(["Bad Name.md", "..md", ".md", "ünï.md", "a" * 300 + ".md",
                                     "x\u202e.md", "-a-.md", "CON.md", "a\nb.md", "article-0.md~"]))
        site.raw[f"articles/{name}"] = b"---\ntitle: Odd\n---\nBody.\n"
        return f"articles/{name!r} added"
    return "nothing"


def write_site(site: Site, root: Path) -> None:
    try:
        site.write(root)
    except OSError as error:  # a name the file system refuses: not the builder's problem
        raise FileSystemRefused(str(error)) from error


class FileSystemRefused(Exception):
    pass


def scratch_parent() -> str | None:
    """A RAM-backed folder when there is one: thousands of small sites are written."""
    for folder in ("/dev/shm",):
        if os.path.isdir(folder) and os.access(folder, os.W_OK):
            return folder
    return None
