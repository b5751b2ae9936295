"""The change history of a record is shown to its group's members and hidden from others."""

import pytest
from django.urls import reverse

from cwg.core.access_levels import AccessLevel
from cwg.core.models import AuditEvent
from cwg.meetings import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(personas):
    from cwg.testing.factories import MeetingFactory

    return MeetingFactory(group=personas.group, number=23)


def _history_url(kind, pk):
    return reverse("meetings:history", args=[kind, pk])


def test_members_see_who_changed_what(client, personas, meeting):
    services.update_meeting(personas.secretariat, meeting, contribution_deadline_days=20)
    client.force_login(personas.delegate)
    page = client.get(_history_url("meeting", meeting.pk))
    assert page.status_code == 200
    body = page.content.decode()
    assert "meeting.update" in body and "contribution_deadline_days" in body
    assert "Sofia Secretariat" in body and "intact" in body
    data = client.get(f"/api/v1/history/meeting/{meeting.pk}").json()
    assert data[-1]["changes"] == [
        {"field": "contribution_deadline_days", "before": 12, "after": 20}
    ]


def test_outsiders_get_404(client, personas, meeting):
    services.update_meeting(personas.secretariat, meeting, contribution_deadline_days=20)
    assert client.get(_history_url("meeting", meeting.pk)).status_code == 404
    client.force_login(personas.stakeholder)
    assert client.get(_history_url("meeting", meeting.pk)).status_code == 404
    assert client.get(f"/api/v1/history/meeting/{meeting.pk}").status_code == 404
    client.force_login(personas.delegate)
    assert client.get(_history_url("unknown", meeting.pk)).status_code == 404
    assert client.get(_history_url("meeting", 999999)).status_code == 404


def test_altered_entry_is_flagged_on_the_page(client, personas, meeting):
    services.update_meeting(personas.secretariat, meeting, contribution_deadline_days=20)
    AuditEvent.objects.filter(action="meeting.update").update(
        after={"contribution_deadline_days": 5}
    )
    client.force_login(personas.secretariat)
    assert "altered" in client.get(_history_url("meeting", meeting.pk)).content.decode()


def test_history_of_a_members_only_document(client, personas, meeting):
    from cwg.core.audit import record
    from cwg.testing.factories import DocumentFactory

    doc = DocumentFactory(meeting=meeting, access_level=AccessLevel.MEMBERS)
    record(
        personas.secretariat, "document.update", doc, before={"title": "a"}, after={"title": "b"}
    )
    client.force_login(personas.council_member)
    assert "document.update" in client.get(_history_url("document", doc.pk)).content.decode()
    client.force_login(personas.stakeholder)
    assert client.get(_history_url("document", doc.pk)).status_code == 404


def test_group_activity_lists_every_record_newest_first(client, personas, meeting):
    services.update_meeting(personas.secretariat, meeting, contribution_deadline_days=20)
    services.add_agenda_item(personas.secretariat, meeting, title={"en": "Opening"})
    url = reverse("meetings:activity", args=[personas.group.slug])
    assert client.get(url).status_code == 404
    client.force_login(personas.stakeholder)
    assert client.get(url).status_code == 404
    client.force_login(personas.delegate)
    body = client.get(url).content.decode()
    assert body.index("agenda_item.create") < body.index("meeting.update")
    data = client.get(f"/api/v1/groups/{personas.group.slug}/activity").json()
    assert [e["action"] for e in data] == ["agenda_item.create", "meeting.update"]
    assert all(e["intact"] for e in data)
    older = client.get(
        f"/api/v1/groups/{personas.group.slug}/activity", {"before": data[0]["id"]}
    ).json()
    assert [e["action"] for e in older] == ["meeting.update"]
