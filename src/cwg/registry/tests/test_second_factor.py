"""The second factor: with CWG_REQUIRE_2FA the secretariat, chairs, vice-chairs and staff give a
one-time code from an authenticator app after their password; everyone else signs in as before."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cwg.core.models import AuditEvent
from cwg.testing.factories import TOTPDeviceFactory
from cwg.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = "/en/sign-in/"
SETUP = "/en/account/second-factor/set-up/"
VERIFY = "/en/account/second-factor/"
PROFILE = "/en/profile/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.CWG_REQUIRE_2FA = True


def code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong(device) -> str:
    return f"{(int(code(device)) + 1) % 1_000_000:06d}"


def signed_in(person) -> Client:
    client = Client()
    response = client.post(
        f"{SIGN_IN}?next={PROFILE}",
        {"username": person.username, "password": PASSWORD, "next": PROFILE},
    )
    assert response.status_code == 302 and response["Location"] == PROFILE
    return client


@pytest.mark.parametrize("name", ["secretariat", "chair", "vice_chair"])
def test_officers_and_the_secretariat_enrol_an_authenticator_then_get_in(personas, name):
    person = getattr(personas, name)
    client = signed_in(person)
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fen%2Fprofile%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Set up your authenticator app" in html
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    assert device.config_url.startswith("otpauth://totp/")

    refused = client.post(SETUP, {"token": wrong(device), "next": PROFILE})
    assert refused.status_code == 400
    assert "This code is wrong or has expired" in refused.content.decode()
    assert client.get(PROFILE).status_code == 302
    # django-otp makes the next try after a wrong code wait a second; the test does not.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)

    accepted = client.post(SETUP, {"token": code(device), "next": PROFILE})
    assert accepted.status_code == 302 and accepted["Location"] == PROFILE
    assert client.get(PROFILE).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    event = AuditEvent.objects.get(action="person.second_factor.confirm")
    assert event.actor_id == person.pk and event.after == {"method": "totp"}
    assert device.key not in str(event.after) + event.object_label


def test_the_code_is_asked_after_the_password_each_time(personas):
    device = TOTPDeviceFactory(user=personas.secretariat, name="phone", confirmed=True)
    client = signed_in(personas.secretariat)
    response = client.get(PROFILE)
    assert response["Location"] == f"{VERIFY}?next=%2Fen%2Fprofile%2F"
    page = client.get(response["Location"])
    assert "One-time code" in page.content.decode()
    assert client.post(VERIFY, {"token": wrong(device), "next": PROFILE}).status_code == 400
    assert client.post(VERIFY, {"token": "not digits", "next": PROFILE}).status_code == 400
    assert client.get("/en/workspace/").status_code == 302
    # The throttle of django-otp: after a wrong code the next attempt waits a moment.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    accepted = client.post(VERIFY, {"token": code(device), "next": PROFILE})
    assert accepted.status_code == 302 and accepted["Location"] == PROFILE
    assert client.get("/en/workspace/").status_code == 200


def test_many_wrong_codes_hold_back_even_the_right_one(personas):
    device = TOTPDeviceFactory(user=personas.chair, name="phone", confirmed=True)
    client = signed_in(personas.chair)
    for _ in range(5):
        client.post(VERIFY, {"token": wrong(device), "next": PROFILE})
    refused = client.post(VERIFY, {"token": code(device), "next": PROFILE})
    assert refused.status_code == 400
    assert client.get(PROFILE).status_code == 302


def test_a_code_does_not_send_anyone_off_site(personas):
    device = TOTPDeviceFactory(user=personas.chair, name="phone", confirmed=True)
    client = signed_in(personas.chair)
    response = client.post(VERIFY, {"token": code(device), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/en/"


@pytest.mark.parametrize("name", ["delegate", "other_delegate", "council_member", "stakeholder"])
def test_other_roles_sign_in_with_their_password_alone(personas, name):
    client = signed_in(getattr(personas, name))
    assert client.get(PROFILE).status_code == 200


def test_without_the_setting_nobody_is_asked(personas, settings):
    settings.CWG_REQUIRE_2FA = False
    client = signed_in(personas.secretariat)
    assert client.get("/en/workspace/").status_code == 200


def test_the_api_refuses_an_unverified_session(personas):
    client = signed_in(personas.secretariat)
    response = client.get("/api/v1/groups")
    assert response.status_code == 403
    assert "one-time code" in response.json()["detail"]


def test_sign_out_works_before_the_code(personas):
    client = signed_in(personas.secretariat)
    response = client.post("/en/sign-out/")
    assert response.status_code == 302
    assert client.get(PROFILE)["Location"].startswith("/en/sign-in/")


def test_the_admin_asks_for_the_code_too(personas):
    staff = personas.delegate  # staff rights alone are enough to be asked
    staff.is_staff = staff.is_superuser = True
    staff.save()
    device = TOTPDeviceFactory(user=staff, name="phone", confirmed=True)
    client = signed_in(staff)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    client.post(VERIFY, {"token": code(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_the_pages_are_translated(personas):
    TOTPDeviceFactory(user=personas.chair, name="phone", confirmed=True)
    client = Client()
    client.post("/fr/sign-in/", {"username": "chair", "password": PASSWORD})
    page = client.get("/fr/account/second-factor/").content.decode()
    assert "Code à usage unique" in page
