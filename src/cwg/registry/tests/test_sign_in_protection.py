"""Sign-in protection: lock-out after wrong passwords, password reset by e-mail, idle sessions,
and the admin behind the site's sign-in."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from cwg.core.middleware import SEEN_KEY
from cwg.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = "/en/sign-in/"
ADDRESS = "198.51.100.20"


@pytest.fixture
def delegate(personas):
    personas.delegate.set_password(PASSWORD)
    personas.delegate.save()
    return personas.delegate


def sign_in(client, username, password, **extra):
    return client.post(SIGN_IN, {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def test_forty_wrong_passwords_lock_the_user_out_even_with_the_right_one(delegate, settings):
    client = Client(REMOTE_ADDR=ADDRESS)
    statuses = [sign_in(client, "delegate", f"guess {n}").status_code for n in range(40)]
    limit = settings.AXES_FAILURE_LIMIT
    # The first wrong passwords get the form again; from the limit on, the lock-out page.
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert set(statuses[limit:]) == {429}
    refused = sign_in(client, "delegate", PASSWORD)
    assert refused.status_code == 429
    assert not signed_in(client)
    page = refused.content.decode()
    assert "Too many wrong passwords for this user name from your address" in page
    assert "Try again in 15 minutes." in page
    assert int(refused["Retry-After"]) == 900
    assert "/en/account/password-reset/" in page


def test_the_lock_out_is_for_that_user_from_that_address_only(personas, delegate):
    attacker = Client(REMOTE_ADDR=ADDRESS)
    for n in range(10):
        sign_in(attacker, "delegate", f"guess {n}")
    assert sign_in(attacker, "delegate", PASSWORD).status_code == 429
    # The delegate from their own address signs in; another account from the attacker's too.
    own = Client(REMOTE_ADDR="203.0.113.40")
    assert sign_in(own, "delegate", PASSWORD).status_code == 302 and signed_in(own)
    personas.chair.set_password(PASSWORD)
    personas.chair.save()
    other = Client(REMOTE_ADDR=ADDRESS)
    assert sign_in(other, "chair", PASSWORD).status_code == 302 and signed_in(other)


def test_the_lock_out_ends_after_the_cool_off(delegate):
    from axes.models import AccessAttempt

    client = Client(REMOTE_ADDR=ADDRESS)
    for n in range(6):
        sign_in(client, "delegate", f"guess {n}")
    assert sign_in(client, "delegate", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert sign_in(client, "delegate", PASSWORD).status_code == 302 and signed_in(client)


def test_behind_a_trusted_proxy_the_lock_out_follows_the_forwarded_address(delegate, settings):
    settings.CWG_TRUSTED_PROXIES = ("10.0.0.1",)
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for n in range(6):
        sign_in(proxy, "delegate", f"guess {n}", headers={"X-Forwarded-For": "203.0.113.66"})
    assert (
        sign_in(
            proxy, "delegate", PASSWORD, headers={"X-Forwarded-For": "203.0.113.66"}
        ).status_code
        == 429
    )
    # The same proxy carries the real delegate's request from another address.
    ok = sign_in(proxy, "delegate", PASSWORD, headers={"X-Forwarded-For": "203.0.113.67"})
    assert ok.status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(delegate, settings):
    client = Client(REMOTE_ADDR=ADDRESS)
    for _ in range(2):
        for n in range(settings.AXES_FAILURE_LIMIT - 1):
            assert sign_in(client, "delegate", f"guess {n}").status_code == 200
        assert sign_in(client, "delegate", PASSWORD).status_code == 302
        client.post("/en/sign-out/")


# Password reset ---------------------------------------------------------------------------------


def _reset_link() -> str:
    assert len(mail.outbox) == 1
    match = re.search(
        r"https?://[^/\s]+(/en/account/password-reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body
    )
    assert match, mail.outbox[0].body
    return match.group(1)


def test_password_reset_by_e_mail_sets_a_new_password_and_lifts_the_lock_out(delegate):
    client = Client(REMOTE_ADDR=ADDRESS)
    for n in range(6):
        sign_in(client, "delegate", f"guess {n}")
    assert sign_in(client, "delegate", PASSWORD).status_code == 429

    assert 'href="/en/account/password-reset/"' in Client().get(SIGN_IN).content.decode()
    response = client.post("/en/account/password-reset/", {"email": "delegate@example.org"})
    assert (
        response.status_code == 302 and response["Location"] == "/en/account/password-reset/sent/"
    )
    assert "The link is valid for 1 hour." in client.get(response["Location"]).content.decode()
    message = mail.outbox[0]
    assert message.to == ["delegate@example.org"]
    assert message.subject == "A new password for Council Working Groups"
    assert "delegate" in message.body
    link = _reset_link()
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    page = client.get(form_url)
    assert page.status_code == 200 and "Choose a new password" in page.content.decode()
    new = "a brand new pass phrase 2026"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == "/en/account/password-reset/done/"
    assert sign_in(client, "delegate", new).status_code == 302 and signed_in(client)
    # The link works once.
    again = Client().get(link, follow=True)
    assert "This link is not valid any more" in again.content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(delegate):
    response = Client().post("/en/account/password-reset/", {"email": "nobody@example.org"})
    assert (
        response.status_code == 302 and response["Location"] == "/en/account/password-reset/sent/"
    )
    assert mail.outbox == []


def test_reset_e_mails_are_limited_per_client_and_per_address(delegate, personas):
    client = Client(REMOTE_ADDR=ADDRESS)
    for _ in range(5):
        response = client.post("/en/account/password-reset/", {"email": "delegate@example.org"})
        assert response.status_code == 302
    refused = client.post("/en/account/password-reset/", {"email": "delegate@example.org"})
    assert refused.status_code == 429
    assert "Too many password reset requests" in refused.content.decode()
    assert len(mail.outbox) == 5
    # From many addresses the same mailbox is not flooded either.
    elsewhere = Client(REMOTE_ADDR="203.0.113.77")
    assert (
        elsewhere.post("/en/account/password-reset/", {"email": "delegate@example.org"}).status_code
        == 429
    )
    # Someone else, from another address, is not held back.
    assert (
        elsewhere.post("/en/account/password-reset/", {"email": "chair@example.org"}).status_code
        == 302
    )
    assert len(mail.outbox) == 6


def test_a_reset_link_expires(delegate, settings, monkeypatch):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    Client().post("/en/account/password-reset/", {"email": "delegate@example.org"})
    link = _reset_link()
    later = default_token_generator._now() + dt.timedelta(hours=2)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    page = Client().get(link, follow=True)
    assert "This link is not valid any more" in page.content.decode()


def test_the_reset_pages_are_translated(delegate):
    page = Client().get("/fr/account/password-reset/").content.decode()
    assert "Réinitialiser votre mot de passe" in page


# Idle sessions ----------------------------------------------------------------------------------


def test_a_session_ends_after_the_idle_time_and_activity_extends_it(delegate, settings):
    client = Client()
    assert sign_in(client, "delegate", PASSWORD).status_code == 302
    key = client.session.session_key

    def expiry():
        return Session.objects.get(session_key=key).expire_date

    assert expiry() <= timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    # A request a minute after the last save pushes the end forward by the whole idle time.
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 61
    session.save()
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=1)
    )
    assert client.get("/en/profile/").status_code == 200
    assert expiry() > timezone.now() + dt.timedelta(minutes=29)
    # Requests within that minute do not write the session again.
    before = expiry()
    assert client.get("/en/profile/").status_code == 200
    assert expiry() == before
    # Idle past the limit: signed out.
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/en/profile/")
    assert response.status_code == 302 and response["Location"].startswith("/en/sign-in/")


def test_an_anonymous_visit_gets_no_session(db):
    client = Client()
    client.get("/en/")
    assert "sessionid" not in client.cookies
    assert not Session.objects.exists()


# The admin site ---------------------------------------------------------------------------------


def test_the_admin_signs_in_through_the_site_sign_in(personas, delegate):
    response = Client().get("/admin/")
    assert response.status_code == 302
    follow = Client().get(response["Location"])
    assert follow.status_code == 302
    assert follow["Location"] == "/en/sign-in/?next=%2Fadmin%2F"
    # The admin's own password form is gone: a POST to it signs nobody in.
    posted = Client().post("/admin/login/", {"username": "delegate", "password": PASSWORD})
    assert posted.status_code == 302 and not posted.wsgi_request.user.is_authenticated


def test_a_signed_in_person_without_admin_rights_gets_a_404_not_a_loop(delegate):
    client = Client()
    sign_in(client, "delegate", PASSWORD)
    assert client.get("/admin/login/?next=/admin/").status_code == 404


def test_staff_reach_the_admin_after_the_site_sign_in(personas):
    staff = personas.secretariat
    staff.is_staff = staff.is_superuser = True
    staff.set_password(PASSWORD)
    staff.save()
    client = Client()
    response = client.post(
        f"{SIGN_IN}?next=/admin/",
        {"username": staff.username, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_lock_out_page_speaks_the_reader_s_language(delegate):
    client = Client(REMOTE_ADDR=ADDRESS)
    for n in range(6):
        client.post("/fr/sign-in/", {"username": "delegate", "password": f"essai {n}"})
    page = client.post("/fr/sign-in/", {"username": "delegate", "password": PASSWORD})
    assert page.status_code == 429
    text = page.content.decode()
    assert "Connexion bloquée" in text and "Réessayez dans 15 minutes." in text
