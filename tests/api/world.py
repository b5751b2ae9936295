"""One of every record the API serves, around the personas' group, with the ids to put in paths."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cwg.testing.factories import DocumentFactory, MeetingFactory, ResolutionFactory, VenueFactory
from cwg.testing.personas import build_personas

PDF = b"%PDF-1.4\n%test\n%%EOF\n"
OUTCOME = """Outcome of the review

I. Infrastructure

1. We call for affordable broadband connectivity for all schools.

2. We will take appropriate action on spam and cybercrime.
"""


def pdf(name: str = "c.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build_world(settings, media_root) -> dict:
    """Records for every operation of the API; `values` fills the path placeholders. `settings`
    (pytest-django's fixture) is None when the caller has set MEDIA_ROOT and the e-mail backend."""
    from cwg.analysis import services as analysis_services
    from cwg.consultations import services as consultation_services
    from cwg.consultations.services import campaigns as campaign_runs
    from cwg.consultations.services import compilation
    from cwg.decisions import services as decision_services
    from cwg.documents import services as document_services
    from cwg.documents.services import reports as report_services
    from cwg.meetings import services as meeting_services

    if settings is not None:
        settings.MEDIA_ROOT = media_root / "media"
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    personas = build_personas()
    secretariat, group = personas.secretariat, personas.group
    today = timezone.localdate()
    past_meeting = MeetingFactory(
        group=group, start_date=today - dt.timedelta(days=20), venue=VenueFactory()
    )
    meeting = MeetingFactory(group=group, start_date=today + dt.timedelta(days=30))
    document = DocumentFactory(meeting=meeting)
    version = document_services.upload_version(secretariat, document, language="fr", file=pdf())
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
    for person in (
        personas.chair,
        personas.vice_chair,
        secretariat,
        personas.delegate,
        personas.other_delegate,
        personas.council_member,
        personas.stakeholder,
    ):
        meeting_services.subscribe(person, group)

    now = timezone.now()
    consultation = consultation_services.create_consultation(
        secretariat,
        group=group,
        slug="internet-2025",
        topic={"en": "Multilingualization of the Internet"},
        languages=["en"],
        questions=[{"text": {"en": "What can be done?"}}],
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=10),
    )
    consultation = consultation_services.transition(secretariat, consultation, "open")
    submission = consultation_services.submit(
        None,
        consultation,
        {
            "name": "Ana Respondent",
            "category": "civil_society",
            "country": "FRA",
            "language": "en",
            "consent_to_publication": True,
            "answers": {"1": "Support internationalized domain names everywhere."},
        },
    ).submission
    job = campaign_runs.request_full_run(secretariat, consultation)
    # A campaign as the detector stores it (one response is enough for the permission matrix).
    from cwg.consultations.models import Campaign

    campaign = Campaign.objects.create(
        consultation=consultation, key="world", representative=submission, size=1
    )
    submission.campaign = campaign
    submission.save(update_fields=["campaign"])
    compilation.build_compilation(secretariat, consultation, now=now)

    analysis_services.load_reference_mandates(secretariat)
    analysis = analysis_services.create_analysis(secretariat, group, title="WSIS+20 review")
    analysis_services.import_document(
        secretariat, analysis, data=OUTCOME.encode(), filename="outcome.txt"
    )
    paragraph = analysis.paragraphs.order_by("pk").first()
    run = analysis_services.start_suggestions(secretariat, analysis)

    return {
        "personas": personas,
        "values": {
            "slug": group.slug,
            "group": group.slug,
            "meeting_id": meeting.pk,
            "document_id": document.pk,
            "symbol": document.symbol,
            "file_id": version.pk,
            "report_id": report.pk,
            "item_id": item.pk,
            "participant_id": participant.pk,
            "decision_id": decision.pk,
            "action_id": action.pk,
            "resolution_id": ResolutionFactory().pk,
            "username": personas.delegate.username,
            "iso3": personas.state.iso3,
            "record_type": "meeting",
            "record_id": meeting.pk,
            "consultation": consultation.slug,
            "receipt": submission.receipt,
            "job_id": job.pk,
            "campaign_id": campaign.pk,
            "fmt": "csv",
            "analysis_id": analysis.pk,
            "paragraph_id": paragraph.pk,
            "run_id": run.pk,
            "meeting_number": meeting.number,
        },
    }


def fill_path(path: str, values: dict) -> str:
    """The path of an operation with real ids ("/consultations/{slug}" is the consultation's)."""
    path = path.removeprefix("/api/v1")
    if path.startswith("/consultations/{slug}"):
        path = path.replace("{slug}", str(values["consultation"]), 1)
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    return "/api/v1" + path


def query_for(method: str, path: str, values: dict) -> dict:
    """The required query parameters of the operations that have some."""
    if path.endswith("/documents/by-symbol"):
        return {"symbol": values["symbol"]}
    if path.endswith("/reports/chair"):
        return {"group": values["group"], "meetings": str(values["meeting_number"])}
    if path.endswith("/reports/cycle"):
        return {"group": values["group"], "from_year": 2020, "to_year": 2030}
    return {}
