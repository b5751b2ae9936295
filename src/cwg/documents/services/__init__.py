"""Every write to documents: submission, contributions, files, revisions, access, withdrawal."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cwg.core import audit
from cwg.core.access_levels import AccessLevel
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.files import FileBatch, atomic_with_files
from cwg.core.i18n import validate_texts
from cwg.documents import permissions, symbols
from cwg.documents.models import (
    Document,
    DocumentFile,
    DocumentRevision,
    DocumentType,
    MeetingReport,
    ReportState,
    SourceKind,
    TextStatus,
    TranslationStatus,
)
from cwg.documents.tasks import extract_after_commit
from cwg.documents.uploads import check_upload
from cwg.meetings import deadlines, notifications
from cwg.meetings.models import MeetingStatus
from cwg.registry import access
from cwg.registry.models import MemberState

SNAPSHOT_EXCLUDE = ("search_text",)


def _snapshot(document: Document) -> dict:
    return audit.snapshot(document, exclude=SNAPSHOT_EXCLUDE)


# ---------------------------------------------------------------- checks shared by the writes


def check_language(language: str, field: str = "language") -> str:
    if language not in settings.UN_LANGUAGES:
        raise InvalidInput(
            f"unknown language {language!r}; use one of {', '.join(settings.UN_LANGUAGES)}",
            field=field,
        )
    return language


def check_access_level(level: str) -> str:
    if level not in AccessLevel.values:
        raise InvalidInput(
            f"unknown access level {level!r}; use one of {', '.join(AccessLevel.values)}",
            field="access_level",
        )
    return level


def check_title(title, original_language: str) -> dict:
    try:
        texts = validate_texts(title, required=(original_language,))
    except InvalidInput as exc:
        raise InvalidInput(
            f"title: {exc.message} (the title is required in the original language)",
            field="title",
        ) from None
    for code, text in texts.items():
        if len(text) > 500:
            raise InvalidInput(f"the {code} title is longer than 500 characters", field="title")
    return texts


def _states(values: Iterable, field: str) -> list[MemberState]:
    """Member States from instances, ids or ISO alpha-3 codes; refuse unknown ones by name."""
    result: list[MemberState] = []
    for value in values:
        if isinstance(value, MemberState):
            state = value
        elif isinstance(value, int):
            state = MemberState.objects.filter(pk=value).first()
        else:
            state = MemberState.objects.filter(iso3=str(value).strip().upper()).first()
        if state is None:
            raise InvalidInput(f"unknown Member State {value!r}", field=field)
        if state not in result:
            result.append(state)
    return result


def report_is_frozen(document: Document, revision: int | None = None) -> bool:
    """Whether the document (or this revision of it) belongs to an approved meeting report."""
    if document.document_type != DocumentType.MEETING_REPORT:
        return False
    # Read afresh: a cached report could predate an approval made since.
    report = (
        MeetingReport.objects.filter(document_id=document.pk)
        .values("state", "approved_revision")
        .first()
    )
    if report is None or report["state"] != ReportState.APPROVED:
        return False
    if revision is None:
        return True
    approved = report["approved_revision"]
    return approved is None or revision <= approved


def _refuse_if_approved(document: Document, what: str, revision: int | None = None) -> None:
    if report_is_frozen(document, revision):
        raise Conflict(
            f"{document.symbol} is an approved meeting report and cannot be changed ({what}); "
            "issue a corrigendum as a new revision instead",
            code="ReportApproved",
        )


def _refuse_if_withdrawn(document: Document) -> None:
    if document.withdrawn:
        raise Conflict(f"{document.symbol} has been withdrawn and can no longer be changed")


# ---------------------------------------------------------------- creating documents


def _allocate(document: Document, now) -> None:
    if document.meeting_id:
        document.number = symbols.next_meeting_number(document.meeting)
        document.symbol = symbols.meeting_symbol(document.meeting, document.number)
    else:
        document.series_year = now.year
        document.number = symbols.next_group_number(document.group, now.year)
        document.symbol = symbols.group_symbol(document.group, now.year, document.number)


def create_record(
    actor,
    *,
    group,
    meeting,
    document_type: str,
    source_kind: str,
    title: dict,
    original_language: str,
    access_level: str,
    states: list[MemberState],
    submitting_state: MemberState | None,
    is_late: bool,
    file,
    stored: FileBatch,
    now,
) -> Document:
    document = Document(
        group=group,
        meeting=meeting,
        document_type=document_type,
        source_kind=source_kind,
        title=title,
        original_language=original_language,
        access_level=access_level,
        submitting_state=submitting_state,
        submitted_by=actor if getattr(actor, "pk", None) else None,
        submitted_at=now,
        is_late=is_late,
    )
    _allocate(document, now)
    document.save()
    if states:
        document.source_states.set(states)
    DocumentRevision.objects.create(
        document=document,
        revision=0,
        title=title,
        created_at=now,
        created_by=document.submitted_by,
    )
    if file is not None:
        _store_file(actor, document, 0, original_language, file, stored, now)
    audit.record(actor, "document.submitted", document, after=_snapshot(document))
    if document_type != DocumentType.MEETING_REPORT:
        # A report starts as a draft: its circulation and approval are announced instead.
        _announce(document)
    return document


def _announce(document: Document) -> None:
    """Tell the group's subscribers (sent after commit)."""
    notifications.notify_new_document(document)


