"""A meeting filled with many documents in a few statements, for load tests and benchmarks."""

from __future__ import annotations

from django.utils import timezone

from cwg.core.access_levels import AccessLevel
from cwg.documents.models import (
    Document,
    DocumentFile,
    DocumentType,
    SourceKind,
    TranslationStatus,
)
from cwg.meetings.models import AgendaItem

LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")


def fill_meeting(meeting, count: int, *, states=(), agenda_items: int = 5) -> list:
    """Add `count` documents with their language files, sources and agenda links, in bulk."""
    now = timezone.now()
    start = meeting.next_document_number
    docs = Document.objects.bulk_create(
        [
            Document(
                group_id=meeting.group_id,
                meeting=meeting,
                number=start + i,
                symbol=f"{meeting.symbol_prefix}/{start + i}",
                document_type=DocumentType.CONTRIBUTION,
                source_kind=SourceKind.MEMBER_STATE if states else SourceKind.SECRETARIAT,
                title={"en": f"Contribution {start + i}", "fr": f"Contribution {start + i}"},
                access_level=AccessLevel.MEMBERS if i % 10 == 9 else AccessLevel.INHERIT,
                submitted_at=now,
                is_late=i % 17 == 0,
            )
            for i in range(count)
        ]
    )
    meeting.next_document_number = start + count
    meeting.save(update_fields=["next_document_number"])
    if any(d.pk is None for d in docs):  # backends that do not return ids
        docs = list(Document.objects.filter(meeting=meeting).order_by("number"))
    files = []
    for i, doc in enumerate(docs):
        for j, language in enumerate(LANGUAGES[: 1 + i % 6]):
            files.append(
                DocumentFile(
                    document=doc,
                    revision=0,
                    language=language,
                    translation_status=TranslationStatus.ORIGINAL
                    if j == 0
                    else (TranslationStatus.AVAILABLE if j % 2 else TranslationStatus.REQUESTED),
                    uploaded_at=now,
                )
            )
    DocumentFile.objects.bulk_create(files)
    if states:
        through = Document.source_states.through
        through.objects.bulk_create(
            [
                through(document_id=doc.pk, memberstate_id=states[i % len(states)].pk)
                for i, doc in enumerate(docs)
            ]
        )
    if agenda_items:
        first = (
            AgendaItem.objects.filter(meeting=meeting)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
        items = AgendaItem.objects.bulk_create(
            [
                AgendaItem(meeting=meeting, number=first + k, title={"en": f"Item {first + k}"})
                for k in range(agenda_items)
            ]
        )
        if any(item.pk is None for item in items):
            items = list(AgendaItem.objects.filter(meeting=meeting, number__gte=first))
        link = Document.agenda_items.through
        link.objects.bulk_create(
            [
                link(agendaitem_id=items[i % len(items)].pk, document_id=doc.pk)
                for i, doc in enumerate(docs)
            ]
        )
    return docs
