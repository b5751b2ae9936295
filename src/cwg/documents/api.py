"""JSON API endpoints of the documents domain: lists, details, downloads, submissions, reports."""

import datetime as dt
import json
from typing import Literal

from django.http import Http404
from django.urls import reverse
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from cwg.core.api_auth import permitted, record_id
from cwg.core.cursor import CursorPagination
from cwg.core.exceptions import InvalidInput
from cwg.core.i18n import document_language
from cwg.core.schemas import DbId, InputSchema, Ordinal
from cwg.documents import permissions, queries, services
from cwg.documents.downloads import file_response
from cwg.documents.models import Document, DocumentType, MeetingReport
from cwg.documents.services import reports as report_services
from cwg.groups.models import Group
from cwg.meetings.models import Meeting
from cwg.meetings.permissions import get_meeting_for
from cwg.registry.access import is_secretariat_anywhere

router = Router()
Language = Literal["ar", "zh", "en", "fr", "ru", "es"]

# Who may try each write, checked before the body is read (an outsider learns nothing of it).


def _document(user, document_id) -> Document:
    return permissions.get_document_for(user, pk=record_id(document_id))


def _may_contribute(user, meeting_id) -> bool:
    return permissions.can_submit_contribution(user, get_meeting_for(user, record_id(meeting_id)))


def _may_create_report(user, meeting_id) -> bool:
    return permissions.can_create_report(user, get_meeting_for(user, record_id(meeting_id)))


def _may_move_report(user, report_id) -> bool:
    return permissions.can_move_report(user, permissions.get_report_for(user, record_id(report_id)))


SECRETARIAT_ONLY = "Only the group's secretariat may do this."
MAY_POST_DOCUMENT = permitted(lambda user: is_secretariat_anywhere(user), SECRETARIAT_ONLY)
MAY_CONTRIBUTE = permitted(
    _may_contribute,
    "only delegates of Member States may submit contributions to this group",
    field="state",
)
MAY_REVISE = permitted(
    lambda user, document_id: permissions.can_revise(user, _document(user, document_id)),
    "Only the secretariat and the submitting delegation may change this document.",
)
MAY_MANAGE_DOCUMENT = permitted(
    lambda user, document_id: permissions.can_manage_translations(
        user, _document(user, document_id)
    ),
    SECRETARIAT_ONLY,
)
MAY_CREATE_REPORT = permitted(_may_create_report, SECRETARIAT_ONLY)
MAY_MOVE_REPORT = permitted(_may_move_report, SECRETARIAT_ONLY)


# Schemas --------------------------------------------------------------------------------------


class LanguageVersionOut(Schema):
    language: str
    status: str
    file_id: int | None = None
    content_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    download_url: str | None = None


class DocumentOut(Schema):
    id: int
    symbol: str
    display_symbol: str
    title: dict
    display_title: str
    document_type: str
    source_kind: str
    source_states: list[str]
    submitting_state: str | None
    group: str = Field(..., alias="group.slug")
    meeting_id: int | None
    meeting_number: int | None
    original_language: str
    access: str
    current_revision: int
    submitted_at: dt.datetime
    is_late: bool
    withdrawn: bool
    languages: list[LanguageVersionOut]
    url: str

    @staticmethod
    def resolve_display_title(obj: Document) -> str:
        return obj.display_title(document_language())

    @staticmethod
    def resolve_source_states(obj: Document) -> list[str]:
        return [state.iso3 for state in obj.source_states.all()]

    @staticmethod
    def resolve_submitting_state(obj: Document) -> str | None:
        return obj.submitting_state.iso3 if obj.submitting_state_id else None

    @staticmethod
    def resolve_meeting_number(obj: Document) -> int | None:
        return obj.meeting.number if obj.meeting_id else None

    @staticmethod
    def resolve_access(obj: Document) -> str:
        return obj.effective_access()

    @staticmethod
    def resolve_languages(obj: Document) -> list[dict]:
        return [_language_version(version) for version in queries.translation_status(obj)]

    @staticmethod
    def resolve_url(obj: Document) -> str:
        return reverse("documents:detail", args=[obj.symbol])


