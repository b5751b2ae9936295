"""Downloading a submission's attachment: who may, with which headers, and the links to it."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from cwg.consultations import services
from cwg.consultations.models import Attachment, Submission
from cwg.consultations.tests.conftest import (
    PDF_BYTES,
    assert_served_as_download,
    docx_bytes,
    make_consultation,
    open_members_round,
    payload,
)
from cwg.consultations.views.downloads import safe_filename
from cwg.groups.models import Visibility
from cwg.registry.access import forget_standing
from cwg.registry.models import Membership, Role
from cwg.testing.factories import GroupFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

PUBLIC = ("anonymous", "stakeholder", "delegate")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def login(client, personas, name):
    if name != "anonymous":
        client.force_login(getattr(personas, name))
    return client


def url(attachment: Attachment) -> str:
    s = attachment.submission
    return f"/en/consultations/{s.consultation.slug}/submissions/{s.receipt}/attachments/{attachment.pk}/"


def respond(personas, consultation, name, *, files, actor=None, **overrides) -> Submission:
    result = services.submit(
        actor or personas.anonymous, consultation, payload(name=name, **overrides), files=files
    )
    return result.submission


@pytest.fixture
def rounds(personas):
    """An open consultation with a published, an unconsented and a hidden submission."""
    c = make_consultation(personas)
    published = respond(personas, c, "Ana", files=[("position paper.pdf", PDF_BYTES)])
    private = respond(
        personas, c, "Ben", consent_to_publication=False, files=[("private.pdf", PDF_BYTES)]
    )
    hidden = respond(personas, c, "Cyd", files=[("abusive.docx", docx_bytes("Abuse"))])
    services.hide_submission(personas.secretariat, hidden, "Insults another respondent")
    return {
        "consultation": c,
        "published": published.attachments.get(),
        "private": private.attachments.get(),
        "hidden": hidden.attachments.get(),
    }


@pytest.mark.parametrize("persona", PUBLIC)
def test_the_public_downloads_a_published_attachment(client, personas, rounds, persona):
    login(client, personas, persona)
    attachment = rounds["published"]
    assert_served_as_download(
        client.get(url(attachment)),
        filename=f"{attachment.submission.receipt}-position paper.pdf",
        content=PDF_BYTES,
        content_type="application/pdf",
    )


@pytest.mark.parametrize("persona", PUBLIC)
@pytest.mark.parametrize("which", ["private", "hidden"])
def test_unconsented_or_hidden_attachments_are_a_404_for_the_public(
    client, personas, rounds, persona, which
):
    login(client, personas, persona)
    assert client.get(url(rounds[which])).status_code == 404


@pytest.mark.parametrize("which", ["published", "private", "hidden"])
def test_the_secretariat_downloads_every_attachment(client, personas, rounds, which):
    client.force_login(personas.secretariat)
    response = client.get(url(rounds[which]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    body = b"".join(response.streaming_content)
    assert len(body) == rounds[which].size


def test_a_docx_is_served_as_a_docx(client, personas, rounds):
    client.force_login(personas.secretariat)
    response = client.get(url(rounds["hidden"]))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].endswith('-abusive.docx"')


def test_restoring_a_hidden_submission_makes_its_file_public_again(client, personas, rounds):
    attachment = rounds["hidden"]
    assert client.get(url(attachment)).status_code == 404
    services.restore_submission(personas.secretariat, attachment.submission, "Reviewed")
    assert client.get(url(attachment)).status_code == 200


def test_a_mismatched_receipt_or_consultation_is_a_404(client, personas, rounds):
    client.force_login(personas.secretariat)
    published, private = rounds["published"], rounds["private"]
    slug = rounds["consultation"].slug
    other_receipt = private.submission.receipt
    wrong = f"/en/consultations/{slug}/submissions/{other_receipt}/attachments/{published.pk}/"
    assert client.get(wrong).status_code == 404
    other = make_consultation(personas, slug="other-round")
    receipt = published.submission.receipt
    moved = f"/en/consultations/{other.slug}/submissions/{receipt}/attachments/{published.pk}/"
    assert client.get(moved).status_code == 404
    assert client.get(url(published).replace(str(published.pk), "999999")).status_code == 404


def test_a_consultation_the_reader_cannot_see_hides_its_files(client, personas):
    group = GroupFactory(visibility=Visibility.MEMBERS)
    Membership.objects.bulk_create(
        [
            Membership(person=personas.secretariat, role=Role.SECRETARIAT, group=group),
            Membership(
                person=personas.other_delegate,
                role=Role.DELEGATE,
                group=group,
                member_state=personas.other_state,
            ),
        ]
    )
    forget_standing(personas.secretariat)
    c = open_members_round(personas, group)
    # Only members may answer a members-only group's consultation.
    submission = respond(
        personas,
        c,
        "Dee",
        files=[("a.pdf", PDF_BYTES)],
        actor=personas.other_delegate,
        answers={"1": "Yes."},
    )
    attachment = submission.attachments.get()
    assert client.get(url(attachment)).status_code == 404  # the group is not public
    for outsider in ("stakeholder", "delegate"):  # delegate of another group
        client.force_login(getattr(personas, outsider))
        assert client.get(url(attachment)).status_code == 404
    client.force_login(personas.other_delegate)
    assert client.get(url(attachment)).status_code == 200


def test_a_draft_consultations_files_are_the_secretariats_only(client, personas):
    draft = make_consultation(personas, slug="draft-round", open_it=False)
    submission = SubmissionFactory(
        consultation=draft, receipt="T-2027-AAAA-BBBB", submitted_at=draft.opens_at, name="Test",
        category="academia", country_other="Nowhere", language="en", answers={"1": "x"},
        consent_to_publication=True,
    )  # fmt: skip
    attachment = Attachment(
        submission=submission,
        original_name="t.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256=hashlib.sha256(PDF_BYTES).hexdigest(),
    )
    attachment.file.save("t.pdf", ContentFile(PDF_BYTES))
    for persona in PUBLIC:
        login(client, personas, persona)
        assert client.get(url(attachment)).status_code == 404
    client.force_login(personas.secretariat)
    assert client.get(url(attachment)).status_code == 200


def test_a_file_missing_from_storage_is_a_404(client, personas, rounds):
    attachment = rounds["published"]
    attachment.file.delete(save=False)
    assert client.get(url(attachment)).status_code == 404


def test_the_file_name_is_safe_and_tells_the_true_type(rounds):
    attachment = rounds["published"]
    receipt = attachment.submission.receipt
    for original, expected in [
        ('..\\..\\evil"name\r\n.exe.pdf', f"{receipt}-evil-name.exe.pdf"),
        ("letter.txt", f"{receipt}-letter.pdf"),  # the bytes are a PDF
        ("لائحة.pdf", f"{receipt}-لائحة.pdf"),
        ("...", f"{receipt}.pdf"),
        ("x" * 300 + ".pdf", f"{receipt}-{'x' * 80}.pdf"),
    ]:
        attachment.original_name = original
        assert safe_filename(attachment) == expected, original


def test_a_non_ascii_name_reaches_the_browser_encoded(client, personas, rounds):
    attachment = rounds["published"]
    Attachment.objects.filter(pk=attachment.pk).update(original_name="réponse.pdf")
    response = client.get(url(attachment))
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert "r%C3%A9ponse.pdf" in response["Content-Disposition"]


# Links ---------------------------------------------------------------------------------------


def test_the_published_list_links_only_published_files(client, rounds):
    c = rounds["consultation"]
    body = client.get(f"/en/consultations/{c.slug}/submissions/").content.decode()
    assert url(rounds["published"]) in body
    assert url(rounds["private"]) not in body and url(rounds["hidden"]) not in body


def test_the_moderation_page_links_every_file(client, personas, rounds):
    c = rounds["consultation"]
    client.force_login(personas.secretariat)
    body = client.get(f"/en/consultations/{c.slug}/moderation/").content.decode()
    for which in ("published", "private", "hidden"):
        assert url(rounds[which]) in body
    client.force_login(personas.delegate)
    assert client.get(f"/en/consultations/{c.slug}/moderation/").status_code == 404


def test_the_receipt_json_gives_each_file_a_url_its_holder_can_use_before_publication(
    client, personas, rounds
):
    attachment = rounds["private"]
    s = attachment.submission
    data = client.get(f"/api/v1/consultations/{s.consultation.slug}/receipts/{s.receipt}").json()
    assert [a["url"] for a in data["attachments"]] == [
        f"/en/consultations/{s.consultation.slug}/receipts/{s.receipt}/attachments/{attachment.pk}/"
    ]
    assert client.get(data["attachments"][0]["url"]).status_code == 200
    assert client.get(url(attachment)).status_code == 404  # the public address stays closed


def test_a_new_submission_through_the_api_answers_with_working_urls(client, personas, rounds):
    c = rounds["consultation"]
    response = client.post(
        f"/api/v1/consultations/{c.slug}/submissions",
        data={
            **{k: v for k, v in payload(name="Eve").items() if k not in ("answers",)},
            "consent_to_publication": "true",
            "answer_1": "An answer",
            "attachments": [SimpleUploadedFile("paper.pdf", PDF_BYTES)],
        },
    )
    assert response.status_code == 201, response.content
    link = response.json()["attachments"][0]["url"]
    assert link and client.get(link).status_code == 200
