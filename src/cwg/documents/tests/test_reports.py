"""Meeting reports: draft → circulated → approved, version history, immutability once approved."""

import datetime as dt

import pytest

from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.documents import services
from cwg.documents.models import DocumentRevision, DocumentType, MeetingReport, ReportState
from cwg.documents.services import reports as report_services
from cwg.documents.tests import samples
from cwg.documents.tests.helpers import meeting_in
from cwg.testing.factories import SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(personas):
    held = meeting_in(personas.group, -120, number=22)
    approving = meeting_in(personas.group, -2, length=2, number=23)
    return held, approving


def draft(personas, meeting):
    return report_services.create_report(
        personas.secretariat,
        meeting,
        title={"en": "Report of the meeting"},
        file=samples.pdf(),
    )


def approve(personas, report, approving):
    return report_services.change_state(
        personas.secretariat,
        report,
        "approved",
        approved_at_meeting=approving,
        approved_on=approving.start_date,
    )


def test_the_full_cycle_keeps_every_version(personas, meetings):
    held, approving = meetings
    report = draft(personas, held)
    assert report.document.document_type == DocumentType.MEETING_REPORT
    assert report.document.symbol == f"{held.symbol_prefix}/1"
    services.revise(personas.secretariat, report.document, file=samples.docx(), note="Comments")
    report_services.change_state(personas.secretariat, report, "circulated")
    approve(personas, report, approving)
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    assert report.approved_at_meeting == approving
    assert report.approved_on == approving.start_date
    assert report.approved_revision == 1
    assert report.document.files.filter(revision=0).exists()
    actions = set(
        AuditEvent.objects.filter(object_type="documents.meetingreport").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "meeting_report.created",
        "meeting_report.circulated",
        "meeting_report.approved",
    }


def test_an_approved_report_is_immutable(personas, meetings):
    held, approving = meetings
    report = draft(personas, held)
    report_services.change_state(personas.secretariat, report, "circulated")
    approve(personas, report, approving)
    document = report.document
    refusals = [
        lambda: services.upload_version(
            personas.secretariat, document, language="fr", file=samples.text()
        ),
        lambda: services.set_access_level(personas.secretariat, document, "members"),
        lambda: services.withdraw(personas.secretariat, document),
        lambda: services.set_translation_status(
            personas.secretariat, document, language="ar", status="requested"
        ),
        lambda: report_services.change_state(personas.secretariat, report, "draft"),
        lambda: approve(personas, report, approving),
    ]
    for attempt in refusals:
        with pytest.raises(Conflict, match="approved"):
            attempt()
    assert not document.files.filter(language="fr").exists()


def test_a_corrigendum_is_a_new_revision_that_leaves_the_approved_one(personas, meetings):
    held, approving = meetings
    report = draft(personas, held)
    report_services.change_state(personas.secretariat, report, "circulated")
    approve(personas, report, approving)
    revision = services.revise(
        personas.secretariat, report.document, note="Corrigendum 1", file=samples.docx()
    )
    assert revision.is_corrigendum and revision.revision == 1
    # The corrigendum revision takes translations; the approved revision stays closed.
    services.upload_version(
        personas.secretariat, report.document, language="fr", file=samples.text()
    )
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED and report.approved_revision == 0
    assert list(
        DocumentRevision.objects.filter(document=report.document).values_list(
            "revision", "is_corrigendum"
        )
    ) == [(0, False), (1, True)]


@pytest.mark.parametrize(
    "who", ["chair", "vice_chair", "delegate", "council_member", "stakeholder"]
)
def test_only_the_secretariat_moves_reports(personas, meetings, who):
    held, _ = meetings
    report = draft(personas, held)
    with pytest.raises(NotAllowed):
        report_services.change_state(getattr(personas, who), report, "circulated")
    with pytest.raises(NotAllowed):
        report_services.create_report(
            getattr(personas, who), meeting_in(personas.group, -300, number=20), title={"en": "x"}
        )
    assert MeetingReport.objects.get(pk=report.pk).state == ReportState.DRAFT


def test_a_report_is_circulated_before_approval(personas, meetings):
    held, approving = meetings
    report = draft(personas, held)
    with pytest.raises(Conflict, match="cannot become approved"):
        approve(personas, report, approving)


def test_a_report_without_a_file_is_not_circulated(personas, meetings):
    held, _ = meetings
    report = report_services.create_report(personas.secretariat, held, title={"en": "Report"})
    with pytest.raises(Conflict, match="at least one file"):
        report_services.change_state(personas.secretariat, report, "circulated")


def test_one_report_per_meeting(personas, meetings):
    held, _ = meetings
    draft(personas, held)
    with pytest.raises(Conflict, match="already has a report"):
        draft(personas, held)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"approved_at_meeting": None}, "approved_at_meeting"),
        ({"approved_at_meeting": 999999}, "approved_at_meeting"),
        ({"approved_on": None}, "approved_on"),
        ({"approved_on": "15/09/2025"}, "approved_on"),
        ({"approved_on": "outside"}, "approved_on"),
        ({"state": "published"}, "state"),
    ],
)
def test_approval_needs_a_meeting_of_the_group_and_a_day_of_it(personas, meetings, values, field):
    held, approving = meetings
    report = draft(personas, held)
    report_services.change_state(personas.secretariat, report, "circulated")
    arguments = {
        "approved_at_meeting": approving,
        "approved_on": approving.start_date,
    }
    arguments.update({k: v for k, v in values.items() if k != "state"})
    if arguments["approved_on"] == "outside":
        arguments["approved_on"] = approving.start_date - dt.timedelta(days=10)
    with pytest.raises(InvalidInput) as caught:
        report_services.change_state(
            personas.secretariat, report, values.get("state", "approved"), **arguments
        )
    assert caught.value.field == field
    assert MeetingReport.objects.get(pk=report.pk).state == ReportState.CIRCULATED


def test_approval_at_an_earlier_meeting_or_another_group_is_refused(personas, meetings):
    from cwg.testing.factories import MeetingFactory

    held, _ = meetings
    earlier = meeting_in(personas.group, -400, number=21)
    foreign = MeetingFactory()
    report = draft(personas, held)
    report_services.change_state(personas.secretariat, report, "circulated")
    for meeting in (earlier, foreign):
        with pytest.raises(InvalidInput):
            report_services.change_state(
                personas.secretariat,
                report,
                "approved",
                approved_at_meeting=meeting,
                approved_on=meeting.start_date,
            )


def test_subscribers_are_told_of_circulation_and_approval(
    personas, meetings, mailoutbox, django_capture_on_commit_callbacks
):

    held, approving = meetings
    SubscriptionFactory(person=personas.stakeholder, group=personas.group)
    SubscriptionFactory(person=personas.vice_chair, group=personas.group)
    SubscriptionFactory(
        person=personas.delegate, group=personas.group, changes=False, new_documents=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = draft(personas, held)
    assert mailoutbox == []  # a draft is announced to no one
    with django_capture_on_commit_callbacks(execute=True):
        report_services.change_state(personas.secretariat, report, "circulated")
    with django_capture_on_commit_callbacks(execute=True):
        approve(personas, report, approving)
    subjects = [(m.to, m.subject) for m in mailoutbox]
    # A circulated report is the members' news; the approved one everyone's (it is public).
    assert len(subjects) == 3
    circulated = [to for to, subject in subjects if "circulated" in subject]
    assert circulated == [[personas.vice_chair.email]]
    approved = sorted(to[0] for to, subject in subjects if "approved" in subject)
    assert approved == sorted([personas.vice_chair.email, personas.stakeholder.email])
