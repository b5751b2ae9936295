"""Every write of the reports domain: cover-sheet settings and storing a generated report."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction

from cwg.core import audit
from cwg.core.exceptions import InvalidInput, NotAllowed
from cwg.core.files import atomic_with_files
from cwg.core.i18n import validate_texts
from cwg.documents import services as document_services
from cwg.documents.models import Document, DocumentType, SourceKind
from cwg.groups.models import Group
from cwg.reports import generation, permissions
from cwg.reports.models import CoverSheet, ReportFormat

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
