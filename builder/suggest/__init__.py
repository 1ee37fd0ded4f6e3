"""`python -m builder suggest`: what in the articles is worth curating.

Reads the validated content and the articles as the site shows them (plain
text of each paragraph, the curated names already found in it), and lists:

- names: capitalised multi-word names, acronyms and names after titles, with
  a likely `kind` where a cue says so, for actors.yaml;
- terms: names of things, places and events ("Korean War"), phrases in
  quotes or parentheses and repeated noun phrases, for glossary.yaml;
- claims: sentences with figures or superlatives that no fact box or event
  quotes yet, for facts.yaml;
- dates: dates and years in the text that no timeline event covers;
- unused: actors and terms that nothing mentions, links to or lists, and
  sources that nothing cites.

Each suggestion carries every place it occurs (`path:line:column`, and the
paragraph's id for links) and a YAML stub to paste. Within a section the most
frequent come first, then the earliest. Rules only, no model: the rules are
documented in docs/SPEC.md ("suggest") and the word lists are in lexicon.py.

    reading.py   the paragraphs, what is curated, places, new ids
    names.py     names, with kinds.py for their kinds and aliases
    terms.py     terms
    coverage.py  claims, dates, unused entries
    stubs.py     the YAML entries to paste
    english.py   words, sentences and names in English text; figures.py
                 figures, superlatives, dates; lexicon.py the word lists
    report.py    Suggestion, Report and the text and YAML outputs
"""

from __future__ import annotations

import sys
from pathlib import Path

from builder.diagnostics import has_errors
from builder.link import link_content
from builder.load import load_content
from builder.suggest import coverage
from builder.suggest.names import name_suggestion, names
from builder.suggest.reading import Reader
from builder.suggest.report import (SECTIONS, TARGETS, Place, Report, Suggestion, format_text,
                                    format_yaml)
from builder.suggest.terms import term_suggestion, terms
from builder.validate import validate

__all__ = ["SECTIONS", "TARGETS", "Place", "Report", "Suggestion", "format_text", "format_yaml",
           "run", "suggest"]


def suggest(root: Path) -> Report:
    """Suggestions for the project at `root`; content errors come back as diagnostics."""
    root = Path(root)
    content, diagnostics = validate(load_content(root), root)
    if content is None or has_errors(diagnostics):
        return Report({name: [] for name in SECTIONS}, diagnostics)
    # Seeds are not read: suggest lists what to curate, the build checks the words.
    reader = Reader(content, link_content(content, {}))
    found_names, named_terms = names(reader)
    found_terms = terms(reader, named_terms)
    # In this order: each stub takes the next free id.
    return Report({
        "names": [name_suggestion(reader, c) for c in found_names],
        "terms": [term_suggestion(reader, c) for c in found_terms],
        "claims": coverage.claims(reader),
        "dates": coverage.dates(reader),
        "unused": coverage.unused(reader),
    })


def run(root: Path, output: str) -> int:
    """The command: the report on stdout, content errors on stderr."""
    report = suggest(root)
    for diagnostic in report.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    if not report.ok:
        print("suggest needs content that validates: fix the errors above first", file=sys.stderr)
        return 1
    sys.stdout.write(format_yaml(report) if output == "yaml" else format_text(report))
    return 0
