"""What validation keeps between the dev server's builds (validate.py).

    cache = ValidationCache()                # the dev server's, in its Memo
    validate(raw, root, base_url, cache)     # reads every file
    validate(raw2, root, base_url, cache)    # reads again only the files whose parse changed

Load keeps an unchanged file's parse (the very object), so a reading is
found by identity: whatever reading a file found (entries, problems, the
Markdown it holds) is joined into the build's Validator as if it had been
read again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from builder import model
from builder.markdown.wikilinks import may_name

if TYPE_CHECKING:
    from builder.validate import Validator


class ValidationCache:
    """What validation keeps between the dev server's builds: the reading of each
    file whose parse is the same object as last time (load and the YAML parser
    keep those of unchanged texts), and the ids each Markdown text may name.

    A reading depends on its parse alone: it sees no other file, nothing on
    disk and nothing loading found (its Validator has no load problems), so a
    check that does (ids taken by another file, a slug, a seed) is made
    after it, on every build."""

    @dataclass(frozen=True, slots=True)
    class Reading:
        source: object
        """The parse it was read from."""
        validator: Validator
        """What reading it found (a Validator of its own; Validator.absorb)."""
        result: object

    def __init__(self) -> None:
        self.readings: dict[str, ValidationCache.Reading] = {}
        self.names: dict[model.Markdown, set[str]] = {}
        self._kept: tuple[dict, dict] = ({}, {})
        self._root: Path | None = None
        self._new_validator: Callable[[], Validator] | None = None

    def start(self, root: Path, new_validator: Callable[[], Validator]) -> None:
        """A new validation: what the last one read may be used (if it read the
        same project); only what this one reads is kept. A reading is made on
        a validator of its own, from `new_validator`."""
        kept = (self.readings, self.names) if root == self._root else ({}, {})
        self._kept, self.readings, self.names, self._root = kept, {}, {}, root
        self._new_validator = new_validator

    def reading(self, key: str, source: object, read: Callable[[Validator], object]) -> Reading:
        """`read` run on a Validator of its own, or what it gave for the same `source` last time."""
        known = self._kept[0].get(key)
        if known is None or known.source is not source:
            sub = self._new_validator()
            known = self.Reading(source, sub, read(sub))
        self.readings[key] = known
        return known

    def may_name(self, text: model.Markdown) -> set[str]:
        names = self._kept[1].get(text)
        if names is None:
            names = may_name(text.text)
        self.names[text] = names
        return names
