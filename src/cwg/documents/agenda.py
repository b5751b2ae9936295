"""The documents under a meeting's agenda items: the link documents owns and registers with meetings."""

from __future__ import annotations

from cwg.core.exceptions import InvalidInput
from cwg.documents.models import Document
from cwg.documents.queries import visible_documents

AgendaLink = Document.agenda_items.through


def _label(symbol: str, revision: int) -> str:
    return f"{symbol} (Rev.{revision})" if revision else symbol


class AgendaDocuments:
    """Registered in DocumentsConfig.ready() as meetings' `agenda_documents` provider."""

    def check(self, meeting, ids):
        found = set(
            Document.objects.filter(pk__in=ids, group_id=meeting.group_id).values_list(
                "pk", flat=True
            )
        )
        missing = sorted(set(ids) - found)
        if missing:
            raise InvalidInput(
                f"document {missing[0]} is not a document of {meeting.group}", field="documents"
            )
        return sorted(ids)

    def ids_by_symbol(self, meeting, symbols):
        return dict(
            Document.objects.filter(group_id=meeting.group_id, symbol__in=symbols).values_list(
                "symbol", "pk"
            )
        )

    def linked(self, item):
        return list(
            AgendaLink.objects.filter(agendaitem=item)
            .order_by("document_id")
            .values_list("document_id", flat=True)
        )

    def replace(self, item, ids):
        item.documents.set(ids)

    def labelled(self, item):
        return [
            (pk, _label(symbol, revision))
            for pk, symbol, revision in item.documents.order_by("number", "id").values_list(
                "pk", "symbol", "current_revision"
            )
        ]

    def visible_by_item(self, user, meeting):
        """Two queries' worth: the visible documents of the meeting joined to the links."""
        links: dict[int, list[tuple[int, str]]] = {}
        for item_id, doc_id, symbol, revision in (
            AgendaLink.objects.filter(
                agendaitem__meeting=meeting,
                document_id__in=visible_documents(user).filter(meeting=meeting).values("id"),
            )
            .order_by("document__number", "document_id")
            .values_list(
                "agendaitem_id", "document_id", "document__symbol", "document__current_revision"
            )
        ):
            links.setdefault(item_id, []).append((doc_id, _label(symbol, revision)))
        return links
