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


# Where CI provides Redis (CI=true) an unreachable server is a failure, not a silent skip.
if os.environ.get("CI", "").lower() == "true":
    pytestmark = []

    @pytest.fixture(autouse=True)
    def _redis_is_required():
        assert _redis_reachable(), "CI=true but Redis is not reachable on 127.0.0.1:6379"

else:
    pytestmark = pytest.mark.skipif(not _redis_reachable(), reason="Redis is not running on 6379")

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
    client: str, now: float, counts: list[int], limit: int, redis_url: str = REDIS_URL
) -> list[int]:
    """Runs one OS process per count, all at once, each with its own Redis client."""
    import subprocess
    import sys

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


def _process_cache() -> RedisCache:
    """A cache client of its own, as another server process would have."""
    return RedisCache(REDIS_URL, {})


def test_two_processes_share_one_count():
    """Two server processes, 5 submissions each, limit 6: exactly 6 get through in all."""
    client = f"198.51.100.8-{uuid.uuid4().hex}"
    allowed = _server_processes(client, 1_800_000_000.0, [5, 5], limit=6)
    assert sum(allowed) == 6, allowed
    # The same two processes without Redis each count alone: all 10 get through.
    assert _server_processes(client, 1_800_000_000.0, [5, 5], limit=6, redis_url="") == [5, 5]


def test_a_new_client_per_request_still_shares_the_count(settings):
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
