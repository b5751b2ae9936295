"""Property-based requests from the OpenAPI schema, in process: no 5xx, no answer off the schema.

schemathesis draws requests for every operation of /api/v1/openapi.json (a fixed seed, a few
examples each, so the run stays short and repeatable) and sends them to the WSGI application,
anonymously and as the group's secretariat, against one world of real records built once for the
module and rolled back after it.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cwg.api import api
from tests.api.world import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 3

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
# Fuzzing only: the coverage phase sends hundreds of boundary cases per operation, too many here.
schema.config.phases.coverage.enabled = False
schema.config.seed = 20261207


@pytest.fixture(scope="module")
def keep_the_test_connection():
    """The WSGI handler closes the database connection after each request (as in production);
    the test client does not, and neither may this app: on PostgreSQL the records live in the
    test's open transaction on that connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory, keep_the_test_connection):
    """The records, built once; every test runs in a savepoint inside this transaction."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            CWG_RATE_LIMIT_PER_MINUTE=10**6,
        ),
        transaction.atomic(),
    ):
        yield build_world(None, media)
        transaction.set_rollback(True)


def _signed_in(user) -> dict:
    """The cookies of a signed-in session and the matching CSRF header, as a browser sends them."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    csrf = _get_new_csrf_string()
    session = client.cookies["sessionid"].value
    return {
        "cookies": {"sessionid": session, "csrftoken": csrf},
        "headers": {"X-CSRFToken": csrf},
    }


def _path_values(case, values: dict) -> None:
    """Point most generated paths at real records, so requests reach past the 404."""
    if not case.path_parameters:
        return
    for name in list(case.path_parameters):
        if name == "slug" and case.path.startswith("/api/v1/consultations/"):
            case.path_parameters[name] = values["consultation"]
        elif name in values and name not in {"fmt", "record_type"}:
            case.path_parameters[name] = values[name]


def generated_cases(test):
    """Fixed examples and no example database: every run sends the same requests, so a failure
    repeats."""
    return schema.parametrize()(
        settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )(test)
    )


@generated_cases
def test_anonymous(case, world):
    _path_values(case, world["values"])
    case.call_and_validate(checks=CHECKS)


@generated_cases
def test_as_secretariat(case, world):
    _path_values(case, world["values"])
    case.call_and_validate(checks=CHECKS, **_signed_in(world["personas"].secretariat))
