"""The secretariat posts documents of a meeting or of the group, several languages at once."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cwg.core.exceptions import InvalidInput
from cwg.documents import services
from cwg.documents.models import Document, DocumentFile
from cwg.documents.tests import samples
from cwg.testing.factories import GroupFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def form(meeting="", **extra) -> dict:
    return {
        "meeting": meeting,
        "document_type": "information",
        "source_kind": "secretariat",
        "original_language": "en",
        "title": "Practical arrangements",
        "access_level": "members",
        **extra,
    }


def test_the_secretariat_posts_a_meeting_document_in_three_languages(client, personas, meeting):
    url = f"/en/documents/post/{personas.group.slug}/"
    client.force_login(personas.secretariat)
    page = client.get(url, {"meeting": meeting.pk}).content.decode()
    assert f'<option value="{meeting.pk}" selected>' in page
    response = client.post(
        url,
        form(
            meeting.pk,
            file_en=samples.pdf("arrangements.pdf"),
            file_fr=samples.text("dispositions.txt"),
            file_ar=samples.docx("arr.docx"),
        ),
    )
    assert response.status_code == 302
    document = Document.objects.get(meeting=meeting, document_type="information")
    assert response["Location"] == f"/en/documents/{document.symbol}/"
    assert document.access_level == "members" and document.title == {"en": "Practical arrangements"}
    statuses = dict(
        DocumentFile.objects.filter(document=document).values_list("language", "translation_status")
    )
    assert statuses == {"en": "original", "fr": "available", "ar": "available"}


def test_a_group_document_without_meeting_and_without_files(client, personas):
    client.force_login(personas.secretariat)
    response = client.post(f"/en/documents/post/{personas.group.slug}/", form())
    assert response.status_code == 302
    assert Document.objects.get(document_type="information").meeting is None


@pytest.mark.parametrize("who", ["delegate", "chair", "stakeholder"])
def test_only_the_secretariat_posts(client, personas, who):
    client.force_login(getattr(personas, who))
    url = f"/en/documents/post/{personas.group.slug}/"
    assert client.get(url).status_code == 403
    assert client.post(url, form(file_en=samples.pdf())).status_code == 403
    assert not Document.objects.exists()


def test_anonymous_readers_are_sent_to_sign_in(client, personas):
    response = client.get(f"/en/documents/post/{personas.group.slug}/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_another_groups_meeting_or_a_bad_file_leaves_nothing(client, personas):
    other = MeetingFactory(group=GroupFactory())
    client.force_login(personas.secretariat)
    url = f"/en/documents/post/{personas.group.slug}/"
    response = client.post(url, form(other.pk, file_en=samples.pdf()))
    assert response.status_code == 400 and 'id="id_meeting_error"' in response.content.decode()
    program = SimpleUploadedFile("tool.exe", b"MZ\x90\x00" * 64)
    response = client.post(url, form(file_en=samples.pdf(), file_fr=program))
    assert response.status_code == 400
    assert not Document.objects.exists() and not DocumentFile.objects.exists()


def test_the_service_refuses_an_unknown_language_version(personas):
    with pytest.raises(InvalidInput) as refused:
        services.submit_document(
            personas.secretariat,
            group=personas.group,
            document_type="information",
            source_kind="secretariat",
            title={"en": "Note"},
            versions={"de": samples.pdf()},
        )
    assert refused.value.field == "versions"
    assert not Document.objects.exists()


def test_entry_points_on_the_meeting_page_meetings_list_and_workspace(client, personas, meeting):
    post = f"/en/documents/post/{personas.group.slug}/"
    new_meeting = f"/en/meetings/new/{personas.group.slug}/"
    start_report = f"/en/documents/meetings/{meeting.pk}/report/"
    client.force_login(personas.secretariat)
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert f"{post}?meeting={meeting.pk}" in page and start_report in page
    listing = client.get("/en/meetings/").content.decode()
    assert new_meeting in listing and post in listing
    workspace = client.get("/en/workspace/").content.decode()
    assert new_meeting in workspace and post in workspace
    # A delegate sees none of them.
    client.force_login(personas.delegate)
    for url in (f"/en/meetings/{meeting.pk}/", "/en/meetings/"):
        body = client.get(url).content.decode()
        assert post not in body and new_meeting not in body and start_report not in body


def test_the_workspace_offers_to_start_the_report_of_a_held_meeting(client, personas):
    import datetime as dt

    from django.utils import timezone

    from cwg.documents.services import reports as report_services

    today = timezone.localdate()
    held = MeetingFactory(
        group=personas.group,
        number=40,
        start_date=today - dt.timedelta(days=20),
        end_date=today - dt.timedelta(days=19),
        status="held",
    )
    start = f"/en/documents/meetings/{held.pk}/report/"
    client.force_login(personas.secretariat)
    assert start in client.get("/en/workspace/").content.decode()
    report_services.create_report(personas.secretariat, held, title={"en": "Report"})
    assert start not in client.get("/en/workspace/").content.decode()
    client.force_login(personas.delegate)
    assert start not in client.get("/en/workspace/").content.decode()
