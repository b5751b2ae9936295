"""The documents examined under agenda items, as the documents app (above meetings) registers them.

meetings keeps the agenda; the documents app owns the link (`Document.agenda_items`) and, in its
AppConfig.ready(), registers how the link is checked, read and replaced, so meetings never imports it.
"""

from __future__ import annotations

from typing import Protocol

from cwg.core.exceptions import InvalidInput


class AgendaDocuments(Protocol):
    def check(self, meeting, ids: list[int]) -> list[int]:
        """The ids if each is a document of the meeting's group; else InvalidInput on "documents"."""

    def ids_by_symbol(self, meeting, symbols: list[str]) -> dict[str, int]:
        """The ids of the group's documents with these symbols (missing symbols are left out)."""

    def linked(self, item) -> list[int]:
        """The ids of the documents under the item."""

    def replace(self, item, ids: list[int]) -> None:
        """Make the item list exactly these documents."""

    def labelled(self, item) -> list[tuple[int, str]]:
        """(id, symbol as displayed) of every document under the item, in symbol order."""

    def visible_by_item(self, user, meeting) -> dict[int, list[tuple[int, str]]]:
        """{item id: (id, symbol as displayed)} of the documents the person may see."""


class NoDocuments:
    """What an agenda lists when no app registered documents: nothing, and it accepts none."""

    def check(self, meeting, ids):
        if ids:
            message = f"document {ids[0]} is not a document of {meeting.group}"
            raise InvalidInput(message, field="documents")
        return []

    def ids_by_symbol(self, meeting, symbols):
        return {}

    def linked(self, item):
        return []

    def replace(self, item, ids):
        if ids:
            raise InvalidInput("no documents can be listed", field="documents")

    def labelled(self, item):
        return []

    def visible_by_item(self, user, meeting):
        return {}


_registered: list[AgendaDocuments] = []


def register(provider: AgendaDocuments) -> None:
    """Called by the documents app when ready; the last registration wins (ready may run twice)."""
    _registered[:] = [provider]


def provider() -> AgendaDocuments:
    return _registered[0] if _registered else NoDocuments()
