"""One of every record the API serves, around the personas' group, with the ids to put in paths."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cwg.testing.factories import CampaignDismissalFactory, CampaignFactory, ResolutionFactory
from cwg.testing.personas import build_personas
from cwg.testing.records import OUTCOME, build_meeting_records, pdf


def build_world(settings, media_root) -> dict:
    """Records for every operation of the API; `values` fills the path placeholders. `settings`
    (pytest-django's fixture) is None when the caller has set MEDIA_ROOT and the e-mail backend."""
    from cwg.analysis import services as analysis_services
    from cwg.consultations import services as consultation_services
    from cwg.consultations.services import campaigns as campaign_runs
    from cwg.consultations.services import compilation
    from cwg.documents import services as document_services
    from cwg.drafting import services as drafting_services
    from cwg.meetings import services as meeting_services

    if settings is not None:
        settings.MEDIA_ROOT = media_root / "media"
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    personas = build_personas()
    secretariat, group = personas.secretariat, personas.group
    records = build_meeting_records(personas, secretariat)
    meeting, document = records.meeting, records.document
    version = document_services.upload_version(secretariat, document, language="fr", file=pdf())
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

    campaign = CampaignFactory(
        consultation=consultation, key="world", representative=submission, size=1
    )
    submission.campaign = campaign
    submission.save(update_fields=["campaign"])
    dismissal = CampaignDismissalFactory(consultation=consultation)
    compilation.build_compilation(secretariat, consultation, now=now)

    analysis_services.load_reference_mandates(secretariat)
    analysis = analysis_services.create_analysis(secretariat, group, title="WSIS+20 review")
    analysis_services.import_document(
        secretariat, analysis, data=OUTCOME.encode(), filename="outcome.txt"
    )
    paragraph = analysis.paragraphs.order_by("pk").first()
    run = analysis_services.start_suggestions(secretariat, analysis)

    text = drafting_services.create_text(
        secretariat, group, slug="res-world", title={"en": "Resolution for the API"}
    )
    drafting_services.load_version(
        secretariat, text, "RESOLUTION 1\nconsidering\na) that one;\nresolves\n1 to act.", "en"
    )
    drafting_services.build_revision(secretariat, text, accept=[])

    return {
        "personas": personas,
        "values": {
            "text_slug": text.slug,
            "kind": "chair",
            "rev": 1,
            "slug": group.slug,
            "group": group.slug,
            "meeting_id": meeting.pk,
            "document_id": document.pk,
            "symbol": document.symbol,
            "file_id": version.pk,
            "revision": version.revision,
            "language": version.language,
            "report_id": records.report.pk,
            "item_id": records.item.pk,
            "participant_id": records.participant.pk,
            "decision_id": records.decision.pk,
            "action_id": records.action.pk,
            "resolution_id": ResolutionFactory().pk,
            "username": personas.delegate.username,
            "iso3": personas.state.iso3,
            "record_type": "meeting",
            "record_id": meeting.pk,
            "consultation": consultation.slug,
            "receipt": submission.receipt,
            "job_id": job.pk,
            "campaign_id": campaign.pk,
            "dismissal_id": dismissal.pk,
            "fmt": "csv",
            "dataset": "documents",
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
