"""The per-client rate limit counted in Redis is shared by every server process."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
import redis
from django.core.cache.backends.redis import RedisCache

from cwg.testing.redis import require_redis


@pytest.fixture
def redis_url() -> str:
    return require_redis()


# One server process: counts `count` submissions of `client` at instant `now`, prints how many
# the limit let through.
_SERVER_PROCESS = """
import sys, django
django.setup()
from cwg.consultations import intake
client, now, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
allowed = 0
for _ in range(count):
    try:
        intake.check_rate_limit(client, now=now)
    except intake.LimitExceeded:
        continue
    allowed += 1
print(allowed)
"""


def _server_processes(
    client: str, now: float, counts: list[int], limit: int, redis_url: str
) -> list[int]:
    """Runs one OS process per count, all at once, each with its own Redis client."""
    env = {
        **os.environ,
        "CWG_REDIS_URL": redis_url,
        "CWG_RATE_LIMIT_PER_MINUTE": str(limit),
        "DJANGO_SETTINGS_MODULE": "cwg.settings",
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _SERVER_PROCESS, client, str(now), str(count)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for count in counts
    ]
    allowed = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        allowed.append(int(out.strip()))
    return allowed


def test_two_processes_share_one_count(redis_url):
    """Two server processes, 5 submissions each, limit 6: exactly 6 get through in all."""
    client = f"198.51.100.8-{uuid.uuid4().hex}"
    allowed = _server_processes(client, 1_800_000_000.0, [5, 5], limit=6, redis_url=redis_url)
    assert sum(allowed) == 6, allowed
    # The same two processes without Redis each count alone: all 10 get through.
    assert _server_processes(client, 1_800_000_000.0, [5, 5], limit=6, redis_url="") == [5, 5]


def test_a_new_client_per_request_still_shares_the_count(redis_url):
    """Four processes of one request each (each its own Redis client), limit 3: one is refused;
    the next minute starts a new count, which expires by itself."""
    client = f"198.51.100.7-{uuid.uuid4().hex}"
    now = 1_800_000_000.0
    assert sorted(_server_processes(client, now, [1, 1, 1, 1], 3, redis_url)) == [0, 1, 1, 1]
    assert _server_processes(client, now + 60, [1], 3, redis_url) == [1]
    key = f"cwg:rate:submit:{client}:{int((now + 60) // 60)}"
    assert 0 < redis.Redis.from_url(redis_url).ttl(key) <= 70


def test_cwg_redis_url_gives_a_working_shared_cache(redis_url):
    key = f"cwg:test:{uuid.uuid4().hex}"
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.core.cache import cache; "
        f"cache.set({key!r}, 'stored', 30); "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    env = {**os.environ, "CWG_REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "cwg.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
    # Seen from this process, through a cache client of its own.
    assert RedisCache(redis_url, {}).get(key) == "stored"
