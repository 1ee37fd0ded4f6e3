"""Raw records -> validated model objects, and every problem as a Diagnostic.

Checks schema, types, ids (format, uniqueness across all files), references
(fields and `[[id]]` in Markdown), dates, names claimed twice, and paths.
Checks that need rendered Markdown (quotes, the seed) live in link.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from builder import editorial, model
from builder.dates import describe_type, parse_date
from builder.diagnostics import Diagnostic, did_you_mean, has_errors
from builder.load import Mapping, RawContent, RawFile, Sequence, SourceText
from builder.markdown.wikilinks import WIKILINK

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")

ACTOR_KINDS = ("person", "country", "organization", "group")
FACT_KINDS = ("figure", "context")
STATUSES = ("confirmed", "reported", "unconfirmed", "disputed")
QUALIFIERS = ("about", "nearly", "at least", "up to", "more than", "fewer than")
SOURCE_KINDS = ("official", "agency", "news", "analysis", "reference", "state-media")


# Field types. Each reader turns a YAML value into a model value or returns an error message.
@dataclass(frozen=True)
class Field:
    kind: str
    """text, url, markdown, quote, id, date, number, bool, names, refs, ref, or choice."""
    required: bool = False
    choices: tuple[str, ...] = ()
    targets: str = "any"
    """For refs: which entries a reference may name: any, source or actor."""


def _f(kind, required=False, choices=(), targets="any"):
    return Field(kind, required, choices, targets)


SCHEMAS: dict[str, dict[str, Field]] = {
    "facts": {
        "id": _f("id", True), "title": _f("text", True),
        "kind": _f("choice", choices=FACT_KINDS), "value": _f("number"),
        "unit": _f("text"), "qualifier": _f("choice", choices=QUALIFIERS),
        "display": _f("text"), "as_of": _f("date"),
        "claimed_by": _f("ref", targets="actor"),
        "status": _f("choice", choices=STATUSES), "quote": _f("quote"),
        "body": _f("markdown"), "sources": _f("refs", targets="source"),
        "related": _f("refs"),
    },
    "actors": {
        "id": _f("id", True), "name": _f("text", True),
        "kind": _f("choice", True, ACTOR_KINDS), "aliases": _f("names"),
        "role": _f("text"), "role_as_of": _f("date"), "summary": _f("markdown"),
        "born": _f("date"), "died": _f("date"), "founded": _f("date"),
        "sources": _f("refs", targets="source"), "related": _f("refs"),
    },
    "glossary": {
        "id": _f("id", True), "term": _f("text", True),
        "definition": _f("markdown", True), "aliases": _f("names"),
        "case_sensitive": _f("bool"), "see_also": _f("refs"),
        "sources": _f("refs", targets="source"),
    },
    "timeline": {
        "id": _f("id", True), "date": _f("date", True), "title": _f("text", True),
        "end": _f("date"), "body": _f("markdown"),
        "actors": _f("refs", targets="actor"), "related": _f("refs"),
        "sources": _f("refs", targets="source"), "quote": _f("quote"),
    },
    "sources": {
        "id": _f("id", True), "title": _f("text", True), "publisher": _f("text"),
        "author": _f("text"), "url": _f("url"), "date": _f("date"), "accessed": _f("date"),
        "archive": _f("url"), "kind": _f("choice", choices=SOURCE_KINDS),
    },
    "site": {
        "title": _f("text", True), "description": _f("text"),
        "language": _f("text"), "base_url": _f("text"), "checked": _f("date"),
    },
    "article": {
        "title": _f("text", True), "slug": _f("id"), "author": _f("text"),
        "publisher": _f("text"), "published": _f("date"), "url": _f("url"),
        "summary": _f("markdown"), "seed": _f("text"),
    },
}


class Validator:
    def __init__(self, root: Path):
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self.first_seen: dict[str, model.Origin] = {}
        self.kinds: dict[str, str] = {}
        """id -> file stem of the entry (facts, actors, ...)."""
        self.pending_refs: list[tuple[model.Reference, str, str]] = []
        """(reference, field name, allowed target) checked once every id is known."""
        self.markdowns: list[model.Markdown] = []
        self.load_problems: list[Diagnostic] = []
        """What loading found; a file that could not be read is not also reported as empty."""
        self.name_origins: dict[tuple[str, str], model.Origin] = {}
        """(entry id, name or alias) -> where it is written, for names claimed twice."""

    # -- reporting ---------------------------------------------------------
    def error(self, origin: model.Origin, message: str, severity: str = "error") -> None:
        self.diagnostics.append(Diagnostic(origin.path, origin.line, origin.column, message, severity))

    @staticmethod
    def origin(source: SourceText, node: yaml.Node) -> model.Origin:
        line, column = source.node_position(node)
        return model.Origin(source.path, line, column)

    # -- one record --------------------------------------------------------
    def read_record(self, source: SourceText, mapping: Mapping, schema_name: str) -> tuple[dict, bool]:
        """Field values converted to model types, and False if a required one is unusable.

        Every field is checked either way, so all problems are reported at once."""
        schema = SCHEMAS[schema_name]
        values: dict = {}
        ok = True
        for key in mapping:
            if key not in schema:
                origin = self.origin(source, mapping.key_nodes[key])
                self.error(origin, f"unknown field '{key}'{did_you_mean(str(key), schema)}; "
                           "it is ignored", "warning")
        for name, spec in schema.items():
            if name not in mapping or mapping[name] is None:
                if spec.required:
                    label = self._label(schema_name, mapping)
                    self.error(self.origin(source, mapping.node),
                               f"{label} is missing the required field '{name}'")
                    ok = False
                continue
            node = mapping.value_nodes[name]
            value = self.read_value(source, node, mapping[name], name, spec)
            if value is _INVALID:
                if spec.required:
                    ok = False
                continue
            values[name] = value
        return values, ok

    def _label(self, schema_name: str, mapping: Mapping) -> str:
        if schema_name in ("site", "article"):
            return "site.yaml" if schema_name == "site" else "the front matter"
        entry_id = mapping.get("id")
        return f"entry '{entry_id}'" if isinstance(entry_id, str) else "this entry"

    def read_value(self, source: SourceText, node: yaml.Node, value, name: str, spec: Field):
        def fail(message: str):
            self.error(self.origin(source, node), message)
            return _INVALID

        kind = spec.kind
        if kind in ("text", "id", "choice", "markdown", "quote", "url"):
            if not isinstance(value, str):
                return fail(f"'{name}' must be text, not {describe_type(value)}")
            if not value.strip():
                return fail(f"'{name}' must not be empty")
        if kind == "text":
            return value.strip()
        if kind == "url":
            # Shown as a link: only web addresses, never javascript: or data:.
            if not re.match(r"^https?://[^\s]+$", value.strip()):
                return fail(f"'{name}' must be a web address starting with https:// or http://, "
                            f"not '{value.strip()}'")
            return value.strip()
        if kind == "id":
            if not ID_PATTERN.match(value):
                return fail(f"'{value}' is not a valid {name}: use lowercase ASCII letters, "
                            f"digits and single hyphens, e.g. '{suggest_id(value)}'")
            return value
        if kind == "choice":
            if value not in spec.choices:
                options = ", ".join(spec.choices)
                return fail(f"'{name}' must be one of {options}, not '{value}'"
                            f"{did_you_mean(value, spec.choices)}")
            return value
        if kind == "markdown":
            raw, _ = source.node_source(node)
            text = model.Markdown(value, self.origin(source, node), raw)
            self.markdowns.append(text)
            return text
        if kind == "quote":
            return model.Quote(" ".join(value.split()), self.origin(source, node))
        if kind == "date":
            parsed = parse_date(value)
            return fail(f"'{name}': {parsed}") if isinstance(parsed, str) else parsed
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return fail(f"'{name}' must be a number, not {describe_type(value)}"
                            + (" (write it without quotes)" if isinstance(value, str) else ""))
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                return fail(f"'{name}' must be true or false, not {describe_type(value)}")
            return value
        if kind == "names":
            items = self._string_list(source, node, value, name)
            return items if items is _INVALID else tuple(text for text, _ in items)
        if kind in ("refs", "ref"):
            if kind == "ref" and not isinstance(value, str):
                return fail(f"'{name}' takes one id, not {describe_type(value)}")
            items = self._string_list(source, node, value, name)
            if items is _INVALID:
                return items
            refs = []
            for text, item_origin in items:
                if not ID_PATTERN.match(text):
                    self.error(item_origin, f"'{text}' is not a valid id: use lowercase ASCII "
                               f"letters, digits and single hyphens, e.g. '{suggest_id(text)}'")
                    continue
                ref = model.Reference(text, item_origin)
                self.pending_refs.append((ref, name, spec.targets))
                refs.append(ref)
            if kind == "ref":
                return refs[0] if refs else _INVALID
            return tuple(refs)
        raise AssertionError(kind)

    def _string_list(self, source, node, value, name):
        """[(text, origin)] from a string or a list of strings."""
        if isinstance(value, str):
            return [(value.strip(), self.origin(source, node))]
        if not isinstance(value, Sequence):
            self.error(self.origin(source, node),
                       f"'{name}' takes text or a list of text, not {describe_type(value)}")
            return _INVALID
        items = []
        for item, item_node in zip(value, value.item_nodes):
            item_origin = self.origin(source, item_node)
            if not isinstance(item, str) or not item.strip():
                self.error(item_origin, f"each item of '{name}' must be text, "
                           f"not {describe_type(item)}")
                continue
            items.append((item.strip(), item_origin))
        return items

    def remember_names(self, source: SourceText, mapping: Mapping, entry_id: str) -> None:
        for field_name in ("name", "term", "aliases"):
            node = mapping.value_nodes.get(field_name)
            if node is None:
                continue
            for child in (node.value if isinstance(node, yaml.SequenceNode) else [node]):
                if isinstance(child, yaml.ScalarNode):
                    self.name_origins.setdefault((entry_id, child.value.strip()), self.origin(source, child))

    # -- ids and references ------------------------------------------------
    def register_id(self, entry_id: str, stem: str, origin: model.Origin) -> bool:
        first = self.first_seen.get(entry_id)
        if first is not None:
            self.error(origin, f"duplicate id '{entry_id}': it is already used at "
                       f"{first.path}:{first.line}:{first.column}; ids must be unique "
                       "across facts, actors, glossary, timeline and sources")
            return False
        self.first_seen[entry_id] = origin
        self.kinds[entry_id] = stem
        return True

    def check_references(self) -> None:
        wanted = {"source": "sources", "actor": "actors"}
        for ref, field_name, targets in self.pending_refs:
            stem = self.kinds.get(ref.id)
            if stem is None:
                pool = self.first_seen if targets == "any" else [
                    i for i, k in self.kinds.items() if k == wanted[targets]]
                self.error(ref.origin, f"'{field_name}' names unknown id '{ref.id}'"
                           f"{did_you_mean(ref.id, pool)}")
            elif targets != "any" and stem != wanted[targets]:
                self.error(ref.origin, f"'{field_name}' must name {targets}s, but '{ref.id}' "
                           f"is in {stem}.yaml")
        for text in self.markdowns:
            seen: dict[str, int] = {}
            for match in WIKILINK.finditer(text.text):
                entry_id = match.group(1).strip()
                token = match.group(0)
                nth = seen.get(token, 0)
                seen[token] = nth + 1
                if entry_id not in self.first_seen:
                    where = text.locate(token, nth)
                    if where == text.origin:
                        where = text.locate("[[" + entry_id)
                    self.error(where, f"[[{entry_id}]] names unknown id '{entry_id}'"
                               f"{did_you_mean(entry_id, self.first_seen)}")


_INVALID = object()


def suggest_id(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "my-id"


def validate(raw: RawContent, root: Path) -> tuple[model.Content | None, list[Diagnostic]]:
    """Model objects for everything valid, and every problem found."""
    v = Validator(root)
    v.load_problems = raw.diagnostics
    site = _read_site(v, raw.site)

    collected: dict[str, list[tuple[dict, model.Origin]]] = {}
    for stem in ("facts", "actors", "glossary", "timeline", "sources"):
        collected[stem] = []
        file = raw.data.get(stem)
        if file is None or file.data is None:
            continue
        if not isinstance(file.data, Sequence):
            node = getattr(file.data, "node", None)
            origin = v.origin(file.source, node) if node is not None else model.Origin(file.source.path)
            v.error(origin, f"{stem}.yaml must be a list of entries ('- id: ...'), "
                    f"not {describe_type(file.data)}")
            continue
        for item, node in zip(file.data, file.data.item_nodes):
            origin = v.origin(file.source, node)
            if not isinstance(item, Mapping):
                v.error(origin, f"each entry of {stem}.yaml must be a mapping of fields, "
                        f"not {describe_type(item)}")
                continue
            values, ok = v.read_record(file.source, item, stem)
            if not ok:
                # Still claim a valid id, so references to it don't add noise.
                if isinstance(item.get("id"), str) and ID_PATTERN.match(item["id"]):
                    v.register_id(item["id"], stem, v.origin(file.source, item.value_nodes["id"]))
                continue
            id_origin = v.origin(file.source, item.value_nodes["id"])
            if stem == "facts" and values.get("kind") == "figure" and item.get("value") is None:
                v.error(origin, f"fact '{values['id']}' is a figure, so it needs a 'value' (a number)")
            v.remember_names(file.source, item, values["id"])
            if v.register_id(values["id"], stem, id_origin):
                collected[stem].append((values, origin))

    articles = _read_articles(v, raw)
    v.check_references()

    facts = tuple(model.Fact(origin=origin, **values) for values, origin in collected["facts"])
    actors = tuple(model.Actor(origin=origin, **values) for values, origin in collected["actors"])
    terms = tuple(model.Term(origin=origin, **values) for values, origin in collected["glossary"])
    events = tuple(_make_event(v, values, origin) for values, origin in collected["timeline"])
    sources = tuple(model.Source(origin=origin, **values) for values, origin in collected["sources"])
    _check_names(v, actors, terms)

    diagnostics = raw.diagnostics + v.diagnostics
    if site is None or has_errors(diagnostics):
        return None, diagnostics
    entries = {entry.id: entry for group in (facts, actors, terms, events, sources) for entry in group}
    content = model.Content(site, articles, facts, actors, terms, events, sources, entries)
    return content, diagnostics + editorial.warnings(content)


def _make_event(v: Validator, values: dict, origin: model.Origin) -> model.Event:
    end, start = values.get("end"), values["date"]
    if end is not None and end.last_day < start.first_day:
        v.error(origin, f"event '{values['id']}' ends ({end.text}) before it starts ({start.text})")
    return model.Event(origin=origin, **values)


def _read_site(v: Validator, file: RawFile | None) -> model.SiteConfig | None:
    if file is None:
        return None
    if file.data is None and any(d.path == file.source.path for d in v.load_problems):
        return None  # the YAML error already says what is wrong
    if not isinstance(file.data, Mapping):
        v.error(model.Origin(file.source.path), "site.yaml must be a mapping with at least 'title: ...'")
        return None
    values, ok = v.read_record(file.source, file.data, "site")
    language = values.get("language", "en")
    if not LANGUAGE_PATTERN.match(language):
        v.error(v.origin(file.source, file.data.value_nodes["language"]),
                f"'language' must be a BCP 47 tag such as 'en' or 'en-GB', not '{language}'")
    base_url = values.get("base_url")
    if base_url is not None:
        normal = normalize_base_url(base_url)
        if normal is None:
            v.error(v.origin(file.source, file.data.value_nodes["base_url"]),
                    f"'base_url' must be an http(s) address such as "
                    f"'https://me.github.io/repo/', not '{base_url}'")
        base_url = normal
    if not ok:
        return None
    return model.SiteConfig(values["title"], values.get("description", ""), language, base_url,
                            values.get("checked"))


def normalize_base_url(url: str) -> str | None:
    """The address with exactly one trailing slash, or None if it is not http(s)."""
    match = re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", url.strip())
    if not match:
        return None
    return url.strip().rstrip("/") + "/"


def _read_articles(v: Validator, raw: RawContent) -> tuple[model.Article, ...]:
    articles = []
    slugs: dict[str, model.Origin] = {}
    root = v.root.resolve()
    for item in raw.articles:
        front = item.front
        data = front.data
        file_origin = model.Origin(item.path, 1, 1)
        if data is None and not any(d.path == item.path for d in raw.diagnostics):
            v.error(model.Origin(item.path, 2, 1), "the front matter is empty: it needs at least 'title: ...'")
            continue
        if data is None:
            continue
        if not isinstance(data, Mapping):
            v.error(model.Origin(item.path, 2, 1), "the front matter must be a mapping of fields")
            continue
        values, ok = v.read_record(front.source, data, "article")
        body_origin = model.Origin(item.path, item.body.line_offset + 1, 1)
        body = model.Markdown(item.body.text, body_origin, item.body.text)
        v.markdowns.append(body)
        if not ok:
            continue
        stem = Path(item.path).stem
        if "slug" in values:
            slug, slug_origin = values["slug"], v.origin(front.source, data.value_nodes["slug"])
        else:
            slug, slug_origin = stem, file_origin
            if not ID_PATTERN.match(stem):
                v.error(file_origin, f"the file name '{stem}' cannot be a URL slug: rename the file "
                        f"or add 'slug: {suggest_id(stem)}' to the front matter")
                continue
        if slug in slugs:
            first = slugs[slug]
            v.error(slug_origin, f"duplicate slug '{slug}': {first.path} already uses it")
            continue
        slugs[slug] = slug_origin
        seed = values.get("seed", "")
        if seed:
            seed_origin = v.origin(front.source, data.value_nodes["seed"])
            shown = seed if len(seed) <= 80 else seed[:60] + f"… ({len(seed)} characters)"
            try:
                target = (root / seed).resolve()
                exists, folder = target.exists(), target.is_dir()
            except (OSError, ValueError) as error:
                reason = getattr(error, "strerror", None) or str(error)
                v.error(seed_origin, f"'seed' names '{shown}', a path this system cannot use "
                        f"({reason.lower()})")
                seed = ""
            else:
                if not target.is_relative_to(root):
                    v.error(seed_origin, f"'seed' must stay inside the project folder: '{shown}' leads outside it")
                    seed = ""
                elif not exists:
                    v.error(seed_origin, f"'seed' names '{shown}', which does not exist "
                            "(the path is relative to the folder that holds content/)")
                    seed = ""
                elif folder:
                    v.error(seed_origin, f"'seed' names '{shown}', which is a folder: name the "
                            "seed file in it")
                    seed = ""
                else:
                    seed = target.relative_to(root).as_posix()
        articles.append(model.Article(
            slug=slug, title=values["title"], body=body, origin=file_origin,
            author=values.get("author", ""), publisher=values.get("publisher", ""),
            published=values.get("published"), url=values.get("url", ""),
            summary=values.get("summary"), seed=seed,
        ))
    return tuple(articles)


def _check_names(v: Validator, actors, terms) -> None:
    """A name or alias claimed by two entries is an error (the matcher couldn't choose)."""
    claims: dict[str, list[tuple[str, str, bool]]] = {}
    for actor in actors:
        for name in dict.fromkeys((actor.name, *actor.aliases)):
            claims.setdefault(name.casefold(), []).append((actor.id, name, True))
    for term in terms:
        seen = set()
        for name in (term.term, *term.aliases):
            key = name if term.case_sensitive else name.casefold()
            if key in seen:
                continue
            seen.add(key)
            claims.setdefault(name.casefold(), []).append((term.id, name, term.case_sensitive))
    origins = {e.id: e.origin for e in (*actors, *terms)}
    for group in claims.values():
        for i, (id_a, name_a, sensitive_a) in enumerate(group):
            for id_b, name_b, sensitive_b in group[:i]:
                if id_a == id_b:
                    continue
                if name_a == name_b or not (sensitive_a and sensitive_b):
                    v.error(v.name_origins.get((id_a, name_a), origins[id_a]), f"the name '{name_a}' of '{id_a}' is already claimed by "
                            f"'{id_b}' ('{name_b}'); auto-linking could not tell them apart")
                    break
