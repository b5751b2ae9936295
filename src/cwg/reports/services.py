"""Every write of the reports domain: cover-sheet settings and storing a generated report."""

from __future__ import annotations

import datetime as dt
import re

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cwg.core import audit
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.files import atomic_with_files
from cwg.core.i18n import validate_texts
from cwg.documents import services as document_services
from cwg.documents import symbols
from cwg.documents.models import Document, DocumentType, SourceKind
from cwg.groups.models import Group
from cwg.reports import generation, permissions, queries
from cwg.reports.annexes import agreed_text
from cwg.reports.models import (
    CouncilAgendaItem,
    CouncilOutcome,
    CouncilSession,
    CouncilSubmission,
    CoverSheet,
    ReportAnnex,
    ReportFormat,
    ReportKind,
)

STORABLE_FORMATS = (ReportFormat.DOCX, ReportFormat.PDF)


def update_cover_sheet(actor, group: Group, **changes) -> CoverSheet:
    """Set cover-sheet texts ({language: text}) or the Council document symbol of a group."""
    if not permissions.can_edit_cover_sheet(actor, group):
        raise NotAllowed("only the group's secretariat sets the report cover sheet", field="group")
    allowed = {*CoverSheet.TEXT_FIELDS, "document_symbol"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise InvalidInput(f"unknown cover-sheet field {unknown[0]!r}", field=unknown[0])
    cleaned = {}
    for name, value in changes.items():
        if name == "document_symbol":
            value = str(value or "").strip()
            if len(value) > 60:
                raise InvalidInput("the document symbol is at most 60 characters", field=name)
            cleaned[name] = value
        else:
            try:
                cleaned[name] = validate_texts(value or {})
            except InvalidInput as exc:
                raise InvalidInput(f"{name}: {exc.message}", field=name) from None
    with transaction.atomic():
        sheet, _ = CoverSheet.objects.select_for_update().get_or_create(group=group)
        before = audit.snapshot(sheet, exclude=("id",))
        for name, value in cleaned.items():
            setattr(sheet, name, value)
        sheet.save()
        audit.record(
            actor,
            "report_cover_sheet.updated",
            sheet,
            group_id=group.pk,
            before=before,
            after=audit.snapshot(sheet, exclude=("id",)),
        )
    return sheet


def _annex_kind(kind) -> str:
    kind = str(kind or "").strip().lower()
    if kind not in ReportKind.values:
        raise InvalidInput(
            f"unknown report {kind!r}; use one of {', '.join(ReportKind.values)}", field="kind"
        )
    return kind


def annex_text(actor, group: Group, kind, slug) -> ReportAnnex:
    """Annex the group's agreed text `slug` to its reports of one kind (chair or cycle)."""
    if not permissions.can_choose_annexes(actor, group):
        raise NotAllowed("only the group's secretariat annexes texts to its reports", field="group")
    kind = _annex_kind(kind)
    with transaction.atomic():
        text = agreed_text(group, slug)
        Group.objects.select_for_update().get(pk=group.pk)  # one choice at a time per group
        if ReportAnnex.objects.filter(group=group, kind=kind, text=text).exists():
            raise Conflict(f"the text {text.slug!r} is already annexed to this report")
        annex = ReportAnnex.objects.create(group=group, kind=kind, text=text, chosen_by=actor)
        audit.record(
            actor,
            "report_annex.added",
            annex,
            group_id=group.pk,
            after={"kind": kind, "text": text.slug},
        )
    return annex


def remove_annex(actor, group: Group, kind, slug) -> None:
    """Take the text `slug` out of the annexes of the group's reports of one kind."""
    if not permissions.can_choose_annexes(actor, group):
        raise NotAllowed("only the group's secretariat annexes texts to its reports", field="group")
    kind = _annex_kind(kind)
    with transaction.atomic():
        annex = (
            ReportAnnex.objects.select_for_update()
            .filter(group=group, kind=kind, text__slug=str(slug or "").strip()[:80])
            .first()
        )
        if annex is None:
            raise InvalidInput(f"the text {slug!r} is not annexed to this report", field="text")
        audit.record(
            actor,
            "report_annex.removed",
            annex,
            group_id=group.pk,
            before={"kind": kind, "text": annex.text.slug},
        )
        annex.delete()


def store_chair_report(
    actor,
    group: Group,
    meetings,
    languages: list[str],
    *,
    file_format: str = ReportFormat.DOCX,
    issued_on: dt.date | None = None,
) -> Document:
    """Generate the Chair's report in each language and post it as one document of the group.

    Every language is written before anything is stored, so a gap in the records stores nothing.
    """
    if not permissions.can_store_report(actor, group):
        raise NotAllowed("only the group's secretariat posts the Chair's report", field="group")
    if file_format not in STORABLE_FORMATS:
        raise InvalidInput("a stored report is a DOCX or a PDF file", field="format")
    languages = list(dict.fromkeys(generation.check_language(code) for code in languages))
    if not languages:
        raise InvalidInput("choose at least one language", field="lang")
    files = [
        generation.produce(
            generation.chair_composition(group, meetings, language, issued_on), file_format
        )
        for language in languages
    ]
    # Every language's file is kept, or (if any write fails) none is.
    with atomic_with_files():
        first = files[0]
        document = document_services.submit_document(
            actor,
            group=group,
            document_type=DocumentType.CHAIR_REPORT,
            source_kind=SourceKind.CHAIR,
            title={f.composition.language: f.composition.title for f in files},
            original_language=first.composition.language,
            file=ContentFile(first.content, name=first.filename),
        )
        for report in files[1:]:
            document_services.upload_version(
                actor,
                document,
                language=report.composition.language,
                file=ContentFile(report.content, name=report.filename),
            )
        audit.record(
            actor,
            "report.stored",
            document,
            group_id=group.pk,
            after={
                "kind": "chair",
                "meetings": files[0].composition.symbol,
                "languages": languages,
                "format": file_format,
            },
        )
    return document


# ---------------------------------------------------------------- Council sessions

SESSION_CODE = re.compile(r"[A-Z]{1,3}\d{2}")


def _council_snapshot(record) -> dict:
    return audit.snapshot(record, exclude=("id",))


def _texts(value, field: str, *, required: bool = False) -> dict:
    try:
        texts = validate_texts(value or {}, required=("en",) if required else ())
    except InvalidInput as exc:
        raise InvalidInput(f"{field}: {exc.message}", field=field) from None
    for code, text in texts.items():
        if len(text) > 300:
            raise InvalidInput(f"the {code} {field} is longer than 300 characters", field=field)
    return texts


def _date_value(value, field: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise InvalidInput(f"{field} must be a date such as 2026-05-12", field=field) from None


def create_council_session(actor, *, code, start_date, end_date, venue=None) -> CouncilSession:
    """Record a Council session (e.g. C26) to which groups may submit their reports."""
    if not permissions.can_manage_council_sessions(actor):
        raise NotAllowed("only the secretariat records Council sessions", field="code")
    code = str(code or "").strip().upper()
    if not SESSION_CODE.fullmatch(code):
        raise InvalidInput("the session code is written like C26", field="code")
    start = _date_value(start_date, "start_date")
    end = _date_value(end_date, "end_date")
    if end < start:
        raise InvalidInput("the session ends before it starts", field="end_date")
    venue = _texts(venue, "venue")
    with transaction.atomic():
        if CouncilSession.objects.filter(code=code).exists():
            raise Conflict(f"the Council session {code} is already recorded", field="code")
        session = CouncilSession.objects.create(
            code=code, start_date=start, end_date=end, venue=venue
        )
        audit.record(actor, "council_session.created", session, after=_council_snapshot(session))
    return session


def add_council_agenda_item(actor, session: CouncilSession, *, number, title) -> CouncilAgendaItem:
    """Add an item to a Council session's agenda (its number and its title per language)."""
    if not permissions.can_manage_council_sessions(actor):
        raise NotAllowed("only the secretariat records Council agenda items", field="session")
    number = str(number or "").strip()
    if not number or len(number) > 20:
        raise InvalidInput("give the item's number (at most 20 characters)", field="number")
    title = _texts(title, "title", required=True)
    with transaction.atomic():
        if CouncilAgendaItem.objects.filter(session=session, number=number).exists():
            raise Conflict(f"{session.code} already has an agenda item {number}", field="number")
        item = CouncilAgendaItem.objects.create(session=session, number=number, title=title)
        audit.record(actor, "council_agenda_item.created", item, after=_council_snapshot(item))
    return item


def submit_to_council(
    actor,
    group: Group,
    *,
    session: CouncilSession,
    agenda_item: CouncilAgendaItem,
    meetings,
    document_date,
    original_language: str,
) -> CouncilSubmission:
    """Submit the group's Chair's report on some meetings to a Council session.

    Fixes the agenda item, the date the document carries and its original language, and takes
    the next number of the session's documents (C26/<number>). The report must be complete in
    its original language on that date.
    """
    if not permissions.can_submit_to_council(actor, group):
        raise NotAllowed(
            "only the group's secretariat submits its report to Council", field="group"
        )
    if agenda_item.session_id != session.pk:
        raise InvalidInput(
            f"agenda item {agenda_item.number} is not on the agenda of {session.code}",
            field="agenda_item",
        )
    if document_date in (None, ""):
        raise InvalidInput("give the date the document carries", field="date")
    document_date = _date_value(document_date, "date")
    original_language = generation.check_language(original_language)
    numbers = queries.parse_meeting_numbers(meetings)
    queries.check_meetings_exist(group, numbers)
    # The report must be complete as it will be read: ReportIncomplete names what is missing.
    generation.chair_composition(group, numbers, original_language, document_date)
    with transaction.atomic():
        if CouncilSubmission.objects.filter(
            session=session, group=group, meetings=numbers
        ).exists():
            raise Conflict(
                f"the report on meetings {','.join(map(str, numbers))} is already submitted to "
                f"{session.code}",
                field="session",
            )
        number = symbols.next_scoped_number(
            session.symbol_scope,
            session.start_date.year,
            CouncilSubmission.objects.filter(session=session),
        )
        submission = CouncilSubmission.objects.create(
            session=session,
            agenda_item=agenda_item,
            group=group,
            meetings=numbers,
            number=number,
            document_date=document_date,
            original_language=original_language,
            submitted_by=actor if getattr(actor, "pk", None) else None,
            submitted_at=timezone.now(),
        )
        audit.record(
            actor,
            "council.submitted",
            submission,
            label=submission.symbol,
            group_id=group.pk,
            after=_council_snapshot(submission),
        )
    return submission


def record_council_outcome(
    actor, submission: CouncilSubmission, *, outcome: str, reference: str = "", date=None
) -> CouncilSubmission:
    """Record what Council did with a submitted report ("took note", "approved")."""
    if not permissions.can_record_council_outcome(actor, submission.group):
        raise NotAllowed("only the group's secretariat records Council's outcome", field="group")
    if outcome not in CouncilOutcome.values:
        raise InvalidInput(
            f"unknown outcome {outcome!r}; use one of {', '.join(CouncilOutcome.values)}",
            field="outcome",
        )
    reference = str(reference or "").strip()
    if len(reference) > 120:
        raise InvalidInput("the decision reference is at most 120 characters", field="reference")
    if date in (None, ""):
        raise InvalidInput("give the date of Council's outcome", field="date")
    date = _date_value(date, "date")
    if date < submission.document_date:
        raise InvalidInput("Council cannot act before the document's date", field="date")
    with transaction.atomic():
        locked = CouncilSubmission.objects.select_for_update().get(pk=submission.pk)
        before = _council_snapshot(locked)
        locked.outcome, locked.outcome_reference, locked.outcome_date = outcome, reference, date
        locked.save(update_fields=["outcome", "outcome_reference", "outcome_date"])
        audit.record(
            actor,
            "council.outcome_recorded",
            locked,
            label=locked.symbol,
            group_id=locked.group_id,
            before=before,
            after=_council_snapshot(locked),
        )
    return locked
