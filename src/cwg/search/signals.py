"""The index follows every saved or deleted record (hooked from `SearchConfig.ready`)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from cwg.consultations.models import Consultation, Question, Submission
from cwg.decisions.models import Action, Decision
from cwg.documents.models import Document, DocumentFile
from cwg.meetings.models import AgendaItem, Meeting
from cwg.search.indexing import reindex_record
from cwg.search.models import Kind

# model → (kind of the entry it feeds, how to find that record's id from an instance)
FEEDS = {
    Document: (Kind.DOCUMENT, lambda o: o.pk),
    DocumentFile: (Kind.DOCUMENT, lambda o: o.document_id),
    Decision: (Kind.DECISION, lambda o: o.pk),
    Action: (Kind.ACTION, lambda o: o.pk),
    Meeting: (Kind.MEETING, lambda o: o.pk),
    AgendaItem: (Kind.MEETING, lambda o: o.meeting_id),
    Consultation: (Kind.CONSULTATION, lambda o: o.pk),
    Question: (Kind.CONSULTATION, lambda o: o.consultation_id),
    Submission: (Kind.SUBMISSION, lambda o: o.pk),
}


def _changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # fixtures being loaded: `cwg search reindex` follows
        return
    kind, record_id = FEEDS[sender]
    reindex_record(kind, record_id(instance))


def connect() -> None:
    for model in FEEDS:
        post_save.connect(_changed, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"search-del-{model.__name__}")
