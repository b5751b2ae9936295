"""The meeting page: what each reader sees, in their language, in a constant number of queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cwg.core.access_levels import AccessLevel
from cwg.decisions import services as decision_services
from cwg.documents.bulk import fill_meeting
from cwg.meetings import services
from cwg.testing.factories import DocumentFactory, MeetingFactory, member_state

pytestmark = pytest.mark.django_db


def _page(client, meeting, ui="en", **params):
    from django.utils import translation

    with translation.override(ui):
        url = reverse("meetings:detail", args=[meeting.pk])
    return client.get(url, params)


def test_meeting_page_shows_dates_in_the_readers_language(client, personas):
    meeting = MeetingFactory(
        group=personas.group,
        number=23,
        start_date=dt.date(2026, 2, 3),
        end_date=dt.date(2026, 2, 4),
    )
    english = _page(client, meeting, "en").content.decode()
    french = _page(client, meeting, "fr").content.decode()
    # One format for a span of days on every page, in every language.
    assert "3–4 February 2026" in english
    assert "3–4 février 2026" in french
    assert "Genève" in french and "Geneva" in english


def test_meeting_page_lists_agenda_documents_report_and_decisions(client, personas, meeting):
    doc = DocumentFactory(
        meeting=meeting, number=7, symbol="CWG-TEST-23/7", title={"en": "Open data"}
    )
    doc.source_states.add(personas.state)
    hidden = DocumentFactory(
        meeting=meeting, number=8, access_level=AccessLevel.MEMBERS, title={"en": "Draft"}
    )
    services.add_agenda_item(
        personas.secretariat, meeting, title={"en": "Contributions"}, documents=[doc.pk]
    )
    decision_services.record_decision(
        personas.secretariat,
        meeting,
        text={"en": "Invite the Secretariat"},
        addressee_kind="secretariat",
    )
    body = _page(client, meeting).content.decode()
    assert "Contributions" in body and "CWG-TEST-23/7" in body and "Open data" in body
    assert "Invite the Secretariat" not in body  # a draft decision: secretariat and officers
    assert "not yet available" in body  # no meeting report yet
    assert hidden.symbol not in body  # members-only document hidden from the public
    client.force_login(personas.delegate)
    body = _page(client, meeting).content.decode()
    assert hidden.symbol in body and "Invite the Secretariat" not in body
    client.force_login(personas.vice_chair)
    assert "Invite the Secretariat" in _page(client, meeting).content.decode()


def test_members_only_meeting_is_a_404_for_outsiders(client, personas, meeting):
    meeting.access_level = AccessLevel.MEMBERS
    meeting.save()
    assert _page(client, meeting).status_code == 404
    client.force_login(personas.stakeholder)
    assert _page(client, meeting).status_code == 404
    client.force_login(personas.council_member)
    assert _page(client, meeting).status_code == 200


def test_participants_are_shown_to_members_only(client, personas, meeting):
    services.register_participant(
        personas.secretariat, meeting, personas.delegate, kind="head", member_state=personas.state
    )
    assert "Claire Delegate" not in _page(client, meeting).content.decode()
    client.force_login(personas.other_delegate)
    assert "Claire Delegate" in _page(client, meeting).content.decode()


def test_language_filter_keeps_documents_available_in_that_language(client, personas, meeting):
    fill_meeting(meeting, 12, agenda_items=0)
    body = _page(client, meeting, language="ar").content.decode()
    # Documents i with i % 6 == 5 (numbers 6 and 12) have all six languages: only they list Arabic.
    assert body.count('id="doc-') == 2
    assert f"{meeting.symbol_prefix}/6<" in body.replace("</a>", "<")
    assert f"{meeting.symbol_prefix}/1<" not in body.replace("</a>", "<")


def _count_queries(client, meeting) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = _page(client, meeting)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_meeting_page_queries_do_not_grow_with_documents(client, personas):
    states = [member_state(code) for code in ("FRA", "BRA", "KEN")]
    small = MeetingFactory(group=personas.group, number=1)
    large = MeetingFactory(group=personas.group, number=2)
    fill_meeting(small, 20, states=states)
    fill_meeting(large, 2000, states=states)
    for meeting in (small, large):
        services.register_participant(
            personas.secretariat,
            meeting,
            personas.delegate,
            kind="head",
            member_state=personas.state,
        )
        decision = decision_services.record_decision(
            personas.secretariat, meeting, text={"en": "Noted"}, addressee_kind="council"
        )
        decision_services.add_action(
            personas.secretariat,
            decision,
            description={"en": "Report"},
            assignee_kind="secretariat",
        )
    client.force_login(personas.delegate)
    _count_queries(client, small)  # warm caches (content types, sessions)
    small_count, small_body = _count_queries(client, small)
    large_count, large_body = _count_queries(client, large)
    assert small_count == large_count
    assert large_count <= 25
    assert small_body.count('id="doc-') == 20
    # One page of the list; a member counts every document.
    assert large_body.count('id="doc-') == 50
    assert "(2000)" in large_body


def test_symbols_page_lists_only_visible_symbols(client, personas, meeting):
    fill_meeting(meeting, 20, agenda_items=0)
    response = client.get(reverse("meetings:symbols", args=[meeting.pk]))
    body = response.content.decode()
    assert body.count('<li class="symbol">') == 18  # two in twenty are members-only
    meeting.access_level = AccessLevel.MEMBERS
    meeting.save()
    assert client.get(reverse("meetings:symbols", args=[meeting.pk])).status_code == 404


def test_meeting_list_filters_by_group_and_hides_member_meetings(client, personas, meeting):
    hidden = MeetingFactory(group=personas.group, number=24, access_level=AccessLevel.MEMBERS)
    other = MeetingFactory()
    body = client.get(reverse("meetings:index"), {"group": personas.group.slug}).content.decode()
    assert reverse("meetings:detail", args=[meeting.pk]) in body
    assert reverse("meetings:detail", args=[hidden.pk]) not in body
    assert reverse("meetings:detail", args=[other.pk]) not in body
    assert client.get(reverse("meetings:index"), {"group": "nope"}).status_code == 404


def test_secretariat_schedules_and_edits_through_the_pages(client, personas, meeting):
    url = reverse("meetings:create", args=[personas.group.slug])
    client.force_login(personas.delegate)
    assert client.get(url).status_code == 404
    client.force_login(personas.secretariat)
    bad = client.post(
        url,
        {
            "start_date": "2027-03-02",
            "end_date": "2027-03-01",
            "access_level": "inherit",
            "contribution_deadline_days": 12,
        },
    )
    assert bad.status_code == 400
    assert "The last day cannot be before the first day." in bad.content.decode()
    good = client.post(
        url,
        {
            "start_date": "2027-03-01",
            "end_date": "2027-03-02",
            "access_level": "inherit",
            "contribution_deadline_days": 12,
            "title_en": "Spring",
        },
    )
    assert good.status_code == 302
    edit = reverse("meetings:edit", args=[meeting.pk])
    assert client.get(edit).status_code == 200
    client.post(reverse("meetings:status", args=[meeting.pk]), {"status": "cancelled"})
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


def test_agenda_page_adds_items_with_documents_by_symbol(client, personas, meeting):
    doc = DocumentFactory(meeting=meeting)
    url = reverse("meetings:add_agenda_item", args=[meeting.pk])
    client.force_login(personas.chair)
    assert client.post(url, {"title_en": "X"}).status_code == 404
    client.force_login(personas.secretariat)
    missing = client.post(url, {"title_en": "Contributions", "documents": "NOPE/1"})
    assert missing.status_code == 400 and "NOPE/1" in missing.content.decode()
    assert (
        client.post(url, {"title_en": "Contributions", "documents": doc.symbol}).status_code == 302
    )
    assert list(meeting.agenda_items.get().documents.all()) == [doc]


def test_secretariat_registers_participants_through_the_page(client, personas, meeting):
    url = reverse("meetings:register_participant", args=[meeting.pk])
    client.force_login(personas.delegate)
    assert client.get(url).status_code == 404
    client.force_login(personas.secretariat)
    assert client.get(url).status_code == 200
    observer = client.post(url, {"person": personas.stakeholder.pk, "kind": "observer"})
    assert observer.status_code == 400 and "Member States only" in observer.content.decode()
    ok = client.post(
        url, {"person": personas.delegate.pk, "kind": "head", "member_state": personas.state.pk}
    )
    assert ok.status_code == 302
    assert meeting.participants.get().delegation.member_state == personas.state


def test_secretariat_moves_and_removes_agenda_items(client, personas, meeting):
    first = services.add_agenda_item(personas.secretariat, meeting, title={"en": "Opening"})
    second = services.add_agenda_item(personas.secretariat, meeting, title={"en": "Closing"})
    url = reverse("meetings:agenda_item", args=[second.pk])
    client.force_login(personas.chair)
    assert client.post(url, {"move": "1"}).status_code == 404
    client.force_login(personas.secretariat)
    assert "Move up" in _page(client, meeting).content.decode()
    client.post(url, {"move": "1"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.number, first.number) == (1, 2)
    client.post(url, {"move": "9"})
    second.refresh_from_db()
    assert second.number == 1  # refused: only two places
    client.post(url, {"remove": "1"})
    first.refresh_from_db()
    assert list(meeting.agenda_items.all()) == [first] and first.number == 1


def test_the_language_table_counts_available_and_pending_versions(client, personas, meeting):
    fill_meeting(meeting, 6, agenda_items=0)
    client.force_login(personas.secretariat)
    body = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    rows = re.findall(r'<th scope="row" lang="(\w+)">\w+</th><td>(\d+)</td><td>(\d+)</td>', body)
    summary = {language: (int(available), int(pending)) for language, available, pending in rows}
    # Document i has the languages en, fr, es, ru, zh, ar up to position i; the original (en)
    # and odd positions are available, the others requested.
    assert summary == {
        "en": (6, 0),
        "fr": (5, 0),
        "es": (0, 4),
        "ru": (3, 0),
        "zh": (0, 2),
        "ar": (1, 0),
    }


def test_a_draft_agenda_document_stands_for_the_agenda_until_items_are_entered(
    client, personas, meeting
):
    from cwg.documents.models import DocumentType

    hidden = DocumentFactory(
        meeting=meeting,
        symbol="CWG-TEST-23/2",
        document_type=DocumentType.AGENDA,
        access_level=AccessLevel.MEMBERS,
    )
    body = _page(client, meeting).content.decode()
    # A draft agenda the reader may not see is not pointed to.
    assert "The agenda has not been published." in body and hidden.symbol not in body
    agenda = DocumentFactory(
        meeting=meeting,
        symbol="CWG-TEST-23/1",
        document_type=DocumentType.AGENDA,
        title={"en": "Draft agenda"},
    )
    body = _page(client, meeting).content.decode()
    assert "The agenda has not been published." not in body
    assert "The agenda is in the document:" in body
    assert f'href="/en/documents/{agenda.symbol}/" class="symbol">{agenda.symbol}</a>' in body
    french = _page(client, meeting, "fr").content.decode()
    assert f"/fr/documents/{agenda.symbol}/" in french
    services.add_agenda_item(personas.secretariat, meeting, title={"en": "Opening"})
    body = _page(client, meeting).content.decode()
    assert "The agenda is in the document:" not in body and "Opening" in body
