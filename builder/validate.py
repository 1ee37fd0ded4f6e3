"""Raw records -> validated model objects, and every problem as a Diagnostic.

Checks schema, types, ids (format, uniqueness across all files), references
(fields and `[[id]]` in Markdown), dates, names claimed twice, and paths,
and settles the address the site is published under. The fields of each
record are in schema.py, their readers in fields.py. Checks that need
rendered Markdown (quotes, the seed) live in verify.py.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from pathlib import Path

import yaml

from builder import editorial, model, schema
from builder.articles import read_articles
from builder.diagnostics import Diagnostic, Suggestions, describe_type, did_you_mean, has_errors, shorten
from builder.fields import ID_PATTERN, READERS, Invalid, Value
from builder.load import RawContent, RawFile
from builder.markdown.entry_texts import parse_text
from builder.site_settings import read_site, settle_base_url
from builder.validation_cache import ValidationCache
from builder.verify import too_deep
from builder.yaml_loader import SourceText, YamlList, YamlMapping

TARGET_FILES = {"source": "sources", "actor": "actors"}
"""What a reference field may name -> the data file such entries live in."""

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
        self.bodies: set[model.Markdown] = set()
        """The articles' bodies among `markdowns`: linking finds their nesting (one parse each)."""
        self.suggest = Suggestions()
        self.bad_refs: set[model.Reference] = set()
        """References that name no entry, or one of the wrong kind: left out of partial content."""
        self.unread = _unread_files(load_problems)
        """Data file stem -> the first error of a file that could not be read or parsed."""
        self.unchecked: dict[str, list[model.Reference]] = {}
        """Stem of an unread file -> references to ids found nowhere else, which it may hold."""
        self.awaited_seeds: list[str] = []
        """Seeds that articles name inside the project but that do not exist yet."""

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

    def absorb(self, other: Validator) -> set[str]:
        """Join what `other` found reading one file, as if this one had read it;
        the ids it claimed that were already taken (reported here)."""
        self.diagnostics += other.diagnostics
        self.pending_refs += other.pending_refs
        self.markdowns += other.markdowns
        self.bodies |= other.bodies
        for key, origin in other.name_origins.items():
            self.name_origins.setdefault(key, origin)
        return {entry_id for entry_id, origin in other.first_seen.items()
                if not self.register_id(entry_id, other.kinds[entry_id], origin)}

    def expect_entry(self, ref: model.Reference, field_name: str, targets: str) -> model.Reference:
        """`ref` must name an entry (of the `targets` kind): checked once every id is known."""
        self.pending_refs.append((ref, field_name, targets))
        return ref

    def _ids(self, targets: str):
        """The ids a reference to `targets` (any, source, actor) may name, when asked."""
        if targets == "any":
            return lambda: self.first_seen
        return lambda: [i for i, k in self.kinds.items() if k == TARGET_FILES[targets]]

    def check_references(self) -> None:
        for ref, field_name, targets in self.pending_refs:
            stem = self.kinds.get(ref.id)
            if stem is None:
                self.bad_refs.add(ref)
                if self._maybe_in_unread(ref, targets):
                    continue
                suggestion = self.suggest(ref.id, targets, self._ids(targets))
                self.error(ref.origin, f"'{field_name}' names unknown id '{shorten(ref.id)}'{suggestion}")
            elif targets != "any" and stem != TARGET_FILES[targets]:
                self.bad_refs.add(ref)
                self.error(ref.origin, f"'{field_name}' must name {targets}s, but '{ref.id}' "
                           f"is in {stem}.yaml")

    def check_markdown(self, cache: ValidationCache) -> None:
        """Every [[id]] names an entry, and no Markdown nests so deep that its
        parse stops (an article's body: when it is linked, verify.too_deep)."""
        for text in self.markdowns:
            # Each unknown [[...]] is searched for in the raw text after its
            # last occurrence, and lines are counted once per text: a
            # thousand [[nope]] in one text stay linear.
            body = text in self.bodies
            if body and cache.may_name(text) <= self.first_seen.keys():
                continue  # no parse needed: a thousand article bodies were parsed twice
            parsed = parse_text(text.text)
            if parsed.too_deep is not None and not body:
                self.diagnostics.append(too_deep(text, parsed.too_deep))
            after: dict[str, int] = {}
            starts = None
            for link in parsed.links:
                if link.entry_id in self.first_seen:
                    continue
                index = text.raw.find(link.source, after.get(link.source, -1) + 1)
                if index >= 0:
                    after[link.source] = index
                    starts = starts if starts is not None else text.line_starts(text.raw)
                    where = text.position(index, starts)
                else:
                    where = text.locate("[[" + link.entry_id)
                if self._maybe_in_unread(model.Reference(link.entry_id, where), "any"):
                    continue
                suggestion = self.suggest(link.entry_id, "any", self._ids("any"))
                self.error(where, f"[[{shorten(link.entry_id)}]] names unknown id "
                           f"'{shorten(link.entry_id)}'{suggestion}")

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


def validate(raw: RawContent, root: Path, base_url: str | None = None,
             cache: ValidationCache | None = None) -> tuple[model.Content | None, list[Diagnostic]]:
    """Model objects for everything valid, and every problem found.

    `base_url` is the --base-url option: when given, the site is published there.
    `cache` is the dev server's, kept from one validation to the next."""
    v = Validator(root, raw.diagnostics)
    cache = cache if cache is not None else ValidationCache()
    cache.start(root, lambda: Validator(root, []))
    site = read_site(v, raw.site)
    entries = {stem: _read_entries(v, raw.data.get(stem), stem, cache) for stem in model.DATA_FILES}
    articles = read_articles(v, raw, cache)
    v.check_references()
    v.check_markdown(cache)
    v.report_unchecked()
    for event in entries["timeline"]:
        _check_span(v, event)
    _check_names(v, entries["actors"], entries["glossary"])
    base = settle_base_url(v, site, base_url)

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
        awaited_seeds=tuple(dict.fromkeys(v.awaited_seeds)),
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
def _read_entries(v: Validator, file: RawFile | None, stem: str, cache: ValidationCache) -> tuple:
    if file is None or file.data is None:
        return ()
    reading = cache.reading(file.source.path, file.data, lambda sub: _read_file_entries(sub, file, stem))
    refused = v.absorb(reading.validator)
    return tuple(entry for entry in reading.result if entry.id not in refused)


def _read_file_entries(v: Validator, file: RawFile, stem: str) -> tuple:
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
