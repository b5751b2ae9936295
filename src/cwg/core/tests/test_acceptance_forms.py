"""HTML forms: bad input is shown next to its field and stores nothing; CSRF is enforced.

Spot checks across the apps a secretariat, a delegate and the public write through: scheduling a
meeting, recording a decision, submitting a contribution, approving a meeting report, answering
an open consultation; and the JSON API's session-authenticated writes.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cwg.core.models import AuditEvent
from cwg.decisions.models import Decision
from cwg.documents.models import Document, MeetingReport, ReportState
from cwg.documents.services import reports as report_services
from cwg.meetings.models import Meeting, Venue
from cwg.testing.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def field_errors(html: str, field: str) -> str:
    """The text of the error list rendered next to one field (empty if there is none).

    Both the shared field partial and Django's own form rendering give that list the id
    `id_<field>_error`, which the input's aria-describedby points at.
    """
    match = re.search(rf'<ul class="[^"]*" id="id_{field}_error">(.*?)</ul>', html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip() if match else ""


def signed_in(person, **client_options) -> Client:
    client = Client(**client_options)
    client.force_login(person)
    return client


def test_meeting_dates_reversed_are_shown_next_to_the_last_day(personas):
    client = signed_in(personas.secretariat)
    url = reverse("meetings:create", args=[personas.group.slug])
    before = (Meeting.objects.count(), AuditEvent.objects.count())
    response = client.post(
        url,
        {
            "start_date": "2031-05-10",
            "end_date": "2031-05-08",
            "access_level": "inherit",
            "contribution_deadline_days": "12",
        },
    )
    assert response.status_code == 400
    error = field_errors(response.content.decode(), "end_date")
    assert "cannot be before" in error, response.content.decode()[:2000]
    assert 'aria-invalid="true"' in response.content.decode()
    assert (Meeting.objects.count(), AuditEvent.objects.count()) == before


def test_meeting_form_refuses_a_deadline_out_of_range_next_to_its_field(personas):
    client = signed_in(personas.secretariat)
    response = client.post(
        reverse("meetings:create", args=[personas.group.slug]),
        {
            "start_date": "2031-05-10",
            "end_date": "2031-05-11",
            "access_level": "inherit",
            "contribution_deadline_days": "400",
        },
    )
    assert response.status_code == 400
    assert field_errors(response.content.decode(), "contribution_deadline_days")
    assert not Meeting.objects.filter(start_date=dt.date(2031, 5, 10)).exists()


def test_decision_to_a_group_without_naming_it_is_refused_next_to_the_field(personas):
    meeting = MeetingFactory(group=personas.group)
    client = signed_in(personas.secretariat)
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("decisions:record", args=[meeting.pk]),
        {"text_en": "Requested the group to report", "addressee_kind": "group"},
    )
    assert response.status_code == 400
    assert field_errors(response.content.decode(), "addressee_group")
    assert not Decision.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("state", "title", "field"),
    [
        pytest.param("state", "   ", "title", id="without a title"),
        pytest.param(
            "other_state", "Views", "state", id="from a State the delegate does not represent"
        ),
    ],
)
def test_contribution_is_refused_next_to_the_faulty_field(personas, state, title, field):
    meeting = MeetingFactory(group=personas.group)
    client = signed_in(personas.delegate)
    response = client.post(
        reverse("documents:submit_contribution", args=[meeting.pk]),
        {
            "state": getattr(personas, state).pk,
            "original_language": "en",
            "title": title,
            "access_level": "inherit",
        },
    )
    assert response.status_code == 400
    assert field_errors(response.content.decode(), field)
    assert not Document.objects.exists()


def test_report_approved_on_a_day_before_its_meeting_is_refused_next_to_the_date(
    personas, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    meeting = MeetingFactory(group=personas.group, start_date=today - dt.timedelta(days=40))
    later = MeetingFactory(group=personas.group, start_date=today - dt.timedelta(days=5))
    report = report_services.create_report(personas.secretariat, meeting, title={"en": "Report"})
    MeetingReport.objects.filter(pk=report.pk).update(state=ReportState.CIRCULATED)
    client = signed_in(personas.secretariat)
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("documents:report", args=[report.pk]),
        {
            "state": "approved",
            "approved_at_meeting": later.pk,
            "approved_on": (meeting.start_date - dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert field_errors(response.content.decode(), "approved_on"), response.content.decode()[:3000]
    report.refresh_from_db()
    assert report.state == ReportState.CIRCULATED
    assert AuditEvent.objects.count() == before


# ---- CSRF -------------------------------------------------------------------------------------


def _csrf_token(client: Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return client.cookies["csrftoken"].value


def test_a_form_post_without_the_csrf_token_is_refused(personas):
    client = signed_in(personas.secretariat, enforce_csrf_checks=True)
    url = reverse("meetings:create", args=[personas.group.slug])
    form = {
        "start_date": "2031-06-01",
        "end_date": "2031-06-02",
        "access_level": "inherit",
        "contribution_deadline_days": "12",
    }
    assert client.post(url, form).status_code == 403
    assert not Meeting.objects.filter(start_date=dt.date(2031, 6, 1)).exists()
    # With the token the same post goes through: the refusal was the missing token.
    token = _csrf_token(client, url)
    response = client.post(url, {**form, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Meeting.objects.filter(start_date=dt.date(2031, 6, 1)).exists()


def test_a_signed_in_api_write_without_the_csrf_token_is_refused(personas):
    client = signed_in(personas.secretariat, enforce_csrf_checks=True)
    body = '{"name": {"en": "Palais des Nations"}}'
    response = client.post("/api/v1/venues", body, content_type="application/json")
    assert response.status_code == 403
    assert not Venue.objects.filter(name__en="Palais des Nations").exists()
    token = _csrf_token(client, reverse("meetings:create", args=[personas.group.slug]))
    response = client.post(
        "/api/v1/venues", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201


def test_the_public_consultation_form_enforces_csrf(personas):
    from cwg.core.tests.test_pages import open_consultation

    consultation = open_consultation(personas.group)
    client = Client(enforce_csrf_checks=True)
    url = reverse("consultations:submit", args=[consultation.slug])
    response = client.post(url, {"text": "My answer", "name": "A. Person"})
    assert response.status_code == 403
    assert not consultation.submissions.exists()