class FileOut(Schema):
    id: int
    revision: int
    language: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    download_url: str
    stable_url: str = Field(
        ..., description="The same file by document, revision and language: never changes."
    )

    @staticmethod
    def resolve_download_url(obj) -> str:
        return reverse("api:documents_download", args=[obj.pk])

    @staticmethod
    def resolve_stable_url(obj) -> str:
        return reverse("api:documents_version", args=[obj.document_id, obj.revision, obj.language])


class RevisionOut(Schema):
    revision: int
    label: str
    note: str
    is_corrigendum: bool
    created_at: dt.datetime | None
    title: dict
    files: list[FileOut]


class ReportOut(Schema):
    id: int
    meeting_id: int
    document_id: int
    symbol: str = Field(..., alias="document.symbol")
    state: str
    circulated_at: dt.datetime | None
    approved_at_meeting_id: int | None
    approved_on: dt.date | None
    approved_revision: int | None


class DocumentDetailOut(DocumentOut):
    revisions: list[RevisionOut]
    report: ReportOut | None

    @staticmethod
    def resolve_revisions(obj: Document) -> list[dict]:
        return [
            {
                "revision": view.number,
                "label": view.label,
                "note": view.revision.note if view.revision else "",
                "is_corrigendum": bool(view.revision and view.revision.is_corrigendum),
                "created_at": view.revision.created_at if view.revision else None,
                "title": view.revision.title if view.revision else obj.title,
                "files": view.files,
            }
            for view in queries.revision_history(obj)
        ]

    @staticmethod
    def resolve_report(obj: Document) -> MeetingReport | None:
        return queries.report_of(obj)


class WithdrawIn(InputSchema):
    reason: str = ""


class AccessLevelIn(InputSchema):
    access_level: str


class TranslationStatusIn(InputSchema):
    language: str
    status: str


class ReportStateIn(InputSchema):
    state: str
    approved_at_meeting: DbId | None = None
    approved_on: str | None = None


def _language_version(version: queries.LanguageVersion) -> dict:
    data = {"language": version.language, "status": version.status}
    if version.file is not None:
        data.update(
            file_id=version.file.pk,
            content_type=version.file.content_type,
            size=version.file.size,
            sha256=version.file.sha256 or None,
            download_url=reverse("api:documents_download", args=[version.file.pk]),
        )
    return data


def _detail(document: Document) -> Document:
    """The document with what its detail shows (revisions, files) loaded."""
    return queries.document_detail(document)


def _titles(title: str, titles: str | None, original_language: str) -> dict:
    """The title in the original language plus any others given as a JSON object."""
    texts: dict = {}
    if titles:
        try:
            texts = json.loads(titles)
        except ValueError:
            raise InvalidInput(
                'titles must be a JSON object such as {"fr": "…"}', field="titles"
            ) from None
        if not isinstance(texts, dict):
            raise InvalidInput('titles must be a JSON object such as {"fr": "…"}', field="titles")
    if title:
        texts[original_language] = title
    return texts


def _codes(raw: str | None) -> list[str]:
    return [code.strip() for code in (raw or "").replace(";", ",").split(",") if code.strip()]


# Reading --------------------------------------------------------------------------------------


@router.get("/documents", response=list[DocumentOut], url_name="documents_list")
@paginate(CursorPagination, page_size=50)
def list_documents(
    request,
    group: str | None = None,
    meeting: DbId | None = None,
    type: str | None = None,
    language: str | None = None,
    q: str | None = None,
):
    """Documents the caller may see; filter by group (slug or id), meeting, type, language, q."""
    if type and type not in DocumentType.values:
        raise InvalidInput(
            f"unknown document type {type!r}; use one of {', '.join(DocumentType.values)}",
            field="type",
        )
    if language:
        services.check_language(language)
    return queries.document_list(
        request.user, group=group, meeting=meeting, document_type=type, language=language, q=q
    )


