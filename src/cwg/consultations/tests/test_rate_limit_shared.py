"""The per-client rate limit counted in Redis is shared by every server process."""

from __future__ import annotations

import os
import socket
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache

from cwg.consultations import intake

REDIS_URL = os.environ.get("CWG_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_reachable(), reason="Redis is not running on 6379")


def _process_cache() -> RedisCache:
    """A cache client of its own, as another server process would have."""
    return RedisCache(REDIS_URL, {})


def test_two_processes_share_one_count(settings):
    settings.CWG_RATE_LIMIT_PER_MINUTE = 3
    settings.CWG_REDIS_URL = REDIS_URL
    client = f"198.51.100.7-{uuid.uuid4().hex}"
    now = 1_800_000_000.0
    try:
        for _ in range(3):
            intake._redis.cache_clear()  # each request from a process with its own client
            intake.check_rate_limit(client, now=now)
        intake._redis.cache_clear()
        with pytest.raises(intake.LimitExceeded):
            intake.check_rate_limit(client, now=now)
        # The next minute starts a new count, which expires by itself.
        intake.check_rate_limit(client, now=now + 60)
        key = f"cwg:rate:submit:{client}:{int((now + 60) // 60)}"
        assert 0 < intake._redis(REDIS_URL).ttl(key) <= 70
    finally:
        intake._redis.cache_clear()


def test_cwg_redis_url_gives_a_working_shared_cache():
    import subprocess
    import sys

    key = f"cwg:test:{uuid.uuid4().hex}"
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.core.cache import cache; "
        f"cache.set({key!r}, 'stored', 30); "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    env = {**os.environ, "CWG_REDIS_URL": REDIS_URL, "DJANGO_SETTINGS_MODULE": "cwg.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
    assert _process_cache().get(key) == "stored"  # seen from another process
