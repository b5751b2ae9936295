"""The secretariat's web pages to create and edit a consultation: who may, what is stored, errors."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from cwg.consultations import services
from cwg.consultations.models import Consultation, ConsultationState, Question
from cwg.consultations.tests.conftest import make_consultation
from cwg.core.exceptions import Conflict
from cwg.core.models import AuditEvent
from cwg.groups.models import Visibility
from cwg.testing.factories import GroupFactory, VenueFactory

pytestmark = pytest.mark.django_db

ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")
REFUSED = ("anonymous", "stakeholder", "delegate", "chair", "council_member")


def login(client, personas, name):
    if name != "anonymous":
        client.force_login(getattr(personas, name))
    return client


def new_url(group) -> str:
    return f"/en/consultations/groups/{group.slug}/new/"


def edit_url(consultation) -> str:
    return f"/en/consultations/{consultation.slug}/edit/"


def management(prefix="questions", total=2, initial=0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "50",
    }


def new_form(**overrides) -> dict:
    data = {
        "slug": "internet-2027",
        "topic_en": "Meaningful connectivity",
        "topic_fr": "Connectivité efficace",
        "languages": ["en", "fr"],
        "opens_at": "2027-03-10T09:00",
        "closes_at": "2027-05-10T18:00",
        "physical_meeting_date": "",
        "physical_meeting_venue": "",
        "speakers": "",
        "notes": "",
        **management(total=2),
        "questions-0-text_en": "What hinders meaningful connectivity?",
        "questions-0-text_fr": "Qu'est-ce qui freine la connectivité efficace ?",
        "questions-0-ORDER": "",
        "questions-1-text_en": "What should governments do?",
        "questions-1-ORDER": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def secretariat_client(client, personas):
    personas.secretariat.time_zone = "Europe/Zurich"
    personas.secretariat.save(update_fields=["time_zone"])
    client.force_login(personas.secretariat)
    return client


# New consultation ------------------------------------------------------------------------------


def test_new_page_for_the_secretariat_shows_the_zone(secretariat_client, personas):
    response = secretariat_client.get(new_url(personas.group))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Europe/Zurich" in body
    assert 'name="questions-TOTAL_FORMS"' in body and 'name="topic_ar"' in body


@pytest.mark.parametrize("persona", REFUSED)
def test_new_page_is_a_404_for_everyone_else(client, personas, persona):
    login(client, personas, persona)
    assert client.get(new_url(personas.group)).status_code == 404
    assert client.post(new_url(personas.group), new_form()).status_code == 404
    assert not Consultation.objects.exists()


def test_new_page_is_a_404_in_a_group_without_consultations(secretariat_client, personas):
    personas.group.holds_open_consultations = False
    personas.group.save()
    assert secretariat_client.get(new_url(personas.group)).status_code == 404
    assert secretariat_client.get("/en/consultations/groups/no-such-group/new/").status_code == 404


def test_creating_stores_a_draft_with_utc_instants(secretariat_client, personas):
    venue = VenueFactory()
    response = secretariat_client.post(
        new_url(personas.group),
        new_form(
            physical_meeting_date="2027-04-02",
            physical_meeting_venue=str(venue.pk),
            speakers="Ana Silva, Internet Society\nLi Wei\n\n",
            notes="Announced at the 25th meeting.",
        ),
    )
    assert response.status_code == 302
    c = Consultation.objects.get(slug="internet-2027")
    assert response["Location"] == "/en/consultations/internet-2027/"
    assert c.state == ConsultationState.DRAFT
    assert c.topic == {"en": "Meaningful connectivity", "fr": "Connectivité efficace"}
    assert c.languages == ["en", "fr"]
    # 09:00 in Zurich in March (CET, UTC+1) and 18:00 in May (CEST, UTC+2).
    assert c.opens_at == dt.datetime(2027, 3, 10, 8, 0, tzinfo=dt.UTC)
    assert c.closes_at == dt.datetime(2027, 5, 10, 16, 0, tzinfo=dt.UTC)
    assert c.physical_meeting_venue == venue
    assert c.physical_meeting_date == dt.date(2027, 4, 2)
    assert c.physical_meeting_speakers == [
        {"name": "Ana Silva", "organisation": "Internet Society"},
        {"name": "Li Wei", "organisation": ""},
    ]
    assert [(q.number, q.text) for q in c.questions.all()] == [
        (
            1,
            {
                "en": "What hinders meaningful connectivity?",
                "fr": "Qu'est-ce qui freine la connectivité efficace ?",
            },
        ),
        (2, {"en": "What should governments do?"}),
    ]
    assert AuditEvent.objects.filter(action="consultation.create").count() == 1


def test_positions_order_the_questions_and_blank_new_ones_are_ignored(secretariat_client, personas):
    response = secretariat_client.post(
        new_url(personas.group),
        new_form(
            **management(total=3),
            **{"questions-0-ORDER": "2", "questions-1-ORDER": "1", "questions-2-text_en": " "},
        ),
    )
    assert response.status_code == 302
    texts = [q.text["en"] for q in Question.objects.order_by("number")]
    assert texts == ["What should governments do?", "What hinders meaningful connectivity?"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"topic_en": "", "topic_fr": ""}, "topic_en", "Give the topic in at least one language."),
        ({"closes_at": "2027-03-01T09:00"}, "closes_at", "must come after the opening"),
        ({"opens_at": "10/03/2027 nine"}, "opens_at", "Enter a valid date/time."),
        # 02:30 does not exist in Zurich on the night the clocks go forward.
        ({"opens_at": "2027-03-28T02:30"}, "opens_at", "couldn’t be interpreted in time zone"),
        ({"slug": "Not a slug!"}, "slug", "Enter a valid “slug”"),
        ({"languages": None}, "languages", "This field is required."),
        ({"languages": ["en", "xx"]}, "languages", "Select a valid choice."),
        ({"speakers": "Ana Silva\n, Orphan Org"}, "speakers", "Line 2 has no name"),
        ({"physical_meeting_venue": "999999"}, "physical_meeting_venue", "Select a valid choice"),
        ({"questions-0-ORDER": "zero"}, "questions-0-ORDER", "Enter a whole number."),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_stored(
    secretariat_client, personas, overrides, field, message
):
    response = secretariat_client.post(new_url(personas.group), new_form(**overrides))
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body
    assert message in body
    assert not Consultation.objects.exists() and not Question.objects.exists()
    assert not AuditEvent.objects.filter(action="consultation.create").exists()


def test_a_slug_already_taken_is_a_409_next_to_the_slug(secretariat_client, personas):
    make_consultation(personas, slug="internet-2027", open_it=False)
    response = secretariat_client.post(new_url(personas.group), new_form())
    assert response.status_code == 409
    body = response.content.decode()
    assert 'id="id_slug_error"' in body and "already exists" in body
    assert Consultation.objects.count() == 1
    # What was typed is kept, so nothing has to be written again.
    assert "What should governments do?" in body


def test_a_too_long_question_is_refused_without_storing(secretariat_client, personas):
    response = secretariat_client.post(
        new_url(personas.group), new_form(**{"questions-1-text_fr": "x" * 4001})
    )
    assert response.status_code == 400
    assert 'id="id_questions-1-text_fr_error"' in response.content.decode()
    assert not Consultation.objects.exists()


# Editing -------------------------------------------------------------------------------------


def edit_form(consultation, **overrides) -> dict:
    questions = list(consultation.questions.all())
    data = {
        "topic_en": consultation.topic.get("en", ""),
        "topic_fr": consultation.topic.get("fr", ""),
        "languages": consultation.languages,
        "opens_at": "",
        "closes_at": "",
        "physical_meeting_date": "",
        "physical_meeting_venue": "",
        "speakers": "",
        "notes": consultation.notes,
        **management(total=len(questions) + 2, initial=len(questions)),
    }
    for index, question in enumerate(questions):
        for code, text in question.text.items():
            data[f"questions-{index}-text_{code}"] = text
        data[f"questions-{index}-ORDER"] = str(index + 1)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def draft(personas):
    return make_consultation(personas, slug="draft-round", open_it=False)


def test_edit_page_shows_instants_in_the_secretariat_zone(secretariat_client, draft):
    Consultation.objects.filter(pk=draft.pk).update(
        opens_at=dt.datetime(2027, 1, 15, 8, 0, tzinfo=dt.UTC),
        closes_at=dt.datetime(2027, 7, 1, 22, 0, tzinfo=dt.UTC),
    )
    response = secretariat_client.get(edit_url(draft))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="2027-01-15T09:00"' in body  # CET
    assert 'value="2027-07-02T00:00"' in body  # CEST
    assert "What can be done for a multilingual Internet?" in body


@pytest.mark.parametrize("persona", REFUSED)
def test_edit_page_is_a_404_for_everyone_else(client, personas, persona):
    opened = make_consultation(personas, slug="open-round")
    draft = make_consultation(personas, slug="draft-round", open_it=False)
    login(client, personas, persona)
    for consultation in (opened, draft):
        before = Consultation.objects.get(pk=consultation.pk).notes
        assert client.get(edit_url(consultation)).status_code == 404
        response = client.post(edit_url(consultation), edit_form(consultation, notes="Changed"))
        assert response.status_code == 404
        assert Consultation.objects.get(pk=consultation.pk).notes == before


def test_editing_a_draft_reorders_removes_and_adds_questions(secretariat_client, draft):
    response = secretariat_client.post(
        edit_url(draft),
        edit_form(
            draft,
            topic_en="Multilingual Internet, revisited",
            languages=["en", "fr", "ar"],
            closes_at="2027-02-01T12:00",
            **{
                "questions-0-DELETE": "on",
                "questions-1-ORDER": "2",
                "questions-2-text_en": "Which scripts are least supported?",
                "questions-2-text_ar": "ما هي الكتابات الأقل دعما؟",
                "questions-2-ORDER": "1",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.topic["en"] == "Multilingual Internet, revisited"
    assert draft.languages == ["ar", "en", "fr"]
    assert draft.closes_at == dt.datetime(2027, 2, 1, 11, 0, tzinfo=dt.UTC)
    assert [(q.number, q.text) for q in draft.questions.all()] == [
        (
            1,
            {"en": "Which scripts are least supported?", "ar": "ما هي الكتابات الأقل دعما؟"},
        ),
        (2, {"en": "What are the benefits and challenges?"}),
    ]
    event = AuditEvent.objects.filter(action="consultation.update").get()
    assert event.after["questions"][0]["number"] == 1


def test_emptying_a_stored_question_without_removing_it_is_refused(secretariat_client, draft):
    response = secretariat_client.post(
        edit_url(draft), edit_form(draft, **{"questions-1-text_en": ""})
    )
    assert response.status_code == 400
    assert "This question has no text" in response.content.decode()
    assert draft.questions.count() == 2
    assert draft.questions.get(number=2).text["en"] == "What are the benefits and challenges?"


def test_a_service_refusal_is_shown_next_to_its_field(secretariat_client, personas):
    # The form takes any Django slug; the service wants lower case and hyphens only.
    response = secretariat_client.post(new_url(personas.group), new_form(slug="Internet_2027"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_slug_error"' in body and "lower-case letters, digits and hyphens" in body
    assert not Consultation.objects.exists() and not Question.objects.exists()


def test_an_open_consultation_may_only_move_its_closing_and_meeting(secretariat_client, personas):
    opened = make_consultation(personas, slug="open-round")
    old_opens = opened.opens_at
    response = secretariat_client.get(edit_url(opened))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="topic_en"' in body and "disabled" in body
    assert 'name="questions-TOTAL_FORMS"' not in body
    new_close = timezone.localtime(timezone.now() + dt.timedelta(days=30), timezone=dt.UTC).replace(
        second=0, microsecond=0
    )
    response = secretariat_client.post(
        edit_url(opened),
        {
            "topic_en": "Hijacked topic",
            "languages": ["ru"],
            "opens_at": "2020-01-01T00:00",
            "closes_at": timezone.localtime(new_close, timezone=ZURICH).strftime("%Y-%m-%dT%H:%M"),
            "speakers": "Ana Silva, Internet Society",
            "physical_meeting_venue": "",
            "physical_meeting_date": "",
            "notes": "Extended by two weeks.",
            **management(total=1),
            "questions-0-text_en": "A smuggled question",
        },
    )
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.closes_at == new_close
    assert opened.topic["en"] == "Multilingualization of the Internet"
    assert opened.languages == ["en", "fr"]
    assert opened.opens_at == old_opens
    assert opened.physical_meeting_speakers == [
        {"name": "Ana Silva", "organisation": "Internet Society"}
    ]
    assert [q.text["en"] for q in opened.questions.all()] == [
        "What can be done for a multilingual Internet?",
        "What are the benefits and challenges?",
    ]


def test_a_closed_consultation_keeps_its_closing_instant(secretariat_client, personas):
    closed = make_consultation(personas, slug="closed-round")
    closed = services.transition(personas.secretariat, closed, "closed")
    closing = closed.closes_at
    response = secretariat_client.post(
        edit_url(closed),
        {"closes_at": "2030-01-01T00:00", "notes": "Examined soon.", "speakers": ""},
    )
    assert response.status_code == 302
    closed.refresh_from_db()
    assert closed.closes_at == closing and closed.notes == "Examined soon."


def test_edit_errors_are_shown_and_nothing_changes(secretariat_client, draft):
    response = secretariat_client.post(
        edit_url(draft),
        edit_form(draft, opens_at="2027-03-10T09:00", closes_at="2027-03-10T08:00"),
    )
    assert response.status_code == 400
    assert 'id="id_closes_at_error"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.closes_at is not None and draft.closes_at.year != 2027


@pytest.mark.parametrize("state", ["draft", "open", "closed"])
def test_the_page_offers_exactly_what_the_service_accepts(personas, state):
    c = make_consultation(personas, slug=f"round-{state}", open_it=state != "draft")
    if state == "closed":
        c = services.transition(personas.secretariat, c, "closed")
    values = {
        "topic": {"en": "T"},
        "languages": ["en"],
        "questions": [{"text": {"en": "Q"}}],
        "opens_at": c.opens_at,
        "closes_at": c.closes_at + dt.timedelta(days=1),
        "physical_meeting_date": dt.date(2027, 1, 1),
        "physical_meeting_venue": None,
        "physical_meeting_speakers": [],
        "notes": "n",
    }
    changeable = services.changeable_fields(c)
    for field, value in values.items():
        if field in changeable:
            services.update_consultation(personas.secretariat, c, **{field: value})
        else:
            with pytest.raises(Conflict):
                services.update_consultation(personas.secretariat, c, **{field: value})


# Links -------------------------------------------------------------------------------------


def test_links_to_the_forms_are_shown_to_the_secretariat_only(client, personas, draft):
    client.force_login(personas.secretariat)
    listing = client.get("/en/consultations/").content.decode()
    assert new_url(personas.group) in listing
    assert edit_url(draft) in client.get(f"/en/consultations/{draft.slug}/").content.decode()
    workspace = client.get("/en/workspace/")
    assert workspace.status_code == 200
    assert new_url(personas.group) in workspace.content.decode()
    assert edit_url(draft) in workspace.content.decode()
    opened = make_consultation(personas, slug="open-round")
    client.force_login(personas.delegate)
    assert new_url(personas.group) not in client.get("/en/consultations/").content.decode()
    detail = client.get(f"/en/consultations/{opened.slug}/")
    assert detail.status_code == 200 and edit_url(opened) not in detail.content.decode()


def test_the_secretariat_of_another_group_gets_a_404(client, personas):
    group = GroupFactory(visibility=Visibility.MEMBERS)
    assert client.get(new_url(group)).status_code == 404
    client.force_login(personas.secretariat)  # secretariat of another group only
    assert client.get(new_url(group)).status_code == 404


@pytest.mark.parametrize(
    "line",
    ["Amina Haddad, ISOC Tunisia", "Amina Haddad، ISOC Tunisia", "Amina Haddad，ISOC Tunisia"],
)
def test_speakers_are_split_at_a_latin_arabic_or_full_width_comma(line):
    from cwg.consultations.forms import parse_speakers

    [speaker] = parse_speakers(line + "\n")
    assert speaker["name"] == "Amina Haddad"
    assert speaker["organisation"] == "ISOC Tunisia"
