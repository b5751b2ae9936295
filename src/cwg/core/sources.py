"""Records a drafted text may cite as the source of its words, found through the apps that own them.

drafting sits beside consultations and decisions and may not import them: each of those apps
registers, in its AppConfig.ready, how to find one of its records by key for a reader
(`register("decision", finder)`). A finder returns None both for a record that does not exist and
for one the reader may not see, so that a refusal never tells the two apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Cited:
    kind: str  # "response", "decision"
    key: str  # the record's key in its app: a receipt, an id
    label: str  # how a reader names it, e.g. "CWG-1/12 decision 2"
    group_id: int | None  # the group the record belongs to


Finder = Callable[[object, str], Cited | None]
_FINDERS: dict[str, Finder] = {}


def register(kind: str, finder: Finder) -> None:
    _FINDERS[kind] = finder


def kinds() -> list[str]:
    return sorted(_FINDERS)


def find(reader, kind: str, key: str) -> Cited | None:
    """The record `kind`/`key` as `reader` may see it, or None (unknown kind, no such record, or
    hidden from the reader)."""
    finder = _FINDERS.get(kind)
    if finder is None:
        return None
    return finder(reader, str(key)[:80])
