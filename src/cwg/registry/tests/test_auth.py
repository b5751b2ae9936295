"""People sign in with passwords hashed by argon2."""

import pytest
from django.contrib.auth import authenticate
from django.test import override_settings

import cwg.settings as production_settings
from cwg.registry.models import Person

pytestmark = pytest.mark.django_db


def test_argon2_is_the_production_hasher():
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_a_new_password_is_argon2_hashed_and_signs_in():
    with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
        person = Person.objects.create_user("argon", password="a long pass phrase 2026")
        person.refresh_from_db()
        assert person.password.startswith("argon2$argon2id$")
        assert authenticate(username="argon", password="a long pass phrase 2026") == person
        assert authenticate(username="argon", password="wrong pass phrase") is None