@router.get("/documents/by-symbol", response=DocumentDetailOut, url_name="documents_by_symbol")
def document_by_symbol(request, symbol: str):
    """One document by its symbol, e.g. ?symbol=CWG-INTERNET-23/4."""
    return _detail(permissions.get_document_for(request.user, symbol=symbol.strip()))


@router.get("/documents/{document_id}", response=DocumentDetailOut, url_name="documents_detail")
def document_detail(request, document_id: DbId):
    return _detail(permissions.get_document_for(request.user, pk=document_id))


@router.get("/documents/files/{file_id}", url_name="documents_download")
def download(request, file_id: DbId):
    """The file itself, if the caller may see its document."""
    return file_response(permissions.get_file_for(request.user, file_id))


@router.get("/documents/{document_id}/versions/{revision}/{language}", url_name="documents_version")
def download_version(request, document_id: DbId, revision: Ordinal, language: Language):
    """One language version of one revision of a document: a stable address for the file."""
    document = permissions.get_document_for(request.user, pk=document_id)
    found = document.files.filter(revision=revision, language=language).values_list("pk", flat=True)
    if not found:
        raise Http404("No such version.")
    return file_response(permissions.get_file_for(request.user, found[0]))


@router.get(
    "/meetings/{meeting_id}/documents", response=list[DocumentOut], url_name="meeting_documents"
)
@paginate(CursorPagination, page_size=100)
def meeting_documents(request, meeting_id: DbId):
    return queries.meeting_documents(request.user, get_meeting_for(request.user, meeting_id))


@router.get("/meeting-reports/{report_id}", response=ReportOut)
def report_detail(request, report_id: DbId):
    return permissions.get_report_for(request.user, report_id)


# Writing --------------------------------------------------------------------------------------


@router.post(
    "/documents",
    response={201: DocumentDetailOut},
    auth=MAY_POST_DOCUMENT,
    url_name="submit_document",
)
def submit_document(
    request,
    group: Form[str],
    document_type: Form[str],
    source_kind: Form[str],
    title: Form[str],
    meeting: Form[DbId | None] = None,
    original_language: Form[str] = "en",
    source_states: Form[str] = "",
    titles: Form[str] = "",
    access_level: Form[str] = "inherit",
    file: File[UploadedFile | None] = None,
):
    """Secretariat: post a document (report, information document …). Multipart: group (slug),
    meeting (id, optional: without it the symbol is GROUP/YEAR/n), document_type, source_kind,
    source_states ("FRA,BRA"), title, titles (JSON), original_language, access_level, file."""

    group_record = Group.objects.filter(slug=group).first()
    if group_record is None:
        raise InvalidInput(f"no group {group!r}", field="group")
    meeting_record = None
    if meeting is not None:
        meeting_record = (
            Meeting.objects.select_related("group").filter(pk=meeting, group=group_record).first()
        )
        if meeting_record is None:
            raise InvalidInput(f"no meeting {meeting} in {group}", field="meeting")
    document = services.submit_document(
        request.user,
        group=group_record,
        meeting=meeting_record,
        document_type=document_type,
        source_kind=source_kind,
        title=_titles(title, titles, original_language),
        original_language=original_language,
        access_level=access_level,
        source_states=_codes(source_states),
        file=file,
    )
    return Status(201, _detail(document))


@router.post(
    "/meetings/{meeting_id}/contributions",
    response={201: DocumentDetailOut},
    auth=MAY_CONTRIBUTE,
    url_name="submit_contribution",
)
def submit_contribution(
    request,
    meeting_id: DbId,
    state: Form[str],
    title: Form[str],
    original_language: Form[str] = "en",
    co_sponsors: Form[str] = "",
    titles: Form[str] = "",
    access_level: Form[str] = "inherit",
    file: File[UploadedFile | None] = None,
):
    """Multipart: state (ISO alpha-3), title, original_language, co_sponsors ("BRA,DEU"),
    titles (JSON object of other languages), access_level, file (optional)."""
    meeting = get_meeting_for(request.user, meeting_id)
    document = services.submit_contribution(
        request.user,
        meeting=meeting,
        state=state,
        title=_titles(title, titles, original_language),
        original_language=original_language,
        co_sponsors=_codes(co_sponsors),
        access_level=access_level,
        file=file,
    )
    return Status(201, _detail(document))


