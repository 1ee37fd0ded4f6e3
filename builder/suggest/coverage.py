"""What the curated entries do not cover yet: claims no fact box quotes (for
facts.yaml), dates not on the timeline (for timeline.yaml); and entries
that nothing mentions, links to, lists or cites."""

from __future__ import annotations

from builder import model
from builder.dates import PartialDate
from builder.new import slugify
from builder.suggest import stubs
from builder.suggest.figures import dates_in, figures, superlatives
from builder.suggest.reading import Reader
from builder.suggest.report import Place, Suggestion
from builder.usage import usage


def claims(reader: Reader) -> list[Suggestion]:
    """Each sentence with figures or superlatives that no quote covers, in reading order."""
    result = []
    for block in reader.blocks:
        for start, end, tokens in block.sentences:
            if block.overlaps(block.quoted, start, end):
                continue
            found = figures(tokens, block.text) + superlatives(tokens, block.text)
            if not found:
                continue
            found.sort(key=lambda c: c.start)
            stub = "".join(stubs.fact(reader.new_id("fact-" + slugify(" ".join(c.quote.split()[:6]))), c)
                           for c in found)
            note = "; ".join(f"{c.kind}: {c.quote}" for c in found)
            result.append(Suggestion("claims", block.text[start:end], (reader.place(block, start, end),),
                                     note, stub))
    return result


def dates(reader: Reader) -> list[Suggestion]:
    """Each date no timeline event spans, the most frequent first, then the earliest."""
    found: dict[str, tuple[PartialDate, list]] = {}
    for block in reader.blocks:
        for start, end, date in dates_in(block.text, block.article.published):
            if block.overlaps(block.quoted, start, end) or _on_timeline(reader.content, date):
                continue
            found.setdefault(date.iso, (date, []))[1].append((block, start, end))
    result = []
    for date, occurrences in found.values():
        block, start, end = min(occurrences, key=lambda o: (o[0].order, o[1]))
        words = block.text[start:end]
        stub = stubs.event(reader.new_id(f"ev-{date.iso}"), date, words)
        result.append((-len(occurrences), (block.order, start),
                       Suggestion("dates", words, reader.places(occurrences), date.text, stub)))
    return [s for *_, s in sorted(result, key=lambda r: r[:2])]


def _on_timeline(content: model.Content, date: PartialDate) -> bool:
    return any(e.date.first_day <= date.last_day and date.first_day <= (e.end or e.date).last_day
               for e in content.events)


def unused(reader: Reader) -> list[Suggestion]:
    """Actors and terms nothing mentions, links to or lists; sources nothing cites."""
    # The same uses as `check`'s warning counts (usage.py): the key points and bylines too.
    used = {entry_id for entry_id, use in usage(reader.linked).items() if use.count}
    result = []
    for entries, what in ((reader.content.actors, "mentioned, linked or listed nowhere: mention"),
                          (reader.content.terms, "mentioned, linked or listed nowhere: mention"),
                          (reader.content.sources, "cited nowhere: cite")):
        for entry in entries:
            if entry.id not in used:
                origin = entry.origin
                result.append(Suggestion(
                    "unused", entry.id, (Place(origin.path, origin.line, origin.column),),
                    f"'{entry.id}' is {what} it or remove it", ""))
    return result