def submit_document(
    actor,
    *,
    group,
    meeting=None,
    document_type: str,
    source_kind: str,
    title: dict,
    original_language: str = "en",
    access_level: str = AccessLevel.INHERIT,
    source_states: Iterable = (),
    file=None,
    versions: dict | None = None,
) -> Document:
    """The secretariat posts a document (report, information document, compilation …).

    `versions` maps languages to files: several language versions posted at once, all or none.
    """
    if meeting is not None and meeting.group_id != group.pk:
        raise InvalidInput("the meeting belongs to another group", field="meeting")
    if not permissions.can_submit_document(actor, group):
        raise NotAllowed("only the secretariat of the group posts documents", field="group")
    if document_type not in DocumentType.values:
        raise InvalidInput(f"unknown document type {document_type!r}", field="document_type")
    if source_kind not in SourceKind.values:
        raise InvalidInput(f"unknown source {source_kind!r}", field="source_kind")
    check_language(original_language, "original_language")
    check_access_level(access_level)
    texts = check_title(title, original_language)
    versions = dict(versions or {})
    for code in versions:
        check_language(code, "versions")
    if file is not None:
        if original_language in versions:
            raise InvalidInput(
                "the original language's file is given twice", field="original_language"
            )
        versions[original_language] = file
    states = _states(source_states, "source_states")
    if source_kind == SourceKind.MEMBER_STATE and not states:
        raise InvalidInput(
            "a document from Member States names at least one State", field="source_states"
        )
    now = timezone.now()
    is_late = bool(
        meeting is not None
        and document_type == DocumentType.CONTRIBUTION
        and deadlines.is_past_deadline(meeting, now)
    )
    with atomic_with_files() as stored:
        document = create_record(
            actor,
            group=group,
            meeting=meeting,
            document_type=document_type,
            source_kind=source_kind,
            title=texts,
            original_language=original_language,
            access_level=access_level,
            states=states,
            submitting_state=states[0] if source_kind == SourceKind.MEMBER_STATE else None,
            is_late=is_late,
            file=versions.pop(original_language, None),
            stored=stored,
            now=now,
        )
        for code, upload in versions.items():
            _store_file(actor, document, 0, code, upload, stored, now)
        return document


