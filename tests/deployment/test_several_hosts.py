"""Two app hosts share PostgreSQL, Redis and the object store; one dies mid-burst, nothing is lost.

Each host is a network namespace of its own (reached over a veth pair and a bridge, not the
loopback) running gunicorn with the app. They share one PostgreSQL database and Redis (relayed
from the root namespace's 127.0.0.1) and an S3 server (moto). The test plays the reverse proxy
(a trusted proxy: it forwards each client's address). First one client sends twice the rate
limit, alternately to both hosts: the limit holds across them. Then a burst of submissions,
one in three with a file, goes to both hosts, and one host is killed with SIGKILL mid-burst.
Every receipt a client received is a whole stored row, every attachment is in the object
store with the right checksum, no file landed on a host's disk, and the audit chain verifies.
"""

from __future__ import annotations

import hashlib
import http.client
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from cwg.testing.netns import HostNetwork, skip_unless_possible
from cwg.testing.servers import (
    ROOT,
    Burst,
    consultation_state_script,
    last_json_line,
    manage,
    open_consultation_script,
    postgres_database,
    start_gunicorn,
    wait_ready,
)

pytestmark = pytest.mark.slow

NETWORK = "10.231.0"
DATABASE_RELAY_PORT = 8351
REDIS_RELAY_PORT = 8352
S3_PORT = 8353
APP_PORT = 8360
SLUG = "two-hosts"
LIMIT = 20  # submissions a minute from one client address
CONCURRENCY = 12
KILL_AFTER_RECEIPTS = 90
TIME_CAP_SECONDS = 40
S3_KEYS = {"CWG_S3_ACCESS_KEY_ID": "cwg-hosts-key", "CWG_S3_SECRET_ACCESS_KEY": "cwg-hosts-secret"}

SETUP = open_consultation_script(SLUG, "cwg-hosts", "CWG-HOSTS", "Hosts")

INSPECT = consultation_state_script(
    SLUG,
    """
attachments = [
    {"receipt": a.submission.receipt, "name": a.file.name, "sha256": a.sha256, "size": a.size}
    for a in Attachment.objects.select_related("submission")
]
""",
)


