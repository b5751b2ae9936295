"""The meeting page's document list: pages, sorting, filters, bad input and a fixed query count."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cwg.core.access_levels import AccessLevel
from cwg.documents.bulk import fill_meeting
from cwg.testing.factories import DocumentFactory, MeetingFactory, member_state

pytestmark = pytest.mark.django_db


def _get(client, meeting, **params):
    return client.get(reverse("meetings:detail", args=[meeting.pk]), params)


def _symbols(body: str) -> list[str]:
    """The symbols of the document rows, in page order."""
    return re.findall(r'<tr id="doc-\d+"[^>]*><td[^>]*><a[^>]*><span class="symbol">([^<]+)<', body)


def test_query_count_does_not_depend_on_documents_or_options(client, personas):
    states = [member_state(code) for code in ("FRA", "BRA")]
    small = MeetingFactory(group=personas.group, number=1)
    large = MeetingFactory(group=personas.group, number=2)
    fill_meeting(small, 12, states=states, agenda_items=3)
    fill_meeting(large, 400, states=states, agenda_items=3)
    client.force_login(personas.delegate)
    _get(client, small)  # warm the session and content types
    counts = []
    for meeting in (small, large):
        for params in ({}, {"sort": "-date", "language": "fr", "item": "2", "page": "2"}):
            with CaptureQueriesContext(connection) as ctx:
                response = _get(client, meeting, **params)
            assert response.status_code == 200
            counts.append(len(ctx.captured_queries))
    # A filter adds one COUNT (the unfiltered total is known from the meeting's index).
    assert counts[0] == counts[2] and counts[1] == counts[3], counts
    assert counts[1] <= counts[0] + 1
    assert counts[0] <= 20


def test_long_lists_are_paginated_and_counted(client, personas):
    meeting = MeetingFactory(group=personas.group, number=3)
    fill_meeting(meeting, 120, agenda_items=2)
    client.force_login(personas.delegate)
    first = _get(client, meeting).content.decode()
    assert len(_symbols(first)) == 50
    assert "(120)" in first
    last = _get(client, meeting, page="3").content.decode()
    assert len(_symbols(last)) == 20
    assert _symbols(last)[-1].endswith("/120")
    # Past the end is the last page, not an error.
    assert _symbols(_get(client, meeting, page="99").content.decode()) == _symbols(last)
    # The agenda names the first documents of each item and links to the rest, filtered.
    assert "and 50 more documents" in first
    item_1 = _get(client, meeting, item="1").content.decode()
    assert "(60 of 120)" in item_1
    assert len(_symbols(item_1)) == 50


def test_language_filter_lists_only_documents_readable_in_that_language(client, personas):
    meeting = MeetingFactory(group=personas.group, number=4)
    # Document i has LANGUAGES[:1 + i % 6] = en, fr, es, ru, zh, ar; es and zh only requested.
    fill_meeting(meeting, 12, agenda_items=0)
    client.force_login(personas.delegate)
    french = _get(client, meeting, language="fr").content.decode()
    assert "(10 of 12)" in french
    assert len(_symbols(french)) == 10
    # Spanish is requested for 8 documents but readable in none of them.
    spanish = _get(client, meeting, language="es")
    assert spanish.status_code == 200
    body = spanish.content.decode()
    assert _symbols(body) == []
    assert "No document matches these filters." in body


def test_columns_sort_by_symbol_and_date_both_ways(client, personas):
    meeting = MeetingFactory(group=personas.group, number=5)
    now = timezone.now()
    for number, days_ago in ((1, 3), (2, 1), (3, 2)):
        DocumentFactory(
            meeting=meeting, number=number, submitted_at=now - dt.timedelta(days=days_ago)
        )
    client.force_login(personas.delegate)
    prefix = meeting.symbol_prefix

    def order(**params):
        return [
            s.rsplit("/", 1)[1] for s in _symbols(_get(client, meeting, **params).content.decode())
        ]

    assert order() == ["1", "2", "3"]
    assert order(sort="-symbol") == ["3", "2", "1"]
    assert order(sort="date") == ["1", "3", "2"]
    assert order(sort="-date") == ["2", "3", "1"]
    body = _get(client, meeting, sort="date").content.decode()
    assert 'aria-sort="ascending"' in body
    assert f"{prefix}/1" in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sort": "password"}, "cannot be sorted by"),
        ({"sort": "--date"}, "cannot be sorted by"),
        ({"language": "xx"}, "is not a language of the list"),
        ({"item": "abc"}, "has no agenda item"),
        ({"item": "99"}, "has no agenda item"),
        ({"page": "-1"}, "is not a page number"),
        ({"page": "9" * 40}, "is not a page number"),
    ],
)
def test_bad_options_are_refused_with_a_message_and_the_page_still_shows(
    client, personas, params, message
):
    meeting = MeetingFactory(group=personas.group, number=6)
    fill_meeting(meeting, 3, agenda_items=1)
    client.force_login(personas.delegate)
    response = _get(client, meeting, **params)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert len(_symbols(body)) == 3  # the unfiltered list, sorted by symbol


def test_outsiders_count_and_see_only_public_documents(client, personas):
    meeting = MeetingFactory(group=personas.group, number=7)
    # Every tenth document is for members only: the 10th, 20th and 30th, all under item 2.
    fill_meeting(meeting, 30, agenda_items=2)
    body = _get(client, meeting).content.decode()
    assert "(27)" in body
    assert len(_symbols(body)) == 27
    # Item counts are the reader's too: 15 public under item 1, 12 under item 2.
    assert body.count("and 5 more documents") == 1
    assert "and 2 more documents" in body
    client.force_login(personas.delegate)
    member = _get(client, meeting).content.decode()
    assert "(30)" in member
    assert member.count("and 5 more documents") == 2


def test_members_only_meeting_is_404_for_outsiders(client, personas):
    meeting = MeetingFactory(group=personas.group, number=8, access_level=AccessLevel.MEMBERS)
    fill_meeting(meeting, 3, agenda_items=0)
    assert _get(client, meeting, sort="date").status_code == 404


def test_a_title_shown_in_another_language_than_the_page_is_marked_with_its_language(
    client, personas
):
    meeting = MeetingFactory(group=personas.group, number=5)
    DocumentFactory(meeting=meeting, title={"en": "Connectivity for schools"})
    DocumentFactory(meeting=meeting, title={"en": "Spam", "ar": "الرسائل الاقتحامية"})
    body = client.get(f"/ar/meetings/{meeting.pk}/").content.decode()
    assert '<span lang="en" dir="ltr">Connectivity for schools</span>' in body
    assert "الرسائل الاقتحامية" in body
    assert '<span lang="en" dir="ltr">Spam' not in body
    english = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert 'lang="en" dir="ltr">Connectivity' not in english


def test_a_document_also_examined_at_another_meeting_counts_only_under_this_agenda(
    client, personas
):
    from cwg.meetings import services as meeting_services

    meeting = MeetingFactory(group=personas.group, number=11)
    later = MeetingFactory(group=personas.group, number=12)
    first, second = fill_meeting(meeting, 2, agenda_items=0)
    meeting_services.add_agenda_item(
        personas.secretariat, meeting, title={"en": "Here"}, documents=[first.pk]
    )
    # The later meeting examines this meeting's second document under its own item 1.
    meeting_services.add_agenda_item(
        personas.secretariat, later, title={"en": "Later"}, documents=[second.pk]
    )
    client.force_login(personas.delegate)
    body = _get(client, meeting).content.decode()
    agenda = body[body.index('id="item-1"') : body.index('id="documents"')]
    assert first.symbol in agenda and second.symbol not in agenda
    for params in ({"item": "1"}, {"item": "1", "sort": "-date"}, {"item": "1", "language": "en"}):
        assert _symbols(_get(client, meeting, **params).content.decode()) == [first.symbol], params
    by_item = _symbols(_get(client, meeting, sort="item", language="en").content.decode())
    assert by_item == [first.symbol, second.symbol]