def submit_contribution(
    actor,
    *,
    meeting,
    state,
    title: dict,
    original_language: str = "en",
    co_sponsors: Iterable = (),
    access_level: str = AccessLevel.INHERIT,
    file=None,
) -> Document:
    """A delegation submits a contribution to a meeting, for a State it represents.

    After the deadline the contribution is accepted and flagged late; after the meeting it is
    refused.
    """
    if meeting is None:
        raise InvalidInput("a contribution is submitted to a meeting", field="meeting")
    group = meeting.group
    if not permissions.can_submit_contribution(actor, meeting):
        raise NotAllowed(
            "only delegates of Member States may submit contributions to this group",
            field="state",
        )
    (submitter,) = _states([state], "state") if state is not None else (None,)
    if submitter is None:
        raise InvalidInput("the submitting Member State is required", field="state")
    if not permissions.can_submit_contribution(actor, meeting, submitter):
        raise NotAllowed(
            f"you do not represent {submitter.name('en')} in this group; submit for a State "
            "you represent",
            field="state",
        )
    sponsors = [s for s in _states(co_sponsors, "co_sponsors") if s.pk != submitter.pk]
    check_language(original_language, "original_language")
    check_access_level(access_level)
    texts = check_title(title, original_language)
    now = timezone.now()
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(
            f"meeting {meeting.number} was cancelled; contributions are not accepted",
            field="meeting",
        )
    if deadlines.has_ended(meeting, now):
        raise Conflict(
            f"meeting {meeting.number} ended on {meeting.end_date:%Y-%m-%d}; "
            "contributions are no longer accepted",
            field="meeting",
            code="MeetingEnded",
        )
    with atomic_with_files() as stored:
        return create_record(
            actor,
            group=group,
            meeting=meeting,
            document_type=DocumentType.CONTRIBUTION,
            source_kind=SourceKind.MEMBER_STATE,
            title=texts,
            original_language=original_language,
            access_level=access_level,
            states=[submitter, *sponsors],
            submitting_state=submitter,
            is_late=deadlines.is_past_deadline(meeting, now),
            file=file,
            stored=stored,
            now=now,
        )


# ---------------------------------------------------------------- files and translations


def _store_file(actor, document, revision, language, uploaded, stored, now) -> DocumentFile:
    checked = check_upload(uploaded)
    existing = DocumentFile.objects.filter(
        document=document, revision=revision, language=language
    ).first()
    if existing is not None and existing.file:
        rev = f"Rev.{revision}" if revision else "the original"
        raise Conflict(
            f"the {language} version of {rev} of {document.symbol} is already there; "
            "files are kept as uploaded, so submit a revision to change it",
            field="language",
        )
    document_file = existing or DocumentFile(
        document=document, revision=revision, language=language
    )
    uploaded.seek(0)
    stored.store(document_file.file, checked.filename, uploaded.read(), field_name="file")
    document_file.content_type = checked.content_type
    document_file.size = checked.size
    document_file.sha256 = checked.sha256
    document_file.translation_status = (
        TranslationStatus.ORIGINAL
        if language == document.original_language
        else TranslationStatus.AVAILABLE
    )
    document_file.uploaded_at = now
    document_file.uploaded_by = actor if getattr(actor, "pk", None) else None
    document_file.text, document_file.text_status, document_file.text_error = (
        "",
        TextStatus.PENDING,
        "",
    )
    document_file.save()
    extract_after_commit(document_file)
    audit.record(
        actor,
        "document.file_uploaded",
        document,
        after={
            "revision": revision,
            "language": language,
            "sha256": checked.sha256,
            "size": checked.size,
            "content_type": checked.content_type,
        },
    )
    return document_file


def upload_version(actor, document: Document, *, language: str, file) -> DocumentFile:
    """Add the file of one language version to the document's current revision."""
    if not permissions.can_upload_version(actor, document):
        raise NotAllowed(
            "only the secretariat or the submitting delegation adds files to this document"
        )
    check_language(language)
    _refuse_if_withdrawn(document)
    _refuse_if_approved(document, "a new file", document.current_revision)
    with atomic_with_files() as stored:
        locked = Document.objects.select_for_update().get(pk=document.pk)
        return _store_file(
            actor, document, locked.current_revision, language, file, stored, timezone.now()
        )


