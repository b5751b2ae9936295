"""Spans of a revision traced to a consultation response or a decision the chair quotes, and the
refusal of a record the chair may not see (told apart from none that does not exist)."""

import io
import zipfile

import pytest

from cwg.core.exceptions import InvalidInput
from cwg.decisions.models import DecisionStatus
from cwg.drafting import exports, queries, services, tracking
from cwg.drafting.models import Revision
from cwg.drafting.tests.conftest import REWORDED
from cwg.testing.factories import (
    DecisionFactory,
    GroupFactory,
    MeetingFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db


def spans_of(revision, ref, reader=None):
    return next(e for e in queries.traced_spans(revision, reader) if e["ref"] == ref)["spans"]


def build(person, text, source):
    return services.build_revision(
        person, text, rewordings={"resolves 1": REWORDED}, sources={"resolves 1": source}
    )


def test_a_rewording_is_traced_to_the_decision_it_quotes(personas, text, decision):
    revision = build(personas.chair, text, f"decision:{decision.pk}")
    spans = spans_of(revision, "resolves 1", personas.chair)
    quoted = [s for s in spans if s["source"] == "decision"]
    assert quoted and "".join(s["text"] for s in spans) == REWORDED
    assert all(s["cited"] == str(decision) for s in quoted)
    assert any(s["source"] == "original" for s in spans)  # unchanged words keep the original
    entry = revision.entries.get(ref="resolves 1")
    assert ["decision", str(decision.pk)] in [span[1:] for span in entry.spans]
    # The Word file attributes the quoted words to the chair, who made the change.
    data = exports.render_revision(revision, "docx")[0]
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert f'w:author="{tracking.CHAIR}"' in xml and "as the group decided" in xml


def test_a_rewording_is_traced_to_a_published_response(personas, text, consultation):
    response = SubmissionFactory(consultation=consultation, consent_to_publication=True)
    revision = build(personas.chair, text, f"response:{response.receipt}")
    spans = spans_of(revision, "resolves 1", personas.stakeholder)
    assert {s["cited"] for s in spans if s["source"] == "response"} == {response.receipt}


def test_a_record_the_chair_may_not_see_is_refused_like_none(personas, text, consultation):
    unpublished = SubmissionFactory(consultation=consultation, consent_to_publication=False)
    refusals = []
    for source in (f"response:{unpublished.receipt}", "response:NO-SUCH-RECEIPT"):
        with pytest.raises(InvalidInput) as refused:
            build(personas.chair, text, source)
        refusals.append(refused.value.message.replace(source.split(":")[1], "…"))
        assert refused.value.field == "sources"
    assert refusals[0] == refusals[1]  # nothing tells a hidden response from a missing one
    assert not Revision.objects.exists()


def test_the_secretariat_may_quote_it_and_others_do_not_see_its_name(personas, text, consultation):
    unpublished = SubmissionFactory(consultation=consultation, consent_to_publication=False)
    revision = build(personas.secretariat, text, f"response:{unpublished.receipt}")
    assert unpublished.receipt in {
        s["cited"] for s in spans_of(revision, "resolves 1", personas.secretariat)
    }
    for reader in (personas.chair, None):
        quoted = [s for s in spans_of(revision, "resolves 1", reader) if s["source"] == "response"]
        assert quoted and all(s["cited"] is None for s in quoted)


@pytest.mark.parametrize(
    ("sources", "rewordings"),
    [
        ({"resolves 1": "rumour:1"}, {"resolves 1": REWORDED}),
        ({"resolves 1": "decision:"}, {"resolves 1": REWORDED}),
        ({"resolves 1": "decision:999999"}, {"resolves 1": REWORDED}),
        ({"resolves 2": "decision:1"}, {"resolves 1": REWORDED}),  # no rewording to quote into
    ],
)
def test_bad_sources_are_refused_and_nothing_is_stored(personas, text, sources, rewordings):
    with pytest.raises(InvalidInput) as refused:
        services.build_revision(personas.chair, text, rewordings=rewordings, sources=sources)
    assert refused.value.field == "sources"
    assert not Revision.objects.exists()


def test_a_decision_of_another_group_is_refused(personas, text):
    elsewhere = DecisionFactory(
        meeting=MeetingFactory(group=GroupFactory()), status=DecisionStatus.APPROVED
    )
    with pytest.raises(InvalidInput):
        build(personas.chair, text, f"decision:{elsewhere.pk}")
    assert not Revision.objects.exists()


def test_the_api_takes_sources(client, personas, text, decision):
    client.force_login(personas.chair)
    url = f"/api/v1/drafting/texts/{text.slug}/revisions"
    body = {"rewordings": {"resolves 1": REWORDED}, "sources": {"resolves 1": "decision:999999"}}
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == "sources"
    body["sources"] = {"resolves 1": f"decision:{decision.pk}"}
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201
    spans = next(e for e in created.json()["spans"] if e["ref"] == "resolves 1")["spans"]
    assert str(decision) in {s["cited"] for s in spans}
