"""Document pages: list, document page, contribution form, revision and upload, report approval."""

import pytest
from django.urls import reverse

from cwg.core.access_levels import AccessLevel
from cwg.documents import services
from cwg.documents.models import Document, MeetingReport
from cwg.documents.services import reports as report_services
from cwg.documents.tests import samples
from cwg.documents.tests.helpers import assert_constant_queries, meeting_in
from cwg.testing.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_the_list_page_shows_what_the_reader_may_see(client, personas, meeting, document):
    secret = services.submit_contribution(
        personas.delegate,
        meeting=meeting,
        state=personas.state,
        title={"en": "Members only paper"},
        access_level=AccessLevel.MEMBERS,
    )
    page = client.get("/en/documents/").content.decode()
    assert document.symbol in page and secret.symbol not in page
    client.force_login(personas.delegate)
    page = client.get("/en/documents/").content.decode()
    assert document.symbol in page and secret.symbol in page
    filtered = client.get("/en/documents/", {"q": "members only paper"}).content.decode()
    assert secret.symbol in filtered and document.symbol not in filtered
    contribute = reverse("documents:submit_contribution", args=[meeting.pk])
    assert contribute in client.get("/en/documents/", {"meeting": meeting.pk}).content.decode()
    client.force_login(personas.chair)
    assert contribute not in client.get("/en/documents/", {"meeting": meeting.pk}).content.decode()
    # A bad filter is reported, not applied.
    response = client.get("/en/documents/", {"type": "memo"})
    assert response.status_code == 200 and "Unknown document type" in response.content.decode()


def test_the_list_page_takes_a_constant_number_of_queries(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.delegate)
    meeting = MeetingFactory(group=personas.group)
    assert_constant_queries(
        client, "/en/documents/", meeting, personas.state, django_assert_max_num_queries
    )


def test_the_document_page(client, personas, document):
    services.revise(personas.delegate, document, note="New figures", file=samples.docx())
    url = reverse("documents:detail", args=[document.symbol])
    page = client.get(url).content.decode()
    assert "New figures" in page and "(Rev.1)" in page
    # The original's file is linked at its stable version address.
    assert page.count(reverse("documents:version", args=[document.pk, 0, "en"]))
    # Links built from the id lead to the symbol.
    response = client.get(reverse("documents:detail", args=[document.pk]))
    assert response.status_code == 302 and response["Location"] == url
    assert client.get("/en/documents/NO-SUCH/1/").status_code == 404
    assert "Issue a revision" not in page
    client.force_login(personas.delegate)
    assert "Issue a revision" in client.get(url).content.decode()