def _relayed(url: str, address: str) -> str:
    """`url` with its host and port replaced by the relay's `address`."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{netloc[0]}{netloc[1]}{address}"))


def _redis_url() -> str:
    url = os.environ.get("CWG_REDIS_URL", "").strip() or "redis://127.0.0.1:6379/0"
    import redis

    redis.Redis.from_url(url, socket_timeout=5).ping()  # a clear failure when Redis is down
    return url


def _json_submission(name: str, client: str) -> tuple[bytes, dict]:
    body = json.dumps(
        {"name": name, "category": "civil_society", "country": "FRA", "language": "en",
         "consent_to_publication": True, "answers": {"1": f"{name} on local content."}}
    ).encode()  # fmt: skip
    headers = {"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex,
               "X-Forwarded-For": client}  # fmt: skip
    return body, headers


def _send_past_the_limit(hosts: list[tuple[str, int]]) -> tuple[dict, dict[str, int]]:
    """One client sends 2 × LIMIT submissions, alternately to each host, within one minute.

    The limit counts per clock minute: a round that spans two is sent again from a new address.
    """
    receipts: dict[str, int] = {}
    for _round in range(3):
        client = f"198.18.{random.randint(0, 255)}.{random.randint(1, 254)}"
        statuses: dict[tuple[str, int], list[int]] = {host: [] for host in hosts}
        started = time.time()
        for number in range(2 * LIMIT):
            host = hosts[number % len(hosts)]
            body, headers = _json_submission(f"Limit {number}", client)
            # A connection per request: an idle kept-alive one may be closed by the host meanwhile.
            conn = http.client.HTTPConnection(*host, timeout=20)
            conn.request(
                "POST", f"/api/v1/consultations/{SLUG}/submissions", body=body, headers=headers
            )
            response = conn.getresponse()
            payload = response.read()
            conn.close()
            statuses[host].append(response.status)
            if response.status == 201:
                receipts[json.loads(payload)["receipt"]] = number
        if int(started // 60) == int(time.time() // 60):
            break
    return statuses, receipts


def _forwarded_client(number: int) -> dict:
    # A client address of its own for each submission of the burst: none meets the limit.
    return {"X-Forwarded-For": f"198.19.{number // 250 % 256}.{number % 250 + 1}"}


def test_two_hosts_lose_nothing_when_one_is_killed_mid_burst():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("several hosts share one database server: needs PostgreSQL (DATABASE_URL)")
    skip_unless_possible()
    import boto3

    redis_url = _redis_url()
    workdir = Path(tempfile.mkdtemp(prefix="cwg-hosts-"))
    database_url, drop = postgres_database("hosts")
    network = None
    s3_server = None
    hosts: list[subprocess.Popen] = []
    try:
        network = HostNetwork(NETWORK)
        database = urlsplit(database_url)
        redis = urlsplit(redis_url)
        database_relay = network.relay(
            DATABASE_RELAY_PORT, database.hostname, database.port or 5432
        )
        redis_relay = network.relay(REDIS_RELAY_PORT, redis.hostname, redis.port or 6379)
        s3_server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", network.gateway, "-p", str(S3_PORT)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        endpoint = f"http://{network.gateway}:{S3_PORT}"
        bucket = f"cwg-hosts-{uuid.uuid4().hex[:12]}"
        s3 = boto3.client(
            "s3", endpoint_url=endpoint, region_name="us-east-1",
            aws_access_key_id=S3_KEYS["CWG_S3_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_KEYS["CWG_S3_SECRET_ACCESS_KEY"],
        )  # fmt: skip
        deadline = time.time() + 30
        while True:
            try:
                s3.create_bucket(Bucket=bucket)
                break
            except Exception:  # the S3 server is still starting
                if time.time() > deadline:
                    raise
                time.sleep(0.3)

        common = {
            **os.environ,
            **S3_KEYS,
            "CWG_STORAGE_URL": f"s3://{bucket}/files",
            "CWG_S3_ENDPOINT_URL": endpoint,
            "CWG_S3_REGION": "us-east-1",
            "CWG_MEDIA_ROOT": str(workdir / "media"),
            "DJANGO_SETTINGS_MODULE": "cwg.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": f"{NETWORK}.2,{NETWORK}.3,127.0.0.1,localhost",
            "CWG_TRUSTED_PROXIES": network.gateway,
            "CWG_RATE_LIMIT_PER_MINUTE": str(LIMIT),
            "CWG_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "CWG_LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT / "src"),
        }
        here = {**common, "DATABASE_URL": database_url, "CWG_REDIS_URL": redis_url}
        on_hosts = {
            **common,
            "DATABASE_URL": _relayed(database_url, database_relay),
            "CWG_REDIS_URL": _relayed(redis_url, redis_relay),
        }
        marks = {"start": time.time()}
        manage(here, "migrate", "-v0")
        marks["migrated"] = time.time()
        manage(here, "shell", "-c", SETUP)

        targets = []
        for index in range(2):
            namespace, address = network.add_host()
            log = workdir / f"host-{index}.log"
            hosts.append(
                start_gunicorn(
                    on_hosts, address, APP_PORT, prefix=network.run_in(namespace), log=log
                )
            )
            targets.append((address, APP_PORT))
        for server, (address, port) in zip(hosts, targets, strict=True):
            wait_ready(address, port, f"/api/v1/consultations/{SLUG}", server)

        # The rate limit is counted in Redis, across both hosts.
        marks["hosts up"] = time.time()
        limited, limit_receipts = _send_past_the_limit(targets)
        marks["limit round"] = time.time()

        burst = Burst(targets, SLUG, concurrency=CONCURRENCY, extra_headers=_forwarded_client)
        threads = burst.start()
        deadline = time.time() + TIME_CAP_SECONDS
        while len(burst.receipts) < KILL_AFTER_RECEIPTS and time.time() < deadline:
            time.sleep(0.02)
        os.killpg(hosts[0].pid, signal.SIGKILL)  # host one dies in the middle of its requests
        hosts[0].wait(timeout=30)
        survivor_before = burst.receipts_by_target.get(targets[1], 0)
        time.sleep(2)  # the other host keeps taking submissions
        survivor_after = burst.receipts_by_target.get(targets[1], 0)
        burst.finish(threads)

        marks["burst"] = time.time()
        state = last_json_line(manage(here, "shell", "-c", INSPECT))
        verified = subprocess.run(
            [sys.executable, "-m", "cwg", "verify-audit"], cwd=ROOT, env=here,
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        stored = {}
        for item in state["attachments"]:
            try:
                data = s3.get_object(Bucket=bucket, Key=f"files/{item['name']}")["Body"].read()
            except s3.exceptions.NoSuchKey:
                data = None
            stored[item["name"]] = data
    finally:
        for server in hosts:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=30)
        if s3_server is not None:
            s3_server.kill()
            s3_server.wait(timeout=30)
        if network is not None:
            network.close()
        drop()

    marks["checked"] = time.time()
    steps = list(marks.items())
    print(
        ", ".join(
            f"{name} {at - before:.1f}s" for (_, before), (name, at) in itertools.pairwise(steps)
        )
    )
    print(
        f"limit phase {limited}; burst: {len(burst.receipts)} receipts "
        f"{burst.receipts_by_target}, {len(state['rows'])} rows, {burst.errors} client errors "
        f"after the kill, {len(state['orphans'])} orphan objects"
    )
    # One client got exactly LIMIT receipts from the two hosts together, then refusals from both.
    statuses = [status for host_statuses in limited.values() for status in host_statuses]
    assert sorted(statuses) == [201] * LIMIT + [429] * LIMIT, limited
    for host_statuses in limited.values():
        assert 201 in host_statuses and 429 in host_statuses, limited
    # Both hosts took part of the burst, and the survivor went on after the kill.
    assert all(burst.receipts_by_target.get(target, 0) > 0 for target in targets)
    assert survivor_after > survivor_before, (survivor_before, survivor_after)
    logs = "".join(log.read_text()[-3000:] for log in sorted(workdir.glob("host-*.log")))
    assert set(burst.statuses) <= {201}, (burst.statuses, logs)

    rows = {row["receipt"]: row for row in state["rows"]}
    received = {**burst.receipts, **dict.fromkeys(limit_receipts, False)}
    # Every receipt a client received is a stored row; the others were in flight at the kill.
    assert set(received) <= set(rows), set(received) - set(rows)
    assert len(rows) - len(received) <= CONCURRENCY
    # No row is half-written: its answers, its audit event, its file whole in the object store.
    by_receipt: dict[str, list[dict]] = {}
    for item in state["attachments"]:
        by_receipt.setdefault(item["receipt"], []).append(item)
    for receipt, row in rows.items():
        assert row["answers"], receipt
        assert any(first <= row["pk"] <= last for first, last in state["covered"]), receipt
        kind, number = row["name"].rsplit(" ", 1)
        expected = 1 if kind == "Respondent" and Burst.with_file(int(number)) else 0
        assert len(by_receipt.get(receipt, [])) == expected, receipt
        for item in by_receipt.get(receipt, []):
            data = stored[item["name"]]
            assert data == Burst.file_content(int(number)), receipt
            assert hashlib.sha256(data).hexdigest() == item["sha256"] and len(data) == item["size"]
    assert not (workdir / "media").exists() or not any((workdir / "media").rglob("*.txt"))
    # Objects no row references are leftovers of the requests cut short, for `cwg files sweep`.
    assert len(state["orphans"]) <= 2 * CONCURRENCY, state["orphans"]
    assert verified.returncode == 0, verified.stdout + verified.stderr