def set_translation_status(actor, document: Document, *, language: str, status: str):
    """Record that a translation is requested or in progress for the current revision."""
    if not permissions.can_manage_translations(actor, document):
        raise NotAllowed("only the secretariat manages translations")
    check_language(language)
    if status not in (TranslationStatus.REQUESTED, TranslationStatus.IN_PROGRESS):
        raise InvalidInput(
            "a translation status is set to requested or in_progress; it becomes available "
            "when its file is uploaded",
            field="status",
        )
    _refuse_if_withdrawn(document)
    _refuse_if_approved(document, "translation status", document.current_revision)
    if language == document.original_language:
        raise InvalidInput(
            f"{language} is the original language of {document.symbol}", field="language"
        )
    with transaction.atomic():
        existing = DocumentFile.objects.filter(
            document=document, revision=document.current_revision, language=language
        ).first()
        if existing is not None and existing.file:
            raise Conflict(f"the {language} version is already available", field="language")
        before = existing.translation_status if existing else None
        document_file, _ = DocumentFile.objects.update_or_create(
            document=document,
            revision=document.current_revision,
            language=language,
            defaults={"translation_status": status, "uploaded_at": timezone.now()},
        )
        audit.record(
            actor,
            "document.translation_status",
            document,
            before={"language": language, "status": before},
            after={"language": language, "status": status},
        )
    return document_file


# ---------------------------------------------------------------- revisions and withdrawal


def revise(
    actor,
    document: Document,
    *,
    note: str = "",
    title: dict | None = None,
    language: str | None = None,
    file=None,
) -> DocumentRevision:
    """Open the next revision (Rev.1, Rev.2 …); every earlier revision keeps its files.

    For an approved meeting report the new revision is a corrigendum: the approved revision stays
    as it was.
    """
    if not permissions.can_revise(actor, document):
        raise NotAllowed(
            "only the secretariat or the submitting delegation may revise this document"
        )
    _refuse_if_withdrawn(document)
    is_secretariat = access.is_secretariat(actor, document.group_id)
    now = timezone.now()
    if not is_secretariat and document.meeting_id and deadlines.has_ended(document.meeting, now):
        raise Conflict(
            f"meeting {document.meeting.number} has ended; ask the secretariat to issue a revision",
            field="meeting",
        )
    if file is None:
        # A revision without a file would leave every language of it "not available".
        raise InvalidInput(
            gettext("A revision needs the file of at least one language version."), field="file"
        )
    note = (note or "").strip()
    if len(note) > 500:
        raise InvalidInput("the note is longer than 500 characters", field="note")
    texts = check_title(title, document.original_language) if title is not None else None
    language = check_language(language or document.original_language)
    corrigendum = report_is_frozen(document)
    with atomic_with_files() as stored:
        locked = Document.objects.select_for_update().get(pk=document.pk)
        before = _snapshot(locked)
        document.current_revision = locked.current_revision + 1
        if texts is not None:
            document.title = texts
        document.save(update_fields=["current_revision", "title"])
        revision = DocumentRevision.objects.create(
            document=document,
            revision=document.current_revision,
            title=document.title,
            note=note or ("Corrigendum" if corrigendum else ""),
            is_corrigendum=corrigendum,
            created_at=now,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        _store_file(actor, document, document.current_revision, language, file, stored, now)
        audit.record(
            actor,
            "document.corrigendum_issued" if corrigendum else "document.revised",
            document,
            before=before,
            after=_snapshot(document),
        )
    return revision


def withdraw(actor, document: Document, *, reason: str = "") -> Document:
    if not permissions.can_withdraw(actor, document):
        raise NotAllowed(
            "only the secretariat or the submitting delegation may withdraw this document"
        )
    _refuse_if_withdrawn(document)
    _refuse_if_approved(document, "withdrawal")
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise InvalidInput("the reason is longer than 500 characters", field="reason")
    with transaction.atomic():
        before = _snapshot(document)
        document.withdrawn = True
        document.save(update_fields=["withdrawn"])
        after = _snapshot(document)
        after["reason"] = reason
        audit.record(actor, "document.withdrawn", document, before=before, after=after)
    return document


def set_access_level(actor, document: Document, level: str) -> Document:
    if not permissions.can_change_access_level(actor, document):
        raise NotAllowed("only the secretariat changes who may see a document")
    check_access_level(level)
    _refuse_if_approved(document, "access level")
    with transaction.atomic():
        before = _snapshot(document)
        document.access_level = level
        document.save(update_fields=["access_level"])
        audit.record(
            actor,
            "document.access_level_changed",
            document,
            before=before,
            after=_snapshot(document),
        )
    return document
