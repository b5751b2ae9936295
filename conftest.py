"""Shared pytest fixtures: fast password hashing, personas, a clean cache per test."""

import pytest


@pytest.fixture(autouse=True)
def _fast_hashing_and_clean_cache(settings):
    # argon2 is the production hasher; tests that check it override this themselves.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def personas(db):
    from cwg.core.testing.personas import build_personas

    return build_personas()
