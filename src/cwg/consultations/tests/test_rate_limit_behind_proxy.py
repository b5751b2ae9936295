"""The submission rate limit counts each client behind a trusted proxy on its own, and no one else."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from cwg.consultations.models import Submission
from cwg.consultations.tests.conftest import payload

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def submit(consultation, *, remote: str, forwarded: str | None = None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return Client(REMOTE_ADDR=remote).post(
        f"/api/v1/consultations/{consultation.slug}/submissions",
        data=json.dumps(payload()),
        content_type="application/json",
        headers=headers,
    )


def test_clients_behind_a_trusted_proxy_have_their_own_limit(settings, consultation):
    settings.CWG_RATE_LIMIT_PER_MINUTE = 2
    settings.CWG_TRUSTED_PROXIES = (PROXY,)
    for _ in range(2):
        assert submit(consultation, remote=PROXY, forwarded="203.0.113.5").status_code == 201
    assert submit(consultation, remote=PROXY, forwarded="203.0.113.5").status_code == 429
    # Another respondent behind the same proxy is not caught by the first one's limit ...
    assert submit(consultation, remote=PROXY, forwarded="203.0.113.6").status_code == 201
    # ... and the first cannot escape theirs by writing a made-up address before the real one.
    refused = submit(consultation, remote=PROXY, forwarded="198.51.100.1, 203.0.113.5")
    assert refused.status_code == 429
    assert Submission.objects.count() == 3


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(settings, consultation):
    settings.CWG_RATE_LIMIT_PER_MINUTE = 2
    settings.CWG_TRUSTED_PROXIES = (PROXY,)
    # A client talking to the server directly cannot pick a fresh address for every request.
    for n in range(2):
        response = submit(consultation, remote="198.51.100.9", forwarded=f"203.0.113.{n}")
        assert response.status_code == 201
    refused = submit(consultation, remote="198.51.100.9", forwarded="203.0.113.99")
    assert refused.status_code == 429
    assert Submission.objects.count() == 2


def test_without_trusted_proxies_everyone_behind_a_proxy_shares_its_address(settings, consultation):
    settings.CWG_RATE_LIMIT_PER_MINUTE = 2
    settings.CWG_TRUSTED_PROXIES = ()
    for n in range(2):
        assert submit(consultation, remote=PROXY, forwarded=f"203.0.113.{n}").status_code == 201
    assert submit(consultation, remote=PROXY, forwarded="203.0.113.7").status_code == 429
