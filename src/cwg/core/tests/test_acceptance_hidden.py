"""Members-only documents and meetings stay hidden everywhere an outsider could look.

A hidden record is a 404 (never a 403), is not listed, is not searchable, and its symbol or title
does not show through another record that points at it (an agenda item, an action, a feed).
The same reads as a delegate of the group show the records, so the checks cannot pass vacuously.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cwg.decisions import services as decision_services
from cwg.decisions.models import Decision, DecisionStatus
from cwg.documents import services as document_services
from cwg.meetings import services as meeting_services
from cwg.testing.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Confidential position Xyzzyplugh"
HIDDEN_MEETING_TITLE = "Closed session Plughxyzzy"


@pytest.fixture
def hidden(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    secretariat = personas.secretariat
    public_meeting = MeetingFactory(group=personas.group, number=40)
    secret = DocumentFactory(
        meeting=public_meeting,
        number=77,
        title={"en": SECRET_TITLE},
        access_level="members",
    )
    public = DocumentFactory(meeting=public_meeting, number=78, title={"en": "Open paper"})
    stored = document_services.upload_version(
        secretariat,
        secret,
        language="en",
        file=SimpleUploadedFile("s.pdf", b"%PDF-1.4\n%x\n%%EOF\n", "application/pdf"),
    )
    item = meeting_services.add_agenda_item(
        secretariat, public_meeting, title={"en": "Papers"}, documents=[secret.pk, public.pk]
    )
    decision = decision_services.record_decision(
        secretariat, public_meeting, text={"en": "Noted the papers"}, addressee_kind="council"
    )
    action = decision_services.add_action(
        secretariat, decision, description={"en": "Follow up"}, assignee_kind="secretariat"
    )
    decision_services.link_documents(secretariat, action, [secret.pk, public.pk])

    closed_meeting = MeetingFactory(
        group=personas.group,
        number=41,
        access_level="members",
        title={"en": HIDDEN_MEETING_TITLE},
    )
    closed_document = DocumentFactory(
        meeting=closed_meeting, number=79, title={"en": "Paper of the closed session Qwfpgj"}
    )
    closed_decision = decision_services.record_decision(
        secretariat, closed_meeting, text={"en": "Closed decision"}, addressee_kind="council"
    )
    # Approved (a draft is for the secretariat and officers only); the meetings are still
    # to come, so the approval service, which wants a held meeting, cannot record it.
    Decision.objects.filter(pk__in=[decision.pk, closed_decision.pk]).update(
        status=DecisionStatus.APPROVED
    )
    return {
        "secret": secret,
        "public": public,
        "file": stored,
        "item": item,
        "decision": decision,
        "action": action,
        "meeting": public_meeting,
        "closed_meeting": closed_meeting,
        "closed_document": closed_document,
        "closed_decision": closed_decision,
    }


def reader(personas, name: str) -> Client:
    client = Client()
    person = getattr(personas, name)
    if getattr(person, "pk", None):
        client.force_login(person)
    return client


OUTSIDERS = ["anonymous", "stakeholder"]


def _text(response) -> str:
    return response.content.decode("utf-8", errors="replace")


@pytest.mark.parametrize("name", OUTSIDERS)
def test_a_members_only_document_is_a_404_not_a_403(personas, hidden, name):
    client = reader(personas, name)
    secret = hidden["secret"]
    urls = [
        f"/api/v1/documents/{secret.pk}",
        f"/api/v1/documents/by-symbol?symbol={secret.symbol}",
        f"/api/v1/documents/files/{hidden['file'].pk}",
        reverse("documents:detail", args=[secret.symbol]),
        reverse("documents:download", args=[hidden["file"].pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("name", OUTSIDERS)
def test_a_members_only_document_is_not_listed_searchable_or_shown_through_links(
    personas, hidden, name
):
    client = reader(personas, name)
    secret, meeting = hidden["secret"], hidden["meeting"]
    reads = {
        "document list": "/api/v1/documents",
        "document list by query": "/api/v1/documents?q=Confidential",
        "meeting documents": f"/api/v1/meetings/{meeting.pk}/documents",
        "meeting detail (agenda)": f"/api/v1/meetings/{meeting.pk}",
        "search by title": "/api/v1/search?q=Confidential+position",
        "decision": f"/api/v1/decisions/{hidden['decision'].pk}",
        "decision list": "/api/v1/decisions",
        "action": f"/api/v1/actions/{hidden['action'].pk}",
        "action list": "/api/v1/actions",
        "meeting page": reverse("meetings:detail", args=[meeting.pk]),
        "symbols page": reverse("meetings:symbols", args=[meeting.pk]),
        "documents page": reverse("documents:list") + "?q=Confidential",
        "search page": reverse("search:search") + "?q=Confidential+position",
        "decision page": reverse("decisions:detail", args=[hidden["decision"].pk]),
        "action tracker": reverse("decisions:tracker", args=[personas.group.slug]),
        "atom feed": reverse("meetings:feed", args=[personas.group.slug]),
    }
    for what, url in reads.items():
        response = client.get(url)
        assert response.status_code == 200, (what, response.status_code)
        body = _text(response)
        assert secret.symbol not in body, f"{what} shows the hidden symbol"
        assert "Xyzzyplugh" not in body, f"{what} shows the hidden title"
    # A search by the symbol itself finds nothing (the query is echoed, so look at the hits).
    found = client.get(f"/api/v1/search?q={secret.symbol}").json()
    assert found["total"] == 0 and found["hits"] == []
    # The public document on the same agenda and action is there: the reads did work.
    assert hidden["public"].symbol in _text(client.get(f"/api/v1/actions/{hidden['action'].pk}"))
    assert hidden["public"].symbol in _text(client.get(f"/api/v1/meetings/{meeting.pk}"))


def test_members_see_the_members_only_document_everywhere(personas, hidden):
    client = reader(personas, "delegate")
    secret, meeting = hidden["secret"], hidden["meeting"]
    assert client.get(f"/api/v1/documents/{secret.pk}").status_code == 200
    assert client.get(reverse("documents:detail", args=[secret.symbol])).status_code == 200
    for url in (
        f"/api/v1/meetings/{meeting.pk}/documents",
        f"/api/v1/meetings/{meeting.pk}",
        "/api/v1/search?q=Confidential+position",
        f"/api/v1/actions/{hidden['action'].pk}",
        reverse("meetings:detail", args=[meeting.pk]),
        reverse("search:search") + "?q=Confidential+position",
        reverse("decisions:detail", args=[hidden["decision"].pk]),
    ):
        assert secret.symbol in _text(client.get(url)), url


@pytest.mark.parametrize("name", OUTSIDERS)
def test_a_members_only_meeting_and_its_records_are_hidden(personas, hidden, name):
    client = reader(personas, name)
    closed = hidden["closed_meeting"]
    document = hidden["closed_document"]
    decision = hidden["closed_decision"]
    for url in (
        f"/api/v1/meetings/{closed.pk}",
        f"/api/v1/meetings/{closed.pk}/documents",
        f"/api/v1/documents/{document.pk}",
        f"/api/v1/decisions/{decision.pk}",
        reverse("meetings:detail", args=[closed.pk]),
        reverse("meetings:symbols", args=[closed.pk]),
        reverse("documents:detail", args=[document.symbol]),
        reverse("decisions:detail", args=[decision.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        "/api/v1/meetings",
        "/api/v1/meetings.ics",
        f"/api/v1/groups/{personas.group.slug}/meetings.ics",
        "/api/v1/documents",
        "/api/v1/decisions",
        "/api/v1/search?q=closed+session",
        reverse("meetings:index"),
        reverse("search:search") + "?q=closed+session",
        reverse("decisions:group", args=[personas.group.slug]),
        reverse("meetings:feed", args=[personas.group.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = _text(response)
        assert "Plughxyzzy" not in body and "Qwfpgj" not in body, url
        assert document.symbol not in body and "Closed decision" not in body, url


def test_members_see_the_members_only_meeting(personas, hidden):
    client = reader(personas, "delegate")
    closed = hidden["closed_meeting"]
    assert client.get(f"/api/v1/meetings/{closed.pk}").status_code == 200
    assert "Plughxyzzy" in _text(client.get("/api/v1/meetings"))
    assert "Qwfpgj" in _text(client.get("/api/v1/search?q=closed+session"))
    assert (
        client.get(reverse("decisions:detail", args=[hidden["closed_decision"].pk])).status_code
        == 200
    )
