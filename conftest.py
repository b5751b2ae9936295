"""Shared pytest fixtures: fast password hashing, personas, a clean cache per test."""

import pytest


@pytest.fixture(autouse=True)
def _fast_hashing_and_clean_cache(settings):
    # argon2 is the production hasher; tests that check it override this themselves.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    from cwg.core.memo import ProcessMemo

    ProcessMemo.forget_everything()  # the process's own memos and counters beside the cache
    # A request to a /fr/ page leaves French active in the thread (LocaleMiddleware does not
    # reset it), and reverse() would then build /fr/ URLs in whatever test runs next.
    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture
def personas(db):
    from cwg.testing.personas import build_personas

    return build_personas()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite tests run on a database file, as production does, not on a shared in-memory
    database: there, concurrent writers fail with "table is locked" instead of queueing on the
    busy timeout, so the concurrency tests would test the wrong engine."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and not database["TEST"].get("NAME"):
        database["TEST"]["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