def test_downloads_from_the_page(client, personas, document):
    file_id = document.files.get().pk
    response = client.get(reverse("documents:download", args=[file_id]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert client.get(reverse("documents:download", args=[999999])).status_code == 404


def test_contribution_form(client, personas, meeting):
    url = reverse("documents:submit_contribution", args=[meeting.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(personas.stakeholder)
    assert client.get(url).status_code == 403
    client.force_login(personas.delegate)
    page = client.get(url)
    assert page.status_code == 200 and "Contributions are due by" in page.content.decode()
    response = client.post(
        url,
        {
            "state": personas.state.pk,
            "co_sponsors": [personas.other_state.pk],
            "original_language": "en",
            "title": "Our paper",
            "access_level": "inherit",
            "file": samples.pdf(),
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:detail", args=[document.symbol])
    assert document.source_states.count() == 2


def test_contribution_form_shows_errors_next_to_the_field(client, personas, meeting):
    url = reverse("documents:submit_contribution", args=[meeting.pk])
    client.force_login(personas.delegate)
    base = {"state": personas.state.pk, "original_language": "en", "access_level": "inherit"}
    response = client.post(url, {**base, "title": "Paper", "file": samples.text("x.pdf")})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_file_error"' in page and "ends in .pdf" in page
    response = client.post(url, {**base, "title": ""})
    assert 'id="id_title_error"' in response.content.decode()
    response = client.post(url, {**base, "state": personas.other_state.pk, "title": "x"})
    assert 'id="id_state_error"' in response.content.decode()
    assert not Document.objects.exists()


def test_contribution_form_after_the_meeting(client, personas):
    past = meeting_in(personas.group, -3)
    client.force_login(personas.delegate)
    url = reverse("documents:submit_contribution", args=[past.pk])
    assert "no longer accepted" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "state": personas.state.pk,
            "original_language": "en",
            "title": "Late",
            "access_level": "inherit",
        },
    )
    assert response.status_code == 400 and "no longer accepted" in response.content.decode()
    assert not Document.objects.exists()


def test_upload_and_revise_pages(client, personas, document):
    upload = reverse("documents:upload", args=[document.pk])
    revise = reverse("documents:revise", args=[document.pk])
    client.force_login(personas.other_delegate)
    assert client.get(upload).status_code == 403
    assert client.get(revise).status_code == 403
    client.force_login(personas.delegate)
    response = client.post(upload, {"language": "fr", "file": samples.text()})
    assert response.status_code == 302
    response = client.post(upload, {"language": "fr", "file": samples.text()})
    assert response.status_code == 400 and 'id="id_language_error"' in response.content.decode()
    form = client.get(revise).content.decode()
    # The file's language starts at the document's original language (English), not Arabic.
    assert '<option value="en" selected>' in form
    response = client.post(revise, {"note": "Typo", "title": "", "language": "en", "file": ""})
    assert response.status_code == 400 and 'id="id_file_error"' in response.content.decode()
    assert Document.objects.get(pk=document.pk).current_revision == 0
    response = client.post(
        revise, {"note": "Typo", "title": "", "language": "en", "file": samples.docx()}
    )
    assert response.status_code == 302
    assert Document.objects.get(pk=document.pk).current_revision == 1


def test_report_approval_page(client, personas):
    held = meeting_in(personas.group, -60, number=50)
    approving = meeting_in(personas.group, -1, number=51)
    report = report_services.create_report(
        personas.secretariat, held, title={"en": "Report"}, file=samples.pdf()
    )
    url = reverse("documents:report", args=[report.pk])
    client.force_login(personas.chair)
    assert client.get(url).status_code == 403
    client.force_login(personas.secretariat)
    assert client.get(url).status_code == 200
    assert client.post(url, {"state": "circulated"}).status_code == 302
    response = client.post(
        url, {"state": "approved", "approved_at_meeting": approving.pk, "approved_on": ""}
    )
    assert response.status_code == 400
    assert 'id="id_approved_on_error"' in response.content.decode()
    response = client.post(
        url,
        {
            "state": "approved",
            "approved_at_meeting": approving.pk,
            "approved_on": approving.start_date.isoformat(),
        },
    )
    assert response.status_code == 302
    assert MeetingReport.objects.get(pk=report.pk).state == "approved"
    assert "can no longer change" in client.get(url).content.decode()


def test_the_secretariat_starts_a_report(client, personas):
    held = meeting_in(personas.group, -30, number=60)
    url = reverse("documents:start_report", args=[held.pk])
    client.force_login(personas.delegate)
    assert client.get(url).status_code == 403
    client.force_login(personas.secretariat)
    assert client.get(url).status_code == 200
    response = client.post(url, {"original_language": "en", "title": ""})
    assert response.status_code == 400 and 'id="id_title_error"' in response.content.decode()
    response = client.post(
        url, {"original_language": "en", "title": "Report", "file": samples.pdf()}
    )
    report = MeetingReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:report", args=[report.pk])
    response = client.post(url, {"original_language": "en", "title": "Again"})
    assert response.status_code == 400 and "already has a report" in response.content.decode()


def test_the_manage_page(client, personas, document):
    url = reverse("documents:manage", args=[document.pk])
    client.force_login(personas.delegate)
    assert client.get(url).status_code == 403
    client.force_login(personas.secretariat)
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "access", "access-access_level": "members"})
    assert response.status_code == 302
    assert Document.objects.get(pk=document.pk).access_level == "members"
    response = client.post(
        url,
        {"action": "translation", "translation-language": "en", "translation-status": "requested"},
    )
    assert response.status_code == 400
    assert 'id="id_translation-language_error"' in response.content.decode()
    response = client.post(
        url,
        {"action": "translation", "translation-language": "ar", "translation-status": "requested"},
    )
    assert response.status_code == 302
    assert client.post(url, {"action": "explode"}).status_code == 400
    response = client.post(url, {"action": "withdraw", "withdraw-reason": "merged"})
    assert response.status_code == 302 and Document.objects.get(pk=document.pk).withdrawn


def test_pages_of_a_meeting_the_reader_may_not_see_do_not_exist(client, personas):
    hidden = MeetingFactory(group=personas.group, access_level=AccessLevel.MEMBERS)
    pages = [
        reverse("documents:submit_contribution", args=[hidden.pk]),
        reverse("documents:start_report", args=[hidden.pk]),
    ]
    client.force_login(personas.stakeholder)
    assert [client.get(url).status_code for url in pages] == [404, 404]
    assert client.get(reverse("documents:start_report", args=[999999])).status_code == 404
    client.force_login(personas.secretariat)
    assert [client.get(url).status_code for url in pages] == [403, 200]
