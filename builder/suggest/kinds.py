"""What a name found is likely to be, and which names are aliases of others:
an acronym of the name before it, a shorter name of a longer one."""

from __future__ import annotations

import re

from builder.suggest import lexicon as lx
from builder.suggest.english import people_of
from builder.suggest.reading import Candidate


def kind_of(c: Candidate) -> tuple[str, str]:
    """The likely kind and the cue that says so."""
    words = c.text.split()
    if "person" in c.cues:
        return "person", f'"{c.cues["person"]}"'
    if "group" in c.cues:
        return "group", f'"{c.cues["group"]}"'
    if set(words) & lx.ORGANIZATION_WORDS:
        return "organization", f'"{next(w for w in words if w in lx.ORGANIZATION_WORDS)}"'
    if "organization" in c.cues and words[-1] not in lx.TERM_HEADS \
            and c.text not in lx.COUNTRY_CAPITALS and c.text not in lx.CAPITALS:
        return "organization", f'"{c.cues["organization"]}"'
    if words[-1] in lx.TERM_HEADS:
        return "term", f'a name of a thing, place or event ("{words[-1]}")'
    if c.text in lx.COUNTRY_CAPITALS or c.text in lx.COUNTRY_ACRONYMS:
        return "country", "a country"
    if c.text in lx.CAPITALS:
        return "country", f"the capital of {lx.CAPITALS[c.text]}: perhaps an alias of it"
    country = people_of(c.text)
    if country:
        return "country", f"the people of {country}: perhaps an alias of it"
    if len(words) == 1 and words[0].replace(".", "").isupper():
        return "organization", "an acronym (a guess)"
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        return "person", "a guess: no cue in the text"
    return "organization", "a guess: no cue in the text"


def merge_aliases(candidates: list[Candidate]) -> list[Candidate]:
    """A name that begins or ends a longer one becomes its alias, in the longer
    name found most often: 'Security Council' of 'U.N. Security Council' (the
    same kind), 'Putin' of 'Vladimir Putin' (one word without a kind of its
    own, only into a person's name)."""
    by_rank = sorted(candidates, key=lambda c: c.rank)
    merged: set[int] = set()
    for short in sorted(candidates, key=lambda c: (len(c.text.split()), c.rank)):
        words = short.text.split()
        n = len(words)
        if short.aliases:
            continue  # it has aliases of its own ("CSIS"): a name in its own right
        if n == 1 and not (short.kind == "person" or short.note.startswith("a guess")):
            continue

        def fits(home: Candidate) -> bool:
            home_words = home.text.split()
            return (home is not short and id(home) not in merged and len(home_words) > n
                    and (home_words[:n] == words or home_words[-n:] == words)
                    and home.kind == ("person" if n == 1 else short.kind))

        homes = [c for c in by_rank if fits(c)]
        if not homes:
            continue
        # The long form an article last named before the short one, else the most frequent.
        before = [c for c in homes if c.first < short.first]
        home = max(before, key=lambda c: c.first) if before else homes[0]
        home.occurrences += short.occurrences
        home.aliases.append(short.text)
        merged.add(id(short))
    return [c for c in candidates if id(c) not in merged]


def read_acronym_pairs(found: dict[str, Candidate]) -> None:
    """'Center for Strategic and International Studies (CSIS)': the acronym is an alias."""
    for name, candidate in list(found.items()):
        for block, _, end in candidate.occurrences:
            match = re.match(r" \(((?:[A-Z]\.?){2,})\)", block.text[end:])
            acronym = match.group(1) if match else ""
            if acronym and acronym in found and acronym != name:
                other = found.pop(acronym)
                candidate.occurrences += other.occurrences
                candidate.aliases.append(acronym)
                break
