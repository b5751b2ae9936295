"""The documents' metadata as an open-data export: one row per document the reader may see."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse

from cwg.core.exports import Dataset, keyset_batches
from cwg.documents.models import DocumentFile
from cwg.documents.queries import visible_documents

LANGUAGES = tuple(settings.UN_LANGUAGES)
COLUMNS = (
    "id",
    "symbol",
    "group",
    "meeting",
    "document_type",
    "source_kind",
    "original_language",
    "access",
    "submitted_at",
    "revision",
    "withdrawn",
    *(f"title_{code}" for code in LANGUAGES),
    "languages",
    "url",
)


def rows(user) -> Iterator[tuple]:
    files = DocumentFile.objects.exclude(file="").only("id", "document_id", "revision", "language")
    documents = (
        visible_documents(user)
        .select_related("group", "meeting__group")
        .prefetch_related(Prefetch("files", queryset=files))
    )
    for doc in keyset_batches(documents):
        languages = sorted(
            {f.language for f in doc.files.all() if f.revision == doc.current_revision}
        )
        yield (
            doc.pk,
            doc.symbol,
            doc.group.slug,
            doc.meeting.number if doc.meeting_id else None,
            doc.document_type,
            doc.source_kind,
            doc.original_language,
            doc.effective_access(),
            doc.submitted_at,
            doc.current_revision,
            doc.withdrawn,
            *(doc.title.get(code, "") for code in LANGUAGES),
            " ".join(languages),
            reverse("api:documents_detail", args=[doc.pk]),
        )


DATASET = Dataset("documents", COLUMNS, rows)
