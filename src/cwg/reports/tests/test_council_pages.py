"""The secretariat's Council pages: sessions, submitting the report, Council's outcome; and
those who may not use them."""

import pytest
from django.urls import reverse

from cwg.reports.models import CouncilSession, CouncilSubmission

pytestmark = pytest.mark.django_db


def test_the_secretariat_records_a_session_an_item_submits_and_records_the_outcome(seed, client):
    client.force_login(seed.personas.secretariat)
    sessions = reverse("reports:council_sessions")
    assert client.get(sessions).status_code == 200
    response = client.post(
        sessions,
        {"code": "C26", "start_date": "2026-04-28", "end_date": "2026-05-08", "venue": "Geneva"},
    )
    assert response.status_code == 302
    session_url = reverse("reports:council_session", args=["C26"])
    response = client.post(session_url, {"number": "7", "title": "Reports of working groups"})
    assert response.status_code == 302
    page = client.get(session_url).content.decode()
    assert "Reports of working groups" in page
    submit = reverse("reports:council_submit")
    assert "Submit to Council" in client.get(reverse("reports:request")).content.decode()
    item = CouncilSession.objects.get(code="C26").agenda_items.get()
    form = {
        "group": "cwg-internet",
        "meetings": "22,23",
        "agenda_item": str(item.pk),
        "document_date": "2026-03-16",
        "original_language": "en",
    }
    # A date on which meeting 23 had not taken place: refused, with what the report lacks.
    refused = client.post(submit, {**form, "document_date": "2026-01-01"})
    assert refused.status_code == 400
    assert not CouncilSubmission.objects.exists()
    assert client.post(submit, {**form, "document_date": ""}).status_code == 400
    assert client.post(submit, form).status_code == 302
    submission = CouncilSubmission.objects.get()
    assert submission.symbol == "C26/1"
    outcome = reverse("reports:council_outcome", args=["C26", 1])
    assert client.get(outcome).status_code == 200
    assert client.post(outcome, {"outcome": "took_note", "date": ""}).status_code == 400
    response = client.post(
        outcome, {"outcome": "took_note", "reference": "Decision 640", "date": "2026-05-06"}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.outcome, submission.outcome_reference) == ("took_note", "Decision 640")
    assert "Decision 640" in client.get(session_url).content.decode()


@pytest.mark.parametrize("persona", ["chair", "delegate", "stakeholder", "council_member"])
def test_others_are_refused(seed, client, persona):
    client.force_login(getattr(seed.personas, persona))
    assert client.get(reverse("reports:council_sessions")).status_code == 403
    assert client.get(reverse("reports:council_session", args=["C26"])).status_code == 403
    assert client.get(reverse("reports:council_submit")).status_code == 403
    assert client.get(reverse("reports:council_outcome", args=["C26", 1])).status_code == 404
    response = client.post(
        reverse("reports:council_sessions"),
        {"code": "C26", "start_date": "2026-04-28", "end_date": "2026-05-08"},
    )
    assert response.status_code == 403
    assert not CouncilSession.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("reports:council_sessions"))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_unknown_session_is_404_for_the_secretariat(seed, client):
    client.force_login(seed.personas.secretariat)
    assert client.get(reverse("reports:council_session", args=["C99"])).status_code == 404
    assert client.get(reverse("reports:council_outcome", args=["C99", 1])).status_code == 404
