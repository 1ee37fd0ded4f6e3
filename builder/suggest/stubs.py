"""The YAML entries `suggest` offers to paste: one function per data file.

Each takes the entry's id from its caller (Reader.new_id, so that no two
stubs share one) and writes what the text says, with comments for what it
cannot say.
"""

from __future__ import annotations

import yaml

from builder.dates import PartialDate
from builder.new import yaml_scalar
from builder.suggest.figures import Claim
from builder.suggest.reading import Candidate


def actor(entry_id: str, c: Candidate) -> str:
    lines = [f"- id: {entry_id}", f"  name: {yaml_scalar(c.text)}",
             f"  kind: {c.kind}" + (f"  # {c.note}" if c.note else "")]
    if c.aliases:
        lines.append(f"  aliases: {_flow_list(c.aliases)}")
    return "\n".join(lines) + "\n"


def term(entry_id: str, c: Candidate) -> str:
    lines = [f"- id: {entry_id}", f"  term: {yaml_scalar(c.text)}"]
    if c.aliases:
        lines.append(f"  aliases: {_flow_list(c.aliases)}")
    lines.append("  definition:   # one or two sentences, Markdown")
    return "\n".join(lines) + "\n"


def fact(entry_id: str, claim: Claim) -> str:
    lines = [f"- id: {entry_id}", f"  title: {yaml_scalar(claim.quote[0].upper() + claim.quote[1:])}"]
    if claim.value is not None:
        lines += ["  kind: figure", f"  value: {claim.value:g}" if isinstance(claim.value, float)
                  else f"  value: {claim.value}"]
        if claim.qualifier:
            lines.append(f"  qualifier: {claim.qualifier}")
        if claim.unit:
            lines.append(f"  unit: {yaml_scalar(claim.unit)}")
    else:
        lines.append("  kind: context")
    lines += ["  status: reported   # confirmed, reported, unconfirmed or disputed: check it",
              f"  quote: {yaml_scalar(claim.quote)}",
              "  # claimed_by: the actor who makes the claim",
              "  # sources: [ids of the sources that check it]"]
    return "\n".join(lines) + "\n"


def event(entry_id: str, date: PartialDate, words: str) -> str:
    return (f"- id: {entry_id}\n  date: {date.iso}\n"
            "  title:   # what happened, in a few words\n"
            f"  quote: {yaml_scalar(words)}\n")


def _flow_list(items: list[str]) -> str:
    """[a, b] in YAML, quoting what a flow list needs quoted ("Kim, Jr.")."""
    return yaml.safe_dump(items, default_flow_style=True, allow_unicode=True, width=10_000).strip()
