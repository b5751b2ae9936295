"""Search finds what the reader may see, and nothing of what they may not."""

import datetime as dt

import pytest
from django.utils import timezone

from cwg.consultations.models import Consultation, ConsultationState
from cwg.core.access_levels import AccessLevel
from cwg.groups.models import Visibility
from cwg.search import queries
from cwg.testing.factories import DocumentFactory, GroupFactory, MeetingFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(personas):
    meeting = MeetingFactory(group=personas.group)
    public = DocumentFactory(
        meeting=meeting,
        title={
            "fr": "Résolution sur la gouvernance de l'Internet",
            "en": "Internet governance resolution",
        },
    )
    secret = DocumentFactory(
        meeting=meeting,
        title={"en": "Governance draft for members"},
        access_level=AccessLevel.MEMBERS,
    )
    hidden_group = GroupFactory(visibility=Visibility.MEMBERS)
    inherited = DocumentFactory(
        meeting=MeetingFactory(group=hidden_group), title={"en": "Governance of a private group"}
    )
    return public, secret, inherited


def found(user, q):
    return {hit.symbol for hit in queries.search(user, q, filters={"kind": "document"}).hits}


def test_members_only_documents_never_appear_for_outsiders(personas, documents):
    public, secret, inherited = documents
    for who in ("anonymous", "stakeholder"):
        assert found(getattr(personas, who), "governance") == {public.symbol}
        assert found(getattr(personas, who), secret.symbol) == set()
        assert found(getattr(personas, who), inherited.symbol) == set()
    # A delegate is a member of the personas' group only.
    assert found(personas.delegate, "governance") == {public.symbol, secret.symbol}
    # Council members are members of every group.
    assert found(personas.council_member, "governance") == {
        public.symbol,
        secret.symbol,
        inherited.symbol,
    }


def test_case_and_accents_are_ignored(personas, documents):
    public, _, _ = documents
    assert found(personas.anonymous, "RÉSOLUTION GOUVERNANCE") == {public.symbol}
    assert found(personas.anonymous, "resolution sur la") == {public.symbol}
    assert found(personas.anonymous, "résolution absent-word") == set()


def test_an_exact_symbol_comes_first(personas):
    meeting = MeetingFactory(group=personas.group)
    first = DocumentFactory(meeting=meeting, number=1, symbol=f"{meeting.symbol_prefix}/1")
    DocumentFactory(meeting=meeting, number=10, symbol=f"{meeting.symbol_prefix}/10")
    hits = queries.search(personas.anonymous, first.symbol, filters={"kind": "document"}).hits
    assert hits[0].symbol == first.symbol
    assert len(hits) == 2


def test_short_and_long_queries(client, personas, documents):
    assert queries.search(personas.anonymous, "g").total == 0
    response = client.get("/api/v1/search", {"q": "x" * 201})
    assert response.status_code == 400 and response.json()["field"] == "q"
    response = client.get("/api/v1/search", {"q": "governance", "limit": 0})
    assert response.status_code == 400 and response.json()["field"] == "limit"
    page = client.get("/en/search/", {"q": "x" * 201})
    assert page.status_code == 400 and "longer than 200" in page.content.decode()


def test_the_api_and_the_page(client, personas, documents):
    public, secret, _ = documents
    body = client.get("/api/v1/search", {"q": "governance"}).json()
    assert [hit["symbol"] for hit in body["hits"] if hit["kind"] == "document"] == [public.symbol]
    page = client.get("/en/search/", {"q": "governance"}).content.decode()
    assert public.symbol in page and secret.symbol not in page
    client.force_login(personas.delegate)
    page = client.get("/en/search/", {"q": "governance"}).content.decode()
    assert secret.symbol in page


def _submission(group, text, **consultation):
    now = timezone.now()
    values = {
        "group": group,
        "slug": f"c-{group.slug}",
        "topic": {"en": "Internet governance"},
        "state": ConsultationState.CLOSED,
        "opens_at": now - dt.timedelta(days=30),
        "closes_at": now - dt.timedelta(days=1),
    }
    values.update(consultation)
    item = Consultation.objects.create(**values)
    return SubmissionFactory(
        consultation=item,
        receipt=f"R-{group.slug}",
        submitted_at=now,
        name="Ada",
        organisation="Civil society network",
        category="civil_society",
        language="en",
        answers={"1": text},
        consent_to_publication=True,
        search_text=text.lower(),
    )


def test_published_consultation_answers_are_searched_too(personas):
    visible = _submission(personas.group, "Meaningful connectivity for all")
    hidden = _submission(GroupFactory(visibility=Visibility.MEMBERS), "Meaningful secret")
    receipts = {
        hit.symbol
        for hit in queries.search(
            personas.anonymous, "meaningful", filters={"kind": "submission"}
        ).hits
    }
    assert receipts == {visible.receipt}
    assert hidden.receipt not in receipts
    hit = queries.search(personas.anonymous, "connectivity", filters={"kind": "submission"}).hits[0]
    assert "connectivity" in hit.snippet and hit.url.endswith("?q=connectivity")
