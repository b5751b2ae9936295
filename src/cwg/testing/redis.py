"""Redis for the tests that need a shared server: a skip on a laptop without it, a failure where
it is required (CI=true, or CWG_REQUIRE_REDIS set, as .ci/run does)."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import pytest

TEST_URL = os.environ.get("CWG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
HOST, PORT = urlsplit(TEST_URL).hostname or "127.0.0.1", urlsplit(TEST_URL).port or 6379


def reachable() -> bool:
    try:
        with socket.create_connection((HOST, PORT), timeout=1):
            return True
    except OSError:
        return False


def required() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1"} or bool(
        os.environ.get("CWG_REQUIRE_REDIS")
    )


def require_redis() -> str:
    """The URL of the tests' Redis database; skips without Redis, or fails where it is required."""
    if reachable():
        return TEST_URL
    message = f"Redis is not reachable on {HOST}:{PORT}"
    if required():
        pytest.fail(f"{message}, and this run requires it (CI or CWG_REQUIRE_REDIS)")
    pytest.skip(message)
