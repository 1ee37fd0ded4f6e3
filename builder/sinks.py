"""Where a build's pages go: a staging folder (write.Staging), memory, or nowhere.

    sink.write("glossary/index.html", data)    # bytes, or pieces as they are made
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class Sink(Protocol):
    shared: bool
    """True when any process may write (a folder): workers then write their
    pages themselves; else they send them back and the parent writes them."""

    def write(self, rel: str, data: bytes | Iterable[bytes]) -> None:
        """Pieces are written as they come (a shared sink) or joined."""


class Collect:
    """For the dev server: the pages this build rendered, by output path."""

    shared = False

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def write(self, rel: str, data: bytes | Iterable[bytes]) -> None:
        self.files[rel] = data if isinstance(data, bytes) else b"".join(data)


class Discard:
    """For `check`: pages are rendered (templates are checked) and dropped."""

    shared = True

    def write(self, rel: str, data: bytes | Iterable[bytes]) -> None:
        for _ in ([] if isinstance(data, bytes) else data):
            pass  # made, so that a template error is found
