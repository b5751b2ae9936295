"""Language in the address: spellings, the switcher's redirect, the language after sign-in."""

from __future__ import annotations

import pytest
from django.test import Client

from cwg.core.language_urls import normalise_language, with_language
from cwg.registry import services as registry_services
from cwg.testing.personas import PASSWORD


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("en-GB", "en"),
        ("zh", "zh-hans"),
        ("zh-CN", "zh-hans"),
        ("zh_Hans", "zh-hans"),
        ("zh-TW", "zh-hans"),
        ("ar-EG", "ar"),
        ("es-419", "es"),
        ("ru_RU", "ru"),
        ("fr-ca", "fr"),
    ],
)
def test_usual_spellings_name_a_site_language(written, code):
    assert normalise_language(written) == code


@pytest.mark.parametrize("written", ["", None, "de", "api", "admin", "static", "x", "en--", "ja"])
def test_other_segments_are_no_language(written):
    assert normalise_language(written) is None


def test_with_language_replaces_the_prefix_and_keeps_the_query():
    assert with_language("/en/meetings/?page=2", "fr") == "/fr/meetings/?page=2"
    assert with_language("/zh/meetings/", "ar") == "/ar/meetings/"


@pytest.mark.django_db
@pytest.mark.parametrize(("written", "code"), [("zh", "zh-hans"), ("FR", "fr"), ("ar-EG", "ar")])
def test_a_spelt_prefix_redirects_to_the_page(client, written, code):
    response = client.get(f"/{written}/meetings/?page=1")
    assert response.status_code == 302
    assert response["Location"] == f"/{code}/meetings/?page=1"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_an_unknown_language_is_still_a_404(client):
    assert client.get("/de/meetings/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("cookie", "page", "chosen"), [("fr", "en", "ar"), ("ar", "en", "fr")])
def test_the_switcher_moves_any_page_to_the_chosen_language(client, cookie, page, chosen):
    client.cookies["django_language"] = cookie
    response = client.post(
        "/i18n/setlang/", {"language": chosen, "next": f"/{page}/meetings/?page=1"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{chosen}/meetings/?page=1"
    assert response.cookies["django_language"].value == chosen


@pytest.mark.django_db
def test_the_switcher_refuses_another_site_and_an_unknown_language(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/fr/"
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/en/meetings/"})
    assert response["Location"] == "/en/meetings/"
    assert "django_language" not in response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_sign_in_lands_in_the_preferred_language(personas, language):
    delegate = personas.delegate
    registry_services.update_profile(delegate, delegate, language=language)
    client = Client()
    response = client.post(
        "/en/sign-in/?next=/en/meetings/", {"username": "delegate", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/meetings/"
    assert response.cookies["django_language"].value == language


@pytest.mark.django_db
def test_a_refused_sign_in_keeps_the_page_language(personas):
    personas.delegate.preferred_language = "fr"
    personas.delegate.save()
    response = Client().post("/en/sign-in/", {"username": "delegate", "password": "wrong"})
    assert response.status_code == 200
    assert "django_language" not in response.cookies
