"""Raw records -> validated model objects, and every problem as a Diagnostic.

Checks schema, types, ids (format, uniqueness across all files), references
(fields and `[[id]]` in Markdown), dates, names claimed twice, and paths,
and settles the address the site is published under. The fields of each
record are in schema.py, their readers in fields.py. Checks that need
rendered Markdown (quotes, the seed) live in verify.py.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass, replace
from pathlib import Path

import yaml

from builder import editorial, model, schema
from builder.articles import read_articles
from builder.diagnostics import Diagnostic, describe_type, did_you_mean, has_errors, shorten
from builder.fields import ID_PATTERN, READERS, Invalid, Value
from builder.load import RawContent, RawFile
from builder.markdown import MAX_NESTING
from builder.markdown.entry_texts import parse_text
from builder.yaml_loader import SourceText, YamlList, YamlMapping

LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
TARGET_FILES = {"source": "sources", "actor": "actors"}
"""What a reference field may name -> the data file such entries live in."""
NO_BASE_URL = Diagnostic(
    "content/site.yaml", None, None,
    "no base_url: sitemap.xml, canonical links and og:url are left out; "
    "set base_url in site.yaml or pass --base-url", "warning")
"""A build publishes; without its address some pages and links are left out."""

_INVALID = object()
_DATA_FILE_LIST = ", ".join(list(model.DATA_FILES)[:-1]) + " and " + list(model.DATA_FILES)[-1]


class Validator:
    """Reads records field by field and collects every problem found."""

    def __init__(self, root: Path, load_problems: list[Diagnostic]):
        self.root = root
        self.load_problems = load_problems
        """What loading found; a file that could not be read is not also reported as empty."""
        self.diagnostics: list[Diagnostic] = []
        self.first_seen: dict[str, model.Origin] = {}
        self.kinds: dict[str, str] = {}
        """id -> file stem of the entry (facts, actors, ...)."""
        self.pending_refs: list[tuple[model.Reference, str, str]] = []
        """(reference, field name, allowed target) checked once every id is known."""
        self.markdowns: list[model.Markdown] = []
        self.name_origins: dict[tuple[str, str], model.Origin] = {}
        """(entry id, name or alias) -> where it is written, for names claimed twice."""
        self.bad_refs: set[model.Reference] = set()
        """References that name no entry, or one of the wrong kind: left out of partial content."""
        self.unread = _unread_files(load_problems)
        """Data file stem -> the first error of a file that could not be read or parsed."""
        self.unchecked: dict[str, list[model.Reference]] = {}
        """Stem of an unread file -> references to ids found nowhere else, which it may hold."""

    # -- reporting ---------------------------------------------------------
    def error(self, origin: model.Origin, message: str) -> None:
        self.diagnostics.append(Diagnostic(origin.path, origin.line, origin.column, message))

    def warn(self, origin: model.Origin, message: str) -> None:
        self.diagnostics.append(Diagnostic(origin.path, origin.line, origin.column, message, "warning"))

    @staticmethod
    def origin(source: SourceText, node: yaml.Node) -> model.Origin:
        line, column = source.node_position(node)
        return model.Origin(source.path, line, column)

    # -- one record --------------------------------------------------------
    def read_record(self, source: SourceText, mapping: YamlMapping, fields: dict[str, schema.Field],
                    label: str) -> tuple[dict, bool]:
        """Field values converted to model types, and False if a required one is unusable.

        Every field is checked either way, so all problems are reported at once."""
        for key in mapping:
            if key not in fields:
                self.warn(self.origin(source, mapping.key_nodes[key]),
                          f"unknown field '{key}'{did_you_mean(str(key), fields)}; it is ignored")
        values: dict = {}
        ok = True
        for name, spec in fields.items():
            if mapping.get(name) is None:
                if spec.required:
                    self.error(self.origin(source, mapping.node), f"{label} is missing the required field '{name}'")
                    ok = False
                continue
            value = self.read_value(Value(name, mapping[name], mapping.value_nodes[name], source, spec, self))
            if value is not _INVALID:
                values[name] = value
            elif spec.required:
                ok = False
        return values, ok

    def read_value(self, value: Value) -> object:
        """The model value, or _INVALID once the reason is reported."""
        try:
            return READERS[value.spec.kind](value)
        except Invalid as problem:
            self.error(value.origin, str(problem))
            return _INVALID

    def remember_names(self, source: SourceText, mapping: YamlMapping, entry_id: str) -> None:
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
                       f"across {_DATA_FILE_LIST}")
            return False
        self.first_seen[entry_id] = origin
        self.kinds[entry_id] = stem
        return True

    def expect_entry(self, ref: model.Reference, field_name: str, targets: str) -> model.Reference:
        """`ref` must name an entry (of the `targets` kind): checked once every id is known."""
        self.pending_refs.append((ref, field_name, targets))
        return ref

    def check_references(self) -> None:
        for ref, field_name, targets in self.pending_refs:
            stem = self.kinds.get(ref.id)
            if stem is None:
                self.bad_refs.add(ref)
                if self._maybe_in_unread(ref, targets):
                    continue
                pool = self.first_seen if targets == "any" else [
                    i for i, k in self.kinds.items() if k == TARGET_FILES[targets]]
                self.error(ref.origin, f"'{field_name}' names unknown id '{shorten(ref.id)}'"
                           f"{did_you_mean(ref.id, pool)}")
            elif targets != "any" and stem != TARGET_FILES[targets]:
                self.bad_refs.add(ref)
                self.error(ref.origin, f"'{field_name}' must name {targets}s, but '{ref.id}' "
                           f"is in {stem}.yaml")

    def check_markdown(self) -> None:
        """Every [[id]] names an entry, and no Markdown nests so deep that its parse stops."""
        for text in self.markdowns:
            parsed = parse_text(text.text)
            if parsed.too_deep is not None:
                where = text.origin
                if text.origin.line is not None and parsed.too_deep >= 0 and text.raw == text.text:
                    where = model.Origin(where.path, where.line + parsed.too_deep, 1)
                self.error(where, f"the Markdown here is nested more than {MAX_NESTING} levels deep "
                           "(quotes or lists inside each other): flatten it, or what lies deeper is lost")
            seen: dict[str, int] = {}
            for link in parsed.links:
                nth = seen.get(link.source, 0)
                seen[link.source] = nth + 1
                if link.entry_id not in self.first_seen:
                    where = text.locate(link.source, nth)
                    if where == text.origin:
                        where = text.locate("[[" + link.entry_id)
                    if self._maybe_in_unread(model.Reference(link.entry_id, where), "any"):
                        continue
                    self.error(where, f"[[{shorten(link.entry_id)}]] names unknown id "
                               f"'{shorten(link.entry_id)}'{did_you_mean(link.entry_id, self.first_seen)}")

    def _maybe_in_unread(self, ref: model.Reference, targets: str) -> bool:
        """Set aside a reference to an unknown id that a file that could not be
        read may hold: one line per such file, not one per reference."""
        stems = [TARGET_FILES[targets]] if targets != "any" else list(self.unread)
        for stem in stems:
            if stem in self.unread:
                self.unchecked.setdefault(stem, []).append(ref)
                return True
        return False

    def report_unchecked(self) -> None:
        for stem, refs in self.unchecked.items():
            problem, first = self.unread[stem], refs[0]
            count = f"{len(refs)} references" if len(refs) > 1 else "1 reference"
            verb = "are" if len(refs) > 1 else "is"
            self.warn(model.Origin(problem.path, problem.line, problem.column),
                      f"{count} to ids that are nowhere else {verb} not checked until this file "
                      f"can be read (the first: '{shorten(first.id)}' at {first.origin.path}:"
                      f"{first.origin.line}:{first.origin.column})")


def _unread_files(load_problems: list[Diagnostic]) -> dict[str, Diagnostic]:
    unread: dict[str, Diagnostic] = {}
    for problem in load_problems:
        for stem in model.DATA_FILES:
            if problem.severity == "error" and problem.path in (f"content/{stem}.yaml", f"content/{stem}.yml"):
                unread.setdefault(stem, problem)
    return unread


def validate(raw: RawContent, root: Path,
             base_url: str | None = None) -> tuple[model.Content | None, list[Diagnostic]]:
    """Model objects for everything valid, and every problem found.

    `base_url` is the --base-url option: when given, the site is published there."""
    v = Validator(root, raw.diagnostics)
    site = _read_site(v, raw.site)
    entries = {stem: _read_entries(v, raw.data.get(stem), stem) for stem in model.DATA_FILES}
    articles = read_articles(v, raw)
    v.check_references()
    v.check_markdown()
    v.report_unchecked()
    for event in entries["timeline"]:
        _check_span(v, event)
    _check_names(v, entries["actors"], entries["glossary"])
    base = _settle_base_url(v, site, base_url)

    diagnostics = raw.diagnostics + v.diagnostics
    if site is None:
        return None, diagnostics
    groups = (entries["facts"], entries["actors"], entries["glossary"], entries["timeline"], entries["sources"])
    if has_errors(diagnostics):
        # What is valid goes on, so later stages report their problems too;
        # references to what was left out are left out with it.
        kept = {entry.id for group in groups for entry in group}
        groups = tuple(tuple(_without(entry, kept, v.bad_refs) for entry in group) for group in groups)
    content = model.Content(
        replace(site, base_url=base), articles, *groups,
        entries={entry.id: entry for group in groups for entry in group},
    )
    if has_errors(diagnostics):
        return content, diagnostics
    return content, diagnostics + editorial.warnings(content)


def _without(value, kept: set[str], bad: set[model.Reference]):
    """`value` (an entry, or a record inside one) referring only to entries
    `kept`, and to none in `bad` (ids of the wrong kind), at any depth."""
    def good(ref: model.Reference) -> bool:
        return ref.id in kept and ref not in bad

    changes = {}
    for name in (f.name for f in fields(value)):
        item = getattr(value, name)
        if isinstance(item, model.Reference) and not good(item):
            changes[name] = None
        elif isinstance(item, tuple) and any(isinstance(x, model.Reference) for x in item):
            if not all(map(good, item)):
                changes[name] = tuple(filter(good, item))
        elif isinstance(item, tuple) and any(is_dataclass(x) for x in item):
            inner = tuple(_without(x, kept, bad) if is_dataclass(x) else x for x in item)
            if any(new is not old for new, old in zip(inner, item)):
                changes[name] = inner
    return replace(value, **changes) if changes else value


# -- data files -----------------------------------------------------------------
def _read_entries(v: Validator, file: RawFile | None, stem: str) -> tuple:
    if file is None or file.data is None:
        return ()
    if not isinstance(file.data, YamlList):
        node = getattr(file.data, "node", None)
        origin = v.origin(file.source, node) if node is not None else model.Origin(file.source.path)
        v.error(origin, f"{stem}.yaml must be a list of entries ('- id: ...'), "
                f"not {describe_type(file.data)}")
        return ()
    entries = []
    for item, node in zip(file.data, file.data.item_nodes):
        origin = v.origin(file.source, node)
        if not isinstance(item, YamlMapping):
            v.error(origin, f"each entry of {stem}.yaml must be a mapping of fields, "
                    f"not {describe_type(item)}")
            continue
        entry = _read_entry(v, file.source, item, stem, origin)
        if entry is not None:
            entries.append(entry)
    return tuple(entries)


def _read_entry(v: Validator, source: SourceText, item: YamlMapping, stem: str,
                origin: model.Origin) -> model.Entry | None:
    entry_type = model.DATA_FILES[stem]
    entry_id = item.get("id")
    label = f"entry '{entry_id}'" if isinstance(entry_id, str) else "this entry"
    values, ok = v.read_record(source, item, schema.ENTRY_FIELDS[entry_type], label)
    if not ok:
        # Still claim a valid id, so references to it don't add noise.
        if isinstance(entry_id, str) and ID_PATTERN.match(entry_id):
            v.register_id(entry_id, stem, v.origin(source, item.value_nodes["id"]))
        return None
    if entry_type is model.Fact and values.get("kind") == "figure" and item.get("value") is None:
        v.error(origin, f"fact '{values['id']}' is a figure, so it needs a 'value' (a number)")
    v.remember_names(source, item, values["id"])
    id_origin = v.origin(source, item.value_nodes["id"])
    if v.first_seen.get(values["id"]) == id_origin:  # the same node: an id merged with `<<: *anchor`
        v.error(origin, f"this entry takes its id '{values['id']}' from the mapping it merges "
                "with '<<'; give it an 'id' of its own")
        return None
    if not v.register_id(values["id"], stem, id_origin):
        return None
    return entry_type(origin=origin, **values)


def _check_span(v: Validator, event: model.Event) -> None:
    if event.end is not None and event.end.last_day < event.date.first_day:
        v.error(event.origin, f"event '{event.id}' ends ({event.end.text}) before it starts ({event.date.text})")


def _check_names(v: Validator, actors: tuple[model.Actor, ...], terms: tuple[model.Term, ...]) -> None:
    """A name or alias claimed by two entries is an error (the matcher couldn't choose)."""
    claims: dict[str, list[tuple[str, str, bool]]] = {}
    for actor in actors:
        for name in dict.fromkeys((actor.name, *actor.aliases)):
            claims.setdefault(name.casefold(), []).append((actor.id, name, True))
    for term in terms:
        seen = set()
        for name in (term.term, *term.aliases):
            key = name if term.case_sensitive else name.casefold()
            if key not in seen:
                seen.add(key)
                claims.setdefault(name.casefold(), []).append((term.id, name, term.case_sensitive))
    origins = {e.id: e.origin for e in (*actors, *terms)}
    for group in claims.values():
        for i, (id_a, name_a, sensitive_a) in enumerate(group):
            clash = next((other for other in group[:i] if other[0] != id_a and (
                name_a == other[1] or not (sensitive_a and other[2]))), None)
            if clash:
                v.error(v.name_origins.get((id_a, name_a), origins[id_a]),
                        f"the name '{name_a}' of '{id_a}' is already claimed by "
                        f"'{clash[0]}' ('{clash[1]}'); auto-linking could not tell them apart")


# -- site.yaml and the address ----------------------------------------------------
def _read_site(v: Validator, file: RawFile | None) -> model.SiteConfig | None:
    if file is None:
        return None
    if file.data is None and any(d.path == file.source.path for d in v.load_problems):
        return None  # the YAML error already says what is wrong
    if not isinstance(file.data, YamlMapping):
        v.error(model.Origin(file.source.path), "site.yaml must be a mapping with at least 'title: ...'")
        return None
    values, ok = v.read_record(file.source, file.data, schema.SITE, "site.yaml")
    language = values.get("language", "en")
    if not LANGUAGE_PATTERN.match(language):
        v.error(v.origin(file.source, file.data.value_nodes["language"]),
                f"'language' must be a BCP 47 tag such as 'en' or 'en-GB', not '{shorten(language)}'")
    base_url = values.get("base_url")
    if base_url is not None:
        normal = normalize_base_url(base_url)
        if normal is None:
            v.error(v.origin(file.source, file.data.value_nodes["base_url"]),
                    f"'base_url' must be an http(s) address such as "
                    f"'https://me.github.io/repo/', not '{shorten(base_url)}'")
        base_url = normal
    if not ok:
        return None
    return model.SiteConfig(values["title"], values.get("description", ""), language, base_url,
                            values.get("checked"), values.get("key_points", ()))


def _settle_base_url(v: Validator, site: model.SiteConfig | None, option: str | None) -> str | None:
    """The --base-url option if given, else site.yaml's base_url."""
    if option is None:
        return site.base_url if site else None
    normal = normalize_base_url(option)
    if normal is None:
        v.diagnostics.append(Diagnostic("--base-url", None, None, f"'{option}' is not an http(s) "
                                        "address such as https://me.github.io/repo/"))
    return normal if option else (site.base_url if site else None)


def normalize_base_url(url: str) -> str | None:
    """The address with exactly one trailing slash, or None if it is not http(s)."""
    match = re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", url.strip())
    if not match:
        return None
    return url.strip().rstrip("/") + "/"
