"""The documents API: reading honours access; every write refuses bad input with a message."""

import pytest

from cwg.core.access_levels import AccessLevel
from cwg.documents import services
from cwg.documents.models import Document, DocumentFile, MeetingReport
from cwg.documents.tests import samples
from cwg.documents.tests.helpers import assert_constant_queries, meeting_in
from cwg.testing.factories import DocumentFactory, GroupFactory, MeetingFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def members_doc(personas, meeting):
    return services.submit_contribution(
        personas.delegate,
        meeting=meeting,
        state=personas.state,
        title={"en": "Confidential proposal"},
        access_level=AccessLevel.MEMBERS,
        file=samples.pdf(),
    )


def symbols(response):
    assert response.status_code == 200, response.content
    return {item["symbol"] for item in response.json()["items"]}


# Reading --------------------------------------------------------------------------------------


def test_the_list_hides_members_only_documents_from_outsiders(
    client, personas, document, members_doc
):
    assert symbols(client.get(f"{API}/documents")) == {document.symbol}
    client.force_login(personas.stakeholder)
    assert symbols(client.get(f"{API}/documents")) == {document.symbol}
    for who in ("delegate", "other_delegate", "council_member", "chair", "secretariat"):
        client.force_login(getattr(personas, who))
        assert symbols(client.get(f"{API}/documents")) == {document.symbol, members_doc.symbol}


def test_a_members_only_group_hides_its_documents_by_inheritance(client, personas):
    hidden_group = GroupFactory(visibility="members")
    hidden = DocumentFactory(meeting=MeetingFactory(group=hidden_group))
    assert hidden.access_level == AccessLevel.INHERIT
    assert client.get(f"{API}/documents/{hidden.pk}").status_code == 404
    assert hidden.symbol not in symbols(client.get(f"{API}/documents"))
    # The delegate is a member of the personas' group, not of this one.
    client.force_login(personas.delegate)
    assert client.get(f"{API}/documents/{hidden.pk}").status_code == 404
    client.force_login(personas.council_member)  # Council members see every group
    assert client.get(f"{API}/documents/{hidden.pk}").status_code == 200


def test_filters(client, personas, meeting, document):
    other = services.submit_document(
        personas.secretariat,
        group=personas.group,
        meeting=meeting,
        document_type="information",
        source_kind="secretariat",
        title={"fr": "Note d'information sur la résolution"},
        original_language="fr",
        file=samples.text(),
    )
    assert symbols(client.get(f"{API}/documents", {"type": "information"})) == {other.symbol}
    assert symbols(client.get(f"{API}/documents", {"language": "fr"})) == {other.symbol}
    assert symbols(client.get(f"{API}/documents", {"q": "RESOLUTION"})) == {other.symbol}
    assert symbols(client.get(f"{API}/documents", {"q": document.symbol})) == {document.symbol}
    assert symbols(client.get(f"{API}/documents", {"meeting": meeting.pk})) == {
        document.symbol,
        other.symbol,
    }
    assert symbols(client.get(f"{API}/documents", {"group": personas.group.slug})) == {
        document.symbol,
        other.symbol,
    }
    assert symbols(client.get(f"{API}/documents", {"group": "no-such-group"})) == set()


@pytest.mark.parametrize(
    ("params", "field"), [({"type": "memo"}, "type"), ({"language": "de"}, "language")]
)
def test_bad_filters_are_refused_with_a_message(client, params, field):
    response = client.get(f"{API}/documents", params)
    assert response.status_code == 400
    assert response.json()["field"] == field and response.json()["detail"]


def test_a_document_by_symbol_and_by_id(client, personas, document, members_doc):
    response = client.get(f"{API}/documents/by-symbol", {"symbol": document.symbol})
    assert response.status_code == 200
    body = response.json()
    assert body["symbol"] == document.symbol
    assert body["source_states"] == ["FRA"] and body["submitting_state"] == "FRA"
    assert {v["language"]: v["status"] for v in body["languages"]}["en"] == "original"
    assert [r["label"] for r in body["revisions"]] == ["Original"]
    assert client.get(f"{API}/documents/{document.pk}").json()["symbol"] == document.symbol
    for url in (
        f"{API}/documents/by-symbol?symbol={members_doc.symbol}",
        f"{API}/documents/{members_doc.pk}",
        f"{API}/documents/by-symbol?symbol=NOPE/1",
    ):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["detail"]


