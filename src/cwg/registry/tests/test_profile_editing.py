"""People change their own language, time zone and name (the secretariat anyone's), by page and API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from cwg.consultations.models import Consultation, ConsultationState
from cwg.core.exceptions import InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.registry import services
from cwg.registry.models import Person, Role
from cwg.testing.factories import MembershipFactory
from cwg.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


@pytest.fixture
def platform_secretariat(personas):
    person = Person.objects.create(username="platform", email="platform@example.org")
    person.set_password(PASSWORD)
    person.save()
    MembershipFactory(person=person, role=Role.SECRETARIAT, group=None)
    return person


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def profile_of(person) -> tuple[str, str, str, str]:
    person.refresh_from_db()
    return (person.preferred_language, person.time_zone, person.first_name, person.last_name)


# Service --------------------------------------------------------------------------------------


def test_a_person_changes_their_own_profile_with_an_audit_event(personas):
    delegate = personas.delegate
    services.update_profile(
        delegate, delegate, language="fr", time_zone="Europe/Paris", first_name="  Claire  Anne "
    )
    assert profile_of(delegate) == ("fr", "Europe/Paris", "Claire Anne", "Delegate")
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id, event.actor_id) == (
        "person.profile_updated",
        str(delegate.pk),
        delegate.pk,
    )
    assert event.before == {
        "preferred_language": "en",
        "time_zone": "UTC",
        "first_name": "Claire",
    }
    assert event.after == {
        "preferred_language": "fr",
        "time_zone": "Europe/Paris",
        "first_name": "Claire Anne",
    }


def test_saving_the_same_values_writes_no_audit_event(personas):
    count = AuditEvent.objects.count()
    services.update_profile(personas.delegate, personas.delegate, language="en", time_zone="UTC")
    assert AuditEvent.objects.count() == count


def test_the_platform_secretariat_may_change_anyones_profile(personas, platform_secretariat):
    services.update_profile(platform_secretariat, personas.stakeholder, time_zone="Asia/Tokyo")
    assert profile_of(personas.stakeholder)[1] == "Asia/Tokyo"
    event = AuditEvent.objects.order_by("-id").first()
    assert event.actor_id == platform_secretariat.pk


@pytest.mark.parametrize("who", ["other_delegate", "secretariat", "chair", "anonymous"])
def test_nobody_else_may_change_a_profile(personas, who):
    # A group's secretariat is not the platform's: it may not change people's profiles.
    count = AuditEvent.objects.count()
    with pytest.raises(NotAllowed):
        services.update_profile(getattr(personas, who), personas.delegate, language="fr")
    assert profile_of(personas.delegate)[0] == "en"
    assert AuditEvent.objects.count() == count


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"language": "klingon"}, "language"),
        ({"language": "zh"}, "language"),  # the UI speaks zh-hans, not the document code
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
        ({"language": "fr", "time_zone": "Europe/Atlantis"}, "time_zone"),
        ({"last_name": "x" * 151}, "last_name"),
    ],
)
def test_bad_profile_input_is_refused_and_nothing_is_written(personas, kwargs, field):
    before = profile_of(personas.delegate)
    with pytest.raises(InvalidInput) as caught:
        services.update_profile(personas.delegate, personas.delegate, **kwargs)
    assert caught.value.field == field
    assert profile_of(personas.delegate) == before


def test_every_ui_language_is_accepted(personas):
    for code, _name in settings.LANGUAGES:
        services.update_profile(personas.delegate, personas.delegate, language=code)
        assert profile_of(personas.delegate)[0] == code


# Profile page ---------------------------------------------------------------------------------


def form_data(**changes) -> dict:
    data = {"language": "en", "time_zone": "UTC", "first_name": "Claire", "last_name": "Delegate"}
    return data | changes


def test_anonymous_reader_is_sent_to_sign_in(client, personas):
    for response in (client.get("/en/profile/"), client.post("/en/profile/", form_data())):
        assert response.status_code == 302
        assert response["Location"].startswith("/en/sign-in/?next=")
    assert profile_of(personas.delegate)[0] == "en"


def test_profile_page_shows_the_form_with_current_values(personas):
    personas.delegate.time_zone = "Africa/Dakar"
    personas.delegate.save()
    html = signed_in(personas.delegate).get("/en/profile/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<option value="Africa/Dakar" selected>' in html
    assert '<option value="fr">Français</option>' in html


def test_saving_switches_the_pages_to_the_new_language_and_zone(personas):
    client = signed_in(personas.delegate)
    response = client.post(
        "/en/profile/", form_data(language="fr", time_zone="Asia/Tokyo", last_name="Martin")
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert profile_of(personas.delegate) == ("fr", "Asia/Tokyo", "Claire", "Martin")

    page = client.get(response["Location"])
    html = page.content.decode()
    assert '<html lang="fr"' in html
    assert "Claire Martin" in html
    assert len(list(page.context["messages"])) == 1
    # Dates on the pages are now shown in Tokyo time.
    closes = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    Consultation.objects.create(
        group=personas.group,
        slug="tokyo-time",
        topic={"en": "Tokyo time", "fr": "Heure de Tokyo"},
        languages=["en", "fr"],
        state=ConsultationState.OPEN,
        opens_at=timezone.now() - dt.timedelta(days=1),
        closes_at=closes,
    )
    home = client.get("/fr/").content.decode()
    assert "Heure de Tokyo" in home and "(Asia/Tokyo)" in home


def test_bad_language_and_zone_are_refused_by_the_field(personas):
    client = signed_in(personas.delegate)
    for data, field in (
        (form_data(language="tlh"), "language"),
        (form_data(time_zone="Europe/Atlantis"), "time_zone"),
    ):
        response = client.post("/en/profile/", data)
        assert response.status_code == 400
        assert f'id="id_{field}_error"' in response.content.decode()
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert profile_of(personas.delegate) == ("en", "UTC", "Claire", "Delegate")


def test_another_persons_profile_page_is_hidden(personas):
    url = f"/en/profile/{personas.delegate.username}/"
    client = signed_in(personas.other_delegate)
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(language="ar")).status_code == 404
    assert client.get("/en/profile/nobody/").status_code == 404
    assert profile_of(personas.delegate)[0] == "en"


def test_the_secretariat_edits_someone_else_without_changing_its_own_language(
    personas, platform_secretariat
):
    client = signed_in(platform_secretariat)
    url = f"/en/profile/{personas.stakeholder.username}/"
    assert "Sam Stakeholder" in client.get(url).content.decode()
    response = client.post(url, form_data(language="es", first_name="Sam", last_name="Stakeholder"))
    assert response.status_code == 302 and response["Location"] == url
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert profile_of(personas.stakeholder)[0] == "es"
    assert profile_of(platform_secretariat)[0] == "en"


# API ------------------------------------------------------------------------------------------


def patch(client, url, body):
    import json

    return client.patch(url, json.dumps(body), content_type="application/json")


def test_api_anonymous_is_401(client, personas):
    assert client.get(ME).status_code == 401
    assert patch(client, ME, {"language": "fr"}).status_code == 401


def test_api_changes_my_profile_and_remembers_the_language(personas):
    client = signed_in(personas.delegate)
    response = patch(client, ME, {"language": "zh-hans", "time_zone": "Asia/Shanghai"})
    assert response.status_code == 200
    assert response.json() == {
        "username": "delegate",
        "first_name": "Claire",
        "last_name": "Delegate",
        "email": "delegate@example.org",
        "language": "zh-hans",
        "time_zone": "Asia/Shanghai",
    }
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert client.get(ME).json()["time_zone"] == "Asia/Shanghai"
    # A change that leaves the language alone does not touch the cookie.
    response = patch(client, ME, {"first_name": "Claire-Marie"})
    assert response.status_code == 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_api_needs_the_csrf_token_with_a_session(personas):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="delegate", password=PASSWORD)
    assert patch(client, ME, {"language": "fr"}).status_code == 403
    assert profile_of(personas.delegate)[0] == "en"


@pytest.mark.parametrize(
    "body, status, words",
    [
        ({"language": "klingon"}, 400, "unknown language"),
        ({"time_zone": "Europe/Atlantis"}, 400, "unknown time zone"),
        ({"langauge": "fr"}, 400, "langauge"),
        ({"language": "fr", "is_superuser": True}, 400, "is_superuser"),
        ({}, 400, "at least one"),
        ({"language": None}, 400, "cannot be null"),
        ({"time_zone": 7}, 400, "time_zone"),
    ],
)
def test_api_bad_input_is_refused_with_a_message(personas, body, status, words):
    response = patch(signed_in(personas.delegate), ME, body)
    assert response.status_code == status
    assert words in response.json()["detail"]
    assert profile_of(personas.delegate) == ("en", "UTC", "Claire", "Delegate")
    personas.delegate.refresh_from_db()
    assert not personas.delegate.is_superuser


def test_api_another_persons_profile_is_404(personas):
    client = signed_in(personas.other_delegate)
    url = f"/api/v1/people/{personas.delegate.username}/profile"
    assert client.get(url).status_code == 404
    response = patch(client, url, {"language": "ru"})
    assert response.status_code == 404 and response.json()["code"] == "NotFound"
    assert profile_of(personas.delegate)[0] == "en"
    # Your own profile under your name works as /me does.
    own = f"/api/v1/people/{personas.other_delegate.username}/profile"
    assert patch(client, own, {"language": "ru"}).json()["language"] == "ru"


def test_api_secretariat_changes_someone_elses_profile(personas, platform_secretariat):
    url = f"/api/v1/people/{personas.stakeholder.username}/profile"
    response = patch(signed_in(platform_secretariat), url, {"time_zone": "America/Bogota"})
    assert response.status_code == 200 and response.json()["time_zone"] == "America/Bogota"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert AuditEvent.objects.filter(
        action="person.profile_updated", object_id=str(personas.stakeholder.pk)
    ).exists()
