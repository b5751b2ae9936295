"""Fixtures of the consultation tests: an open consultation around the personas' group."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import time
import zipfile

import pytest
from django.utils import timezone

from cwg.consultations import intake, services


def make_consultation(personas, *, slug="internet-2025", open_it=True, languages=("en", "fr")):
    now = timezone.now()
    consultation = services.create_consultation(
        personas.secretariat,
        group=personas.group,
        slug=slug,
        topic={"en": "Multilingualization of the Internet", "fr": "Multilinguisme de l'Internet"},
        languages=list(languages),
        questions=[
            {"text": {"en": "What can be done for a multilingual Internet?"}},
            {"text": {"en": "What are the benefits and challenges?"}},
        ],
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=10),
    )
    if open_it:
        consultation = services.transition(personas.secretariat, consultation, "open")
    return consultation


def open_members_round(personas, group, slug: str = "members-round"):
    """An open one-question round of a members-only `group` (its secretariat already a member)."""
    now = timezone.now()
    consultation = services.create_consultation(
        personas.secretariat,
        group=group,
        slug=slug,
        topic={"en": "Members only"},
        languages=["en"],
        questions=[{"text": {"en": "Q?"}}],
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
    )
    return services.transition(personas.secretariat, consultation, "open")


@pytest.fixture
def consultation(personas):
    return make_consultation(personas)


def web_form_data(**overrides) -> dict:
    """A filled answer form as the browser posts it: a human's pace, a rendered form's token."""
    data = {
        "name": "Chidi Respondent",
        "organisation": "Lagos Internet Exchange",
        "category": "technical_community",
        "country": "FRA",
        "country_other": "",
        "language": "en",
        "answer_1": "More IXPs, more local content.",
        "answer_2": "",
        "consent_to_publication": "on",
        "website": "",
        "started": intake.form_started_token(time.time() - 30),
        "token": "8f14e45fceea167a5a36dedd4bea2543",
    }
    data.update(overrides)
    return data


def payload(**overrides) -> dict:
    data = {
        "name": "Ana Respondent",
        "organisation": "Open Web Society",
        "category": "civil_society",
        "country": "FRA",
        "language": "en",
        "consent_to_publication": True,
        "answers": {"1": "Support internationalized domain names everywhere.", "2": "Benefits."},
    }
    data.update(overrides)
    return data


def docx_bytes(text="A response in Word") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def assert_served_as_download(response, *, filename: str, content: bytes, content_type: str):
    """A file download: the bytes, its type, a safe attachment name, no sniffing or caching."""
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def body(response) -> bytes:
    """A response's bytes, streamed (stored files) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


# -- campaign tests --------------------------------------------------------------------------

needs_campaign_engine = pytest.mark.skipif(
    importlib.util.find_spec("cwg.consultations.campaigns.engine") is None,
    reason="the campaign-detection engine is not in this build",
)
# The marks of every campaign test module that runs in a transaction rolled back after each test.
campaign_tests = [pytest.mark.django_db, needs_campaign_engine]

LETTER = (
    "I urge the working group to protect an open, multilingual Internet. Governments should "
    "support internationalized domain names, local content and universal acceptance, and they "
    "should consult every stakeholder before acting. Please record my support for this position."
)
UNIQUE = [
    "Our university studies keyboard layouts for minority scripts and needs funding for fonts.",
    "Satellite links in landlocked countries remain expensive; spectrum policy should change.",
    "As a small operator we ask for simpler licensing of community networks in rural areas.",
]


def variants(n: int) -> list[str]:
    """`n` copies of the campaign letter: two exact, the rest with a closing line added."""
    texts = [LETTER, LETTER]  # one exact copy
    edits = ["Thank you.", "Regards from Lima.", "Sincerely, a citizen.", "Best wishes."]
    for i in range(n - 2):
        texts.append(LETTER + " " + edits[i % len(edits)])
    return texts


def fill(personas, consultation, texts) -> list[str]:
    """Submit each text as an anonymous respondent's answer; the receipts, in order."""
    receipts = []
    for i, text in enumerate(texts):
        result = services.submit(
            personas.anonymous, consultation, payload(name=f"R{i}", answers={"1": text})
        )
        receipts.append(result.submission.receipt)
    return receipts


def rerun_campaigns(personas, consultation) -> None:
    """A full campaign run requested by the secretariat, run to its end here."""
    from cwg.consultations.services import campaigns as campaign_runs

    job = campaign_runs.request_full_run(personas.secretariat, consultation)
    campaign_runs.run_full(job.pk)


def make_campaign(personas, texts):
    """The one campaign a full run finds among `texts` (and the unique answers) of a new
    consultation."""
    from cwg.consultations.models import Campaign

    consultation = make_consultation(personas)
    fill(personas, consultation, [*texts, *UNIQUE])
    rerun_campaigns(personas, consultation)
    return Campaign.objects.get(consultation=consultation)


def campaign_url(campaign, name: str = "campaign_review") -> str:
    from django.urls import reverse

    return reverse(f"consultations:{name}", args=[campaign.consultation.slug, campaign.pk])


def campaign_members(campaign, tier: str | None = None) -> list[int]:
    """Ids of the campaign's copies and near copies (of one tier if given), in id order."""
    from cwg.consultations.models import Submission

    rows = Submission.objects.filter(campaign=campaign).order_by("pk")
    if tier:
        rows = rows.filter(campaign_tier=tier)
    return list(rows.values_list("pk", flat=True))