def test_downloads_honour_access(client, personas, document, members_doc):
    public_file = document.files.get()
    members_file = members_doc.files.get()
    response = client.get(f"{API}/documents/files/{public_file.pk}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["Digest"] == f"sha-256={public_file.sha256}"
    assert document.symbol.replace("/", "-") in response["Content-Disposition"]
    assert client.get(f"{API}/documents/files/{members_file.pk}").status_code == 404
    client.force_login(personas.stakeholder)
    assert client.get(f"{API}/documents/files/{members_file.pk}").status_code == 404
    client.force_login(personas.other_delegate)
    assert client.get(f"{API}/documents/files/{members_file.pk}").status_code == 200


def test_meeting_documents(client, personas, meeting, document, members_doc):
    url = f"{API}/meetings/{meeting.pk}/documents"
    assert symbols(client.get(url)) == {document.symbol}
    client.force_login(personas.delegate)
    assert symbols(client.get(url)) == {document.symbol, members_doc.symbol}
    hidden = MeetingFactory(group=personas.group, access_level=AccessLevel.MEMBERS)
    client.logout()
    assert client.get(f"{API}/meetings/{hidden.pk}/documents").status_code == 404
    assert client.get(f"{API}/meetings/999999/documents").status_code == 404


def test_the_list_takes_a_constant_number_of_queries(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.delegate)
    meeting = MeetingFactory(group=personas.group)
    response = assert_constant_queries(
        client, f"{API}/documents", meeting, personas.state, django_assert_max_num_queries
    )
    assert response.json()["count"] == 200


# Writing --------------------------------------------------------------------------------------


def contribution(meeting, **values):
    data = {"state": "FRA", "title": "Our proposal", "original_language": "en"}
    data.update(values)
    return f"{API}/meetings/{meeting.pk}/contributions", data


def test_a_delegate_submits_a_contribution(client, personas, meeting):
    client.force_login(personas.delegate)
    url, data = contribution(
        meeting,
        co_sponsors="BRA",
        titles='{"fr": "Notre proposition"}',
        file=samples.docx(),
    )
    response = client.post(url, data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["symbol"] == f"{meeting.symbol_prefix}/1"
    assert body["title"] == {"en": "Our proposal", "fr": "Notre proposition"}
    assert sorted(body["source_states"]) == ["BRA", "FRA"]
    assert body["is_late"] is False


@pytest.mark.parametrize(
    ("who", "values", "status", "field"),
    [
        ("anonymous", {}, 401, None),
        ("stakeholder", {}, 403, "state"),
        ("secretariat", {}, 403, "state"),
        ("delegate", {"state": "BRA"}, 403, "state"),
        ("delegate", {"state": "ZZZ"}, 400, "state"),
        ("delegate", {"title": ""}, 400, "title"),
        ("delegate", {"original_language": "de"}, 400, "original_language"),
        ("delegate", {"titles": "not json"}, 400, "titles"),
        ("delegate", {"co_sponsors": "BRA,XXX"}, 400, "co_sponsors"),
        ("delegate", {"access_level": "everyone"}, 400, "access_level"),
        ("delegate", {"file": "photo"}, 400, "file"),
    ],
)
def test_bad_contributions_are_refused_and_nothing_is_stored(
    client, personas, meeting, who, values, status, field
):
    if who != "anonymous":
        client.force_login(getattr(personas, who))
    if values.get("file") == "photo":
        from django.core.files.uploadedfile import SimpleUploadedFile

        values = {**values, "file": SimpleUploadedFile("photo.pdf", samples.PNG_BYTES)}
    url, data = contribution(meeting, **values)
    response = client.post(url, data)
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    if field:
        assert response.json()["field"] == field
    assert not Document.objects.exists()
    assert not DocumentFile.objects.exists()


def test_a_missing_field_is_refused(client, personas, meeting):
    client.force_login(personas.delegate)
    response = client.post(f"{API}/meetings/{meeting.pk}/contributions", {"state": "FRA"})
    assert response.status_code == 400
    assert "title" in response.json()["detail"]
    assert not Document.objects.exists()


def test_after_the_meeting_a_contribution_is_refused(client, personas):
    past = meeting_in(personas.group, -10)
    client.force_login(personas.delegate)
    url, data = contribution(past)
    response = client.post(url, data)
    assert response.status_code == 409
    assert "no longer accepted" in response.json()["detail"]
    assert not Document.objects.exists()


def test_upload_version_and_its_refusals(client, personas, document):
    url = f"{API}/documents/{document.pk}/files"
    client.force_login(personas.delegate)
    response = client.post(url, {"language": "fr", "file": samples.text()})
    assert response.status_code == 201, response.content
    assert response.json()["language"] == "fr"
    for data, status in [
        ({"language": "fr", "file": samples.text()}, 409),  # already there
        ({"language": "de", "file": samples.text()}, 400),
        ({"language": "es", "file": samples.text("x.docx")}, 400),
        ({"language": "es"}, 400),
    ]:
        response = client.post(url, data)
        assert response.status_code == status, (data, response.content)
        assert response.json()["detail"]
    assert set(document.files.values_list("language", flat=True)) == {"en", "fr"}
    client.force_login(personas.other_delegate)
    response = client.post(url, {"language": "es", "file": samples.text()})
    assert response.status_code == 403


def test_revise_withdraw_and_access_level(client, personas, document):
    client.force_login(personas.delegate)
    response = client.post(
        f"{API}/documents/{document.pk}/revisions",
        {"note": "Figures updated", "language": "en", "file": samples.docx()},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["display_symbol"].endswith("(Rev.1)")
    assert [r["label"] for r in body["revisions"]] == ["Rev.1", "Original"]
    assert all(len(r["files"]) == 1 for r in body["revisions"])
    bad = client.post(
        f"{API}/documents/{document.pk}/revisions", {"language": "xx", "file": samples.pdf()}
    )
    assert bad.status_code == 400 and bad.json()["field"] == "language"
    assert Document.objects.get(pk=document.pk).current_revision == 1
    refused = client.post(
        f"{API}/documents/{document.pk}/access-level",
        {"access_level": "members"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    client.force_login(personas.secretariat)
    bad_level = client.post(
        f"{API}/documents/{document.pk}/access-level",
        {"access_level": "secret"},
        content_type="application/json",
    )
    assert bad_level.status_code == 400 and bad_level.json()["field"] == "access_level"
    ok = client.post(
        f"{API}/documents/{document.pk}/access-level",
        {"access_level": "members"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["access"] == "members"
    withdrawn = client.post(
        f"{API}/documents/{document.pk}/withdraw",
        {"reason": "merged"},
        content_type="application/json",
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn"] is True
    again = client.post(
        f"{API}/documents/{document.pk}/withdraw", {}, content_type="application/json"
    )
    assert again.status_code == 409


def test_translation_status_endpoint(client, personas, document):
    url = f"{API}/documents/{document.pk}/translations"
    client.force_login(personas.secretariat)
    response = client.post(
        url, {"language": "ar", "status": "requested"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert {v["language"]: v["status"] for v in response.json()["languages"]}["ar"] == "requested"
    bad = client.post(url, {"language": "ar", "status": "done"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "status"
    client.force_login(personas.delegate)
    assert (
        client.post(
            url, {"language": "ru", "status": "requested"}, content_type="application/json"
        ).status_code
        == 403
    )


def test_report_lifecycle_through_the_api(client, personas):
    held = meeting_in(personas.group, -60, number=40)
    approving = meeting_in(personas.group, -1, number=41)
    client.force_login(personas.delegate)
    refused = client.post(
        f"{API}/meetings/{held.pk}/report", {"title": "Report", "file": samples.pdf()}
    )
    assert refused.status_code == 403 and not MeetingReport.objects.exists()
    client.force_login(personas.secretariat)
    created = client.post(
        f"{API}/meetings/{held.pk}/report", {"title": "Report", "file": samples.pdf()}
    )
    assert created.status_code == 201, created.content
    report_id = created.json()["id"]
    state_url = f"{API}/meeting-reports/{report_id}/state"
    post = lambda data: client.post(state_url, data, content_type="application/json")  # noqa: E731
    assert post({"state": "approved", "approved_at_meeting": approving.pk}).status_code == 409
    assert post({"state": "circulated"}).json()["state"] == "circulated"
    missing_date = post({"state": "approved", "approved_at_meeting": approving.pk})
    assert missing_date.status_code == 400 and missing_date.json()["field"] == "approved_on"
    bad_date = post(
        {"state": "approved", "approved_at_meeting": approving.pk, "approved_on": "yesterday"}
    )
    assert bad_date.status_code == 400 and bad_date.json()["field"] == "approved_on"
    assert MeetingReport.objects.get(pk=report_id).state == "circulated"
    approved = post(
        {
            "state": "approved",
            "approved_at_meeting": approving.pk,
            "approved_on": approving.start_date.isoformat(),
        }
    )
    assert approved.status_code == 200 and approved.json()["approved_revision"] == 0
    again = post({"state": "draft"})
    assert again.status_code == 409 and "cannot change" in again.json()["detail"]
    document_id = created.json()["document_id"]
    upload = client.post(
        f"{API}/documents/{document_id}/files", {"language": "fr", "file": samples.text()}
    )
    assert upload.status_code == 409 and upload.json()["code"] == "ReportApproved"
    empty = client.post(f"{API}/documents/{document_id}/revisions", {"note": "Corrigendum 1"})
    assert empty.status_code == 400 and empty.json()["field"] == "file"
    corrigendum = client.post(
        f"{API}/documents/{document_id}/revisions",
        {"note": "Corrigendum 1", "file": samples.docx()},
    )
    assert corrigendum.status_code == 201
    assert corrigendum.json()["revisions"][0]["is_corrigendum"] is True
    client.force_login(personas.chair)
    assert client.get(f"{API}/meeting-reports/{report_id}").json()["state"] == "approved"


def test_the_secretariat_posts_documents_of_a_meeting_or_of_the_group(client, personas, meeting):
    from django.utils import timezone

    client.force_login(personas.secretariat)
    base = {
        "group": personas.group.slug,
        "document_type": "chair_report",
        "source_kind": "chair",
        "title": "Rapport de la Présidente",
        "original_language": "fr",
    }
    response = client.post(f"{API}/documents", {**base, "file": samples.pdf()})
    assert response.status_code == 201, response.content
    assert response.json()["symbol"] == f"{personas.group.symbol_prefix}/{timezone.now().year}/1"
    response = client.post(
        f"{API}/documents", {**base, "document_type": "information", "meeting": meeting.pk}
    )
    assert response.json()["symbol"] == f"{meeting.symbol_prefix}/1"
    for values, field in [
        ({"group": "nope"}, "group"),
        ({"meeting": 999999}, "meeting"),
        ({"document_type": "memo"}, "document_type"),
        ({"source_kind": "member_state"}, "source_states"),
        ({"source_kind": "member_state", "source_states": "ZZZ"}, "source_states"),
    ]:
        refused = client.post(f"{API}/documents", {**base, **values})
        assert refused.status_code == 400, refused.content
        assert refused.json()["field"] == field
    client.force_login(personas.chair)
    assert client.post(f"{API}/documents", base).status_code == 403
    assert Document.objects.count() == 2


def test_a_part_header_longer_than_the_parser_reads_is_a_json_400(client, personas, document):
    """A 1,000-character file name sent as is (httpx, curl) overflows Django's 1 KB header read."""
    client.force_login(personas.delegate)
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="language"\r\n\r\nfr\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{"n" * 1000}.txt"'
        f"\r\nContent-Type: text/plain\r\n\r\nplain text\r\n--{boundary}--\r\n"
    ).encode()
    response = client.generic(
        "POST",
        f"{API}/documents/{document.pk}/files",
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["field"] == "file"
    assert set(document.files.values_list("language", flat=True)) == {"en"}
