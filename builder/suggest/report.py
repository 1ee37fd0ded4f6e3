"""What `suggest` finds, and its two outputs: text to read and paste, YAML for programs."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from builder.diagnostics import Diagnostic, has_errors

SECTIONS = {
    "names": "Names: people, countries, organisations",
    "terms": "Terms",
    "claims": "Claims to check: figures and superlatives no fact box quotes yet",
    "dates": "Dates not on the timeline",
    "unused": "Unused: entries nothing mentions, links to or lists; sources nothing cites",
}
TARGETS = {"names": "content/actors.yaml", "terms": "content/glossary.yaml",
           "claims": "content/facts.yaml", "dates": "content/timeline.yaml", "unused": ""}


@dataclass(frozen=True, slots=True)
class Place:
    path: str
    line: int
    column: int
    slug: str = ""
    """The article's slug, '' for a place in a YAML file."""
    block_id: str = ""
    """The paragraph's id on the article page."""

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Suggestion:
    section: str
    text: str
    places: tuple[Place, ...]
    note: str
    """Why: the cue for a kind, "in quotes", "figure", ..."""
    stub: str
    """YAML to paste into TARGETS[section]; '' for unused entries."""

    @property
    def count(self) -> int:
        return len(self.places)


@dataclass
class Report:
    sections: dict[str, list[Suggestion]]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def format_text(report: Report) -> str:
    """Each section as YAML for its file: the place and reason as a comment,
    then the stub, so a section can be pasted whole."""
    out = []
    for section, title in SECTIONS.items():
        items = report.sections[section]
        target = f" -> {TARGETS[section]}" if TARGETS[section] else ""
        out.append(f"# == {title}{target}: {len(items)}")
        for item in items:
            times = f", {item.count} times" if item.count > 1 else ""
            text = item.text if len(item.text) <= 120 else item.text[:117].rsplit(" ", 1)[0] + " ..."
            out.append(f"# {item.places[0].format()}: {text}{times} ({item.note})")
            if item.stub:
                out.append(item.stub.rstrip("\n"))
        out.append("")
    return "\n".join(out)


def format_yaml(report: Report) -> str:
    data = {section: [{
        "text": item.text,
        "count": item.count,
        "at": [place.format() for place in item.places],
        "note": item.note,
        "file": TARGETS[section] or None,
        "stub": item.stub or None,
    } for item in items] for section, items in report.sections.items()}
    return yaml.dump(data, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=100)


class _BlockDumper(yaml.SafeDumper):
    """Stubs as literal blocks (`stub: |`), readable as they will be pasted."""


_BlockDumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))

