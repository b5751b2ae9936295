"""Every write to meeting reports: drafting, circulation and approval by the group."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cwg.core import audit
from cwg.core.access_levels import AccessLevel
from cwg.core.dates import read_date
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.files import atomic_with_files
from cwg.core.i18n import document_language
from cwg.core.templatetags.cwg_ui import local_date
from cwg.documents import permissions
from cwg.documents.models import (
    DocumentFile,
    DocumentType,
    MeetingReport,
    ReportState,
    SourceKind,
)
from cwg.documents.services import check_access_level, check_language, check_title, create_record
from cwg.meetings.models import Meeting
from cwg.meetings.notifications import notify_group

# The moves the secretariat may make; an approved report moves no more.
TRANSITIONS = {
    ReportState.DRAFT: {ReportState.CIRCULATED},
    ReportState.CIRCULATED: {ReportState.DRAFT, ReportState.APPROVED},
    ReportState.APPROVED: set(),
}


def _report_snapshot(report: MeetingReport) -> dict:
    return audit.snapshot(report)


def create_report(
    actor,
    meeting: Meeting,
    *,
    title: dict,
    original_language: str = "en",
    access_level: str = AccessLevel.INHERIT,
    file=None,
) -> MeetingReport:
    """Start the draft report of a meeting, as a document of that meeting."""
    if not permissions.can_create_report(actor, meeting):
        raise NotAllowed("only the secretariat drafts meeting reports", field="meeting")
    check_language(original_language, "original_language")
    check_access_level(access_level)
    texts = check_title(title, original_language)
    if MeetingReport.objects.filter(meeting=meeting).exists():
        raise Conflict(f"meeting {meeting.number} already has a report", field="meeting")
    now = timezone.now()
    with atomic_with_files() as stored:
        document = create_record(
            actor,
            group=meeting.group,
            meeting=meeting,
            document_type=DocumentType.MEETING_REPORT,
            source_kind=SourceKind.SECRETARIAT,
            title=texts,
            original_language=original_language,
            access_level=access_level,
            states=[],
            submitting_state=None,
            is_late=False,
            file=file,
            stored=stored,
            now=now,
        )
        report = MeetingReport.objects.create(meeting=meeting, document=document)
        audit.record(
            actor,
            "meeting_report.created",
            report,
            group_id=meeting.group_id,
            after=_report_snapshot(report),
        )
    return report


def change_state(
    actor,
    report: MeetingReport,
    to_state: str,
    *,
    approved_at_meeting: Meeting | int | None = None,
    approved_on=None,
) -> MeetingReport:
    """Move a report: draft → circulated → approved (or back from circulated to draft)."""
    if not permissions.can_move_report(actor, report):
        raise NotAllowed("only the secretariat moves a meeting report between states")
    if to_state not in ReportState.values:
        raise InvalidInput(
            f"unknown report state {to_state!r}; use one of {', '.join(ReportState.values)}",
            field="state",
        )
    with transaction.atomic():
        locked = MeetingReport.objects.select_for_update().get(pk=report.pk)
        if locked.state == ReportState.APPROVED:
            raise Conflict(
                f"the report of meeting {report.meeting.number} was approved on "
                f"{locked.approved_on:%Y-%m-%d} and cannot change; issue a corrigendum as a new "
                "revision instead",
                field="state",
                code="ReportApproved",
            )
        if to_state not in TRANSITIONS[ReportState(locked.state)]:
            raise Conflict(f"a {locked.state} report cannot become {to_state}", field="state")
        before = _report_snapshot(locked)
        document = report.document
        if to_state == ReportState.CIRCULATED:
            has_file = DocumentFile.objects.filter(
                document=document, revision=document.current_revision
            ).exclude(file="")
            if not has_file.exists():
                raise Conflict(
                    "a report is circulated with at least one file in its current revision",
                    field="file",
                )
            report.circulated_at = timezone.now()
        if to_state == ReportState.APPROVED:
            meeting = _approval_meeting(report, approved_at_meeting)
            day = _approval_day(meeting, approved_on)
            report.approved_at_meeting = meeting
            report.approved_on = day
            report.approved_revision = document.current_revision
        report.state = to_state
        report.save()
        _announce_state(report)
        audit.record(
            actor,
            f"meeting_report.{to_state}",
            report,
            group_id=report.meeting.group_id,
            before=before,
            after=_report_snapshot(report),
        )
    return report


def _approval_meeting(report: MeetingReport, value) -> Meeting:
    if value is None or value == "":
        raise InvalidInput(
            "name the meeting at which the group approved the report", field="approved_at_meeting"
        )
    if isinstance(value, Meeting):
        meeting = value
    else:
        try:
            meeting = Meeting.objects.select_related("group").filter(pk=int(value)).first()
        except (TypeError, ValueError):
            meeting = None
    if meeting is None:
        raise InvalidInput(f"no meeting {value!r}", field="approved_at_meeting")
    if meeting.group_id != report.meeting.group_id:
        raise InvalidInput(
            "a report is approved at a meeting of its own group", field="approved_at_meeting"
        )
    if meeting.number < report.meeting.number:
        raise InvalidInput(
            f"meeting {meeting.number} was held before meeting {report.meeting.number}, whose "
            "report this is",
            field="approved_at_meeting",
        )
    return meeting


def _approval_day(meeting: Meeting, value) -> dt.date:
    if value is None or value == "":
        raise InvalidInput("the date of approval is required", field="approved_on")
    day = read_date(value, "approved_on")
    if not meeting.start_date <= day <= meeting.end_date:
        raise InvalidInput(
            f"meeting {meeting.number} was held from {meeting.start_date:%Y-%m-%d} to "
            f"{meeting.end_date:%Y-%m-%d}; the date of approval falls on one of those days",
            field="approved_on",
        )
    if day > timezone.now().date():
        raise InvalidInput("the date of approval cannot be in the future", field="approved_on")
    return day


def _announce_state(report: MeetingReport) -> None:
    """Tell subscribers who follow the group's changes (sent after commit), if offered."""

    group = report.meeting.group
    document = report.document

    def message():
        # Runs once per subscriber language and time zone, with both active.
        language = document_language()
        state = gettext(report.get_state_display())
        title = gettext("Report of meeting %(number)s") % {"number": report.meeting.number}
        subject = f"[{group.display_acronym(language)}] {title}: {state.lower()}"
        body = f"{document.symbol}: {document.display_title(language)}\n"
        body += f"{gettext('State')}: {state}\n"
        if report.state == ReportState.APPROVED:
            approved = gettext("approved at meeting %(number)s on %(date)s") % {
                "number": report.approved_at_meeting.number,
                "date": local_date(report.approved_on),
            }
            body += approved[:1].upper() + approved[1:] + "\n"
        return subject, body

    notify_group(
        group,
        compose=message,
        # Until approved, a report is not the public's (docs/visibility.md): a circulated one,
        # or one back to draft after circulation, is the members' news only.
        members_only=report.state != ReportState.APPROVED
        or document.effective_access() != AccessLevel.PUBLIC,
        topic="changes",
    )