@router.post(
    "/documents/{document_id}/files",
    response={201: FileOut},
    auth=MAY_REVISE,
    url_name="upload_version",
)
def upload_version(request, document_id: DbId, language: Form[str], file: File[UploadedFile]):
    document = permissions.get_document_for(request.user, pk=document_id)
    return Status(
        201, services.upload_version(request.user, document, language=language, file=file)
    )


@router.post(
    "/documents/{document_id}/revisions",
    response={201: DocumentDetailOut},
    auth=MAY_REVISE,
    url_name="revise",
)
def revise(
    request,
    document_id: DbId,
    note: Form[str] = "",
    title: Form[str] = "",
    titles: Form[str] = "",
    language: Form[str] = "",
    file: File[UploadedFile | None] = None,
):
    """Multipart: file and its language (the original language if left out), note, title/titles."""
    document = permissions.get_document_for(request.user, pk=document_id)
    new_title = _titles(title, titles, document.original_language) if (title or titles) else None
    services.revise(
        request.user,
        document,
        note=note,
        title=new_title,
        language=language or None,
        file=file,
    )
    return Status(201, _detail(document))


@router.post("/documents/{document_id}/withdraw", response=DocumentDetailOut, auth=MAY_REVISE)
def withdraw(request, document_id: DbId, payload: WithdrawIn):
    document = permissions.get_document_for(request.user, pk=document_id)
    return _detail(services.withdraw(request.user, document, reason=payload.reason))


@router.post(
    "/documents/{document_id}/access-level", response=DocumentDetailOut, auth=MAY_MANAGE_DOCUMENT
)
def set_access_level(request, document_id: DbId, payload: AccessLevelIn):
    document = permissions.get_document_for(request.user, pk=document_id)
    return _detail(services.set_access_level(request.user, document, payload.access_level))


@router.post(
    "/documents/{document_id}/translations", response=DocumentDetailOut, auth=MAY_MANAGE_DOCUMENT
)
def set_translation_status(request, document_id: DbId, payload: TranslationStatusIn):
    document = permissions.get_document_for(request.user, pk=document_id)
    services.set_translation_status(
        request.user, document, language=payload.language, status=payload.status
    )
    return _detail(document)


@router.post(
    "/meetings/{meeting_id}/report",
    response={201: ReportOut},
    auth=MAY_CREATE_REPORT,
    url_name="create_report",
)
def create_report(
    request,
    meeting_id: DbId,
    title: Form[str],
    original_language: Form[str] = "en",
    titles: Form[str] = "",
    access_level: Form[str] = "inherit",
    file: File[UploadedFile | None] = None,
):
    meeting = get_meeting_for(request.user, meeting_id)
    report = report_services.create_report(
        request.user,
        meeting,
        title=_titles(title, titles, original_language),
        original_language=original_language,
        access_level=access_level,
        file=file,
    )
    return Status(201, report)


@router.post("/meeting-reports/{report_id}/state", response=ReportOut, auth=MAY_MOVE_REPORT)
def change_report_state(request, report_id: DbId, payload: ReportStateIn):
    """Body: {"state": "circulated"} or {"state": "approved", "approved_at_meeting": id,
    "approved_on": "YYYY-MM-DD"}."""
    report: MeetingReport = permissions.get_report_for(request.user, report_id)
    return report_services.change_state(
        request.user,
        report,
        payload.state,
        approved_at_meeting=payload.approved_at_meeting,
        approved_on=payload.approved_on,
    )
