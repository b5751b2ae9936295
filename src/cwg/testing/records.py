"""Records around a group's meetings that API tests build alike: meetings, decisions, a report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cwg.decisions import services as decision_services
from cwg.documents.services import reports as report_services
from cwg.meetings import services as meeting_services
from cwg.testing.factories import DocumentFactory, MeetingFactory, VenueFactory

PDF = b"%PDF-1.4\n%test\n%%EOF\n"
OUTCOME = """Outcome of the review

I. Infrastructure

1. We call for affordable broadband connectivity for all schools.

2. We will take appropriate action on spam and cybercrime.
"""


def pdf(name: str = "c.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class MeetingRecords:
    past_meeting: object
    meeting: object
    document: object
    item: object
    participant: object
    decision: object
    action: object
    report: object


def build_meeting_records(personas, secretariat) -> MeetingRecords:
    """A past meeting with a decision and its action, and a coming one with a document, an agenda
    item, a registered participant and a report, all in the personas' group."""
    today = timezone.localdate()
    past_meeting = MeetingFactory(
        group=personas.group, start_date=today - dt.timedelta(days=20), venue=VenueFactory()
    )
    meeting = MeetingFactory(group=personas.group, start_date=today + dt.timedelta(days=30))
    document = DocumentFactory(meeting=meeting)
    item = meeting_services.add_agenda_item(secretariat, meeting, title={"en": "Opening"})
    participant = meeting_services.register_participant(
        secretariat,
        meeting,
        personas.other_delegate,
        kind="head",
        member_state=personas.other_state,
    )
    decision = decision_services.record_decision(
        secretariat, past_meeting, text={"en": "Requested"}, addressee_kind="secretariat"
    )
    action = decision_services.add_action(
        secretariat, decision, description={"en": "Do it"}, assignee_kind="secretariat"
    )
    report = report_services.create_report(
        secretariat, meeting, title={"en": "Report"}, file=pdf("report.pdf")
    )
    return MeetingRecords(
        past_meeting, meeting, document, item, participant, decision, action, report
    )
