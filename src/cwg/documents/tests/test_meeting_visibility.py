"""A meeting's pages list exactly the documents the reader may view, whatever the access levels."""

import re

import pytest
from django.urls import reverse

from cwg.core.access_levels import AccessLevel
from cwg.documents.models import DocumentType, ReportState
from cwg.documents.permissions import can_view
from cwg.groups.models import Visibility
from cwg.meetings.permissions import can_view_meeting
from cwg.testing.factories import (
    DocumentFactory,
    GroupFactory,
    MeetingFactory,
    MeetingReportFactory,
)

pytestmark = pytest.mark.django_db


def _listed_symbols(client, meeting) -> tuple[set[str], set[str]]:
    symbols = client.get(reverse("meetings:symbols", args=[meeting.pk])).content.decode()
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    return (
        set(re.findall(r'<li class="symbol">([^<]+)</li>', symbols)),
        set(
            re.findall(
                r'<tr id="doc-\d+"[^>]*><td[^>]*>(?:<a[^>]*>)?<span class="symbol">([^<]+)<', page
            )
        ),
    )


@pytest.mark.parametrize("report_state", [s.value for s in ReportState])
@pytest.mark.parametrize("meeting_access", [a.value for a in AccessLevel])
@pytest.mark.parametrize("group_visibility", [v.value for v in Visibility])
def test_the_meeting_lists_what_each_reader_may_view(
    client, personas, group_visibility, meeting_access, report_state
):
    group = personas.group
    group.visibility = group_visibility
    group.save(update_fields=["visibility"])
    meeting = MeetingFactory(group=group, number=7, access_level=meeting_access)
    # A document of each access level, one of another group (public or not) posted at the
    # meeting, and the meeting's report in the state under test.
    documents = [
        DocumentFactory(meeting=meeting, access_level=level, symbol=f"DOC-{level.upper()}")
        for level in AccessLevel.values
    ]
    for visibility in Visibility.values:
        other = GroupFactory(visibility=visibility)
        documents.append(
            DocumentFactory(meeting=meeting, group=other, symbol=f"OTHER-{visibility.upper()}")
        )
    report = MeetingReportFactory(
        document=DocumentFactory(
            meeting=meeting, document_type=DocumentType.MEETING_REPORT, symbol="REPORT"
        ),
        state=report_state,
    )
    documents.append(report.document)
    for name, person in personas.all().items():
        client.logout()
        if person.is_authenticated:
            client.force_login(person)
        if not can_view_meeting(person, meeting):
            response = client.get(reverse("meetings:symbols", args=[meeting.pk]))
            assert response.status_code == 404, name  # hidden is 404
            continue
        expected = {doc.symbol for doc in documents if can_view(person, doc)}
        symbols, rows = _listed_symbols(client, meeting)
        assert symbols == expected, name
        assert rows == expected, name
