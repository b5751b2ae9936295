"""The chair ties a rewording to the record it quotes from the revision form; refusals are shown
next to the row in the reader's language, the same as the API says them, and nothing is stored."""

import pytest
from django.urls import reverse

from cwg.decisions.models import DecisionStatus
from cwg.drafting import queries
from cwg.drafting.forms import source_key
from cwg.drafting.models import Revision
from cwg.drafting.tests.conftest import REWORDED
from cwg.testing.factories import (
    DecisionFactory,
    GroupFactory,
    MeetingFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db


def post(client, person, text, source, *, language="en", ref="resolves 1"):
    client.force_login(person)
    url = f"/{language}/drafting/{text.slug}/revisions/new/"
    return client.post(
        url,
        {"reword_ref_1": ref, "reword_text_1": REWORDED, "reword_source_1": source},
    )


def api_refusal(client, text, source) -> str:
    body = {"rewordings": {"resolves 1": REWORDED}, "sources": {"resolves 1": source}}
    answer = client.post(
        f"/api/v1/drafting/texts/{text.slug}/revisions", body, content_type="application/json"
    )
    assert answer.status_code == 400 and answer.json()["field"] == "sources"
    return answer.json()["detail"]


def quoted(revision, reader):
    entry = next(e for e in queries.traced_spans(revision, reader) if e["ref"] == "resolves 1")
    return {(s["source"], s["cited"]) for s in entry["spans"] if s["source"] != "original"}


@pytest.mark.parametrize(
    "typed", ["{pk}", "decision {pk}", "#{pk}", "decision:{pk}", "/en/decisions/{pk}/"]
)
def test_the_chair_ties_a_rewording_to_a_decision(client, personas, text, decision, typed):
    response = post(client, personas.chair, text, typed.format(pk=decision.pk))
    assert response.status_code == 302, response.context and response.context["form"].errors
    revision = text.revisions.get()
    assert quoted(revision, personas.chair) == {("decision", str(decision))}
    page = client.get(response["Location"])
    assert str(decision).encode() in page.content  # the revision page names what it quotes


def test_the_secretariat_ties_a_rewording_to_a_response_by_receipt(
    client, personas, text, consultation
):
    response = SubmissionFactory(consultation=consultation, consent_to_publication=True)
    answer = post(client, personas.secretariat, text, f"  {response.receipt.lower()} ")
    assert answer.status_code == 302
    assert quoted(text.revisions.get(), personas.secretariat) == {("response", response.receipt)}


def test_a_response_the_chair_may_not_see_is_refused_on_the_row_as_the_api_says(
    client, personas, text, consultation
):
    unpublished = SubmissionFactory(consultation=consultation, consent_to_publication=False)
    page = post(client, personas.chair, text, unpublished.receipt)
    assert page.status_code == 400
    errors = page.context["form"].errors
    assert list(errors) == ["reword_source_1"]
    said = errors["reword_source_1"][0]
    assert said == api_refusal(client, text, f"response:{unpublished.receipt}")
    # A receipt that does not exist is told the same way: nothing says the hidden one exists.
    missing = post(client, personas.chair, text, "NO-SUCH-RECEIPT").context["form"].errors
    assert missing["reword_source_1"][0].replace("NO-SUCH-RECEIPT", "…") == said.replace(
        unpublished.receipt, "…"
    )
    assert not Revision.objects.exists()


def test_the_refusal_is_said_in_the_readers_language(client, personas, text):
    elsewhere = DecisionFactory(
        meeting=MeetingFactory(group=GroupFactory()), status=DecisionStatus.APPROVED
    )
    page = post(client, personas.chair, text, str(elsewhere.pk), language="fr")
    assert page.status_code == 400
    said = page.context["form"].errors["reword_source_1"][0]
    assert "de ce groupe" in said and f"'{elsewhere.pk}'" in said
    assert 'id="id_reword_source_1_error"' in page.content.decode()
    assert not Revision.objects.exists()


def test_a_source_without_a_provision_is_refused_on_the_field(client, personas, text, decision):
    page = post(client, personas.chair, text, str(decision.pk), ref="", language="ar")
    assert page.status_code == 400
    assert page.context["form"].errors["reword_source_1"] == [
        "حدّد الحكم الذي يأخذ صيغته من هذا المصدر."
    ]
    assert not Revision.objects.exists()


def test_only_the_chair_and_secretariat_reach_the_form(client, personas, text, decision):
    for person in (personas.delegate, personas.stakeholder):
        assert post(client, person, text, str(decision.pk)).status_code == 404
    client.logout()
    url = f"/en/drafting/{text.slug}/revisions/new/"
    assert client.post(url, {"reword_ref_0": "resolves 1"}).status_code == 302  # sign in first
    assert not Revision.objects.exists()
    client.force_login(personas.chair)
    form = client.get(reverse("drafting:new_revision", args=[text.slug])).content.decode()
    assert 'name="reword_source_0"' in form and 'name="reword_source_2"' in form


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", ""),
        ("   ", ""),
        ("12", "decision:12"),
        ("Decision 12", "decision:12"),
        ("décision 12", "decision:12"),
        ("قرار 5", "decision:5"),
        ("#7", "decision:7"),
        ("https://cwg.example/fr/decisions/31/", "decision:31"),
        ("response:cwg-2025-7k3q-9xdm", "response:CWG-2025-7K3Q-9XDM"),
        ("cwg-internet-2025-7k3q-9xdm", "response:CWG-INTERNET-2025-7K3Q-9XDM"),
        ("decision: 4", "decision:4"),
        ("response 12", "response:12"),
        ("Réponse cwg-2025-7k3q-9xdm", "response:CWG-2025-7K3Q-9XDM"),
        ("ответ 5", "response:5"),
    ],
)
def test_what_the_chair_types_is_read_as_a_source(typed, key):
    assert source_key(typed) == key
