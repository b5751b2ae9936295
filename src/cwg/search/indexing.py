"""Keeping the index in step with the records: what each record contributes, per language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction

from cwg.consultations.models import Consultation, Submission
from cwg.decisions.models import Action, Decision
from cwg.documents.models import Document
from cwg.meetings.models import Meeting
from cwg.search.models import Kind, SearchEntry
from cwg.search.normalise import LANGUAGES, index_text

MAX_BODY = 200_000  # characters of text kept per entry (a long file is cut, not refused)


@dataclass
class Row:
    language: str
    title: str
    body: str = ""


def _langs(*texts: dict | None) -> list[str]:
    found = {lang for texts_ in texts for lang in (texts_ or {}) if lang in LANGUAGES}
    return sorted(found)


def _text(texts: dict | None, language: str) -> str:
    return str((texts or {}).get(language) or "")


def _year(value) -> int | None:
    return value.year if value else None


def _at(value) -> dt.datetime | None:
    if isinstance(value, dt.datetime) or value is None:
        return value
    return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)


def _document(document: Document) -> tuple[dict, list[Row]]:
    texts = {}  # extracted file text per language, when the documents app keeps it
    for file in document.files.all():
        if file.revision == document.current_revision:
            texts[file.language] = getattr(file, "text", "") or ""
    langs = sorted(set(_langs(document.title)) | {lang for lang in texts if lang in LANGUAGES})
    fields = {
        "group_id": document.group_id,
        "meeting_id": document.meeting_id,
        "year": _year(document.submitted_at),
        "date": document.submitted_at,
        "symbol": document.symbol,
    }
    return fields, [
        Row(lang, _text(document.title, lang) or document.display_title(lang), texts.get(lang, ""))
        for lang in langs
    ]


def _decision(decision: Decision) -> tuple[dict, list[Row]]:
    meeting = decision.meeting
    fields = {
        "group_id": meeting.group_id,
        "meeting_id": meeting.id,
        "year": _year(meeting.start_date),
        "date": _at(decision.approved_at or meeting.start_date),
    }
    rows = [
        Row(
            lang,
            _text(decision.text, lang)[:300],
            "\n".join(
                _text(t, lang) for t in (decision.noted, decision.text, decision.deliverable)
            ),
        )
        for lang in _langs(decision.text, decision.noted, decision.deliverable)
    ]
    return fields, rows


def _action(action: Action) -> tuple[dict, list[Row]]:
    meeting = action.decision.meeting
    fields = {
        "group_id": meeting.group_id,
        "meeting_id": meeting.id,
        "year": _year(meeting.start_date),
        "date": _at(action.due_date or meeting.start_date),
        "parent": str(action.decision_id),
    }
    rows = [
        Row(lang, _text(action.description, lang)[:300], _text(action.description, lang))
        for lang in _langs(action.description)
    ]
    return fields, rows


def _meeting(meeting: Meeting) -> tuple[dict, list[Row]]:
    items = list(meeting.agenda_items.all())
    fields = {
        "group_id": meeting.group_id,
        "meeting_id": meeting.id,
        "year": _year(meeting.start_date),
        "date": _at(meeting.start_date),
    }
    langs = _langs(meeting.title, *(i.title for i in items)) or ["en"]
    rows = [
        Row(
            lang,
            _text(meeting.title, lang) or str(meeting),
            "\n".join(f"{_text(i.title, lang)} {_text(i.description, lang)}" for i in items),
        )
        for lang in langs
    ]
    return fields, rows


def _consultation(consultation: Consultation) -> tuple[dict, list[Row]]:
    questions = list(consultation.questions.all())
    fields = {
        "group_id": consultation.group_id,
        "meeting_id": consultation.launched_at_meeting_id,
        "year": _year(consultation.opens_at),
        "date": consultation.opens_at,
        "symbol": consultation.slug,
    }
    rows = [
        Row(
            lang,
            consultation.display_topic(lang),
            "\n".join(_text(q.text, lang) for q in questions),
        )
        for lang in _langs(consultation.topic, *(q.text for q in questions))
    ]
    return fields, rows


def _submission(submission: Submission) -> tuple[dict, list[Row]]:
    consultation = submission.consultation
    fields = {
        "group_id": consultation.group_id,
        "meeting_id": consultation.launched_at_meeting_id,
        "year": _year(submission.submitted_at),
        "date": submission.submitted_at,
        "symbol": submission.receipt,
        "parent": consultation.slug,
    }
    if not submission.is_published:
        return fields, []
    who = submission.name + (f" ({submission.organisation})" if submission.organisation else "")
    lang = submission.language if submission.language in LANGUAGES else "en"
    return fields, [Row(lang, who, submission.full_text())]


@dataclass(frozen=True)
class Source:
    model: type
    describe: Callable
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()


SOURCES: dict[str, Source] = {
    Kind.DOCUMENT: Source(Document, _document, ("group",), ("files",)),
    Kind.DECISION: Source(Decision, _decision, ("meeting",)),
    Kind.ACTION: Source(Action, _action, ("decision__meeting",)),
    Kind.MEETING: Source(Meeting, _meeting, ("group",), ("agenda_items",)),
    Kind.CONSULTATION: Source(Consultation, _consultation, (), ("questions",)),
    Kind.SUBMISSION: Source(Submission, _submission, ("consultation",)),
}


def _entries(kind: str, record) -> list[SearchEntry]:
    fields, rows = SOURCES[kind].describe(record)
    entries = []
    for row in rows:
        body = row.body[:MAX_BODY]
        symbol = fields.get("symbol", "") if kind != Kind.SUBMISSION else ""
        entries.append(
            SearchEntry(
                kind=kind,
                record_id=record.pk,
                language=row.language,
                title=row.title,
                body=body,
                terms=index_text(f"{symbol} {row.title} {body}", row.language),
                **fields,
            )
        )
    return entries


def _records(kind: str):
    source = SOURCES[kind]
    return source.model.objects.select_related(*source.related).prefetch_related(*source.prefetch)


@transaction.atomic
def reindex_record(kind: str, record_id: int) -> int:
    """Replace the entries of one record (none left when it is gone); how many it now has."""
    SearchEntry.objects.filter(kind=kind, record_id=record_id).delete()
    record = _records(kind).filter(pk=record_id).first()
    if record is None:
        return 0
    entries = _entries(kind, record)
    SearchEntry.objects.bulk_create(entries)
    return len(entries)


def count_records(kinds=tuple(SOURCES)) -> int:
    return sum(SOURCES[kind].model.objects.count() for kind in kinds)


def reindex_all(kinds=tuple(SOURCES), batch: int = 500) -> Iterator[int]:
    """Rebuild the index of `kinds`, yielding after each batch how many records it read."""
    for kind in kinds:
        with transaction.atomic():
            SearchEntry.objects.filter(kind=kind).delete()
            done, entries = 0, []
            for record in _records(kind).order_by("pk").iterator(chunk_size=batch):
                entries.extend(_entries(kind, record))
                done += 1
                if done % batch == 0:
                    SearchEntry.objects.bulk_create(entries)
                    entries = []
                    yield batch
            SearchEntry.objects.bulk_create(entries)
            yield done % batch
