"""A server killed (SIGKILL) in the middle of a burst of submissions loses no receipt it gave.

The platform runs under gunicorn (2 workers x 4 threads) on a database of its own, SQLite or
PostgreSQL; clients send JSON submissions and, one in three, a multipart one with a file. Once
enough receipts are out the whole server is killed with SIGKILL. Then every receipt a client
received is a stored row, every row is whole (its answers, its audit event, its file on disk
with the right checksum), and the only files that no row references are leftovers of the
requests in flight, which `cwg files sweep` removes.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[4]
HOST = "127.0.0.1"
PORTS = range(8250, 8300)
SLUG = "crash-burst"
CONCURRENCY = 12
KILL_AFTER_RECEIPTS = 150
TIME_CAP_SECONDS = 60

SETUP = f"""
import datetime as dt
from django.utils import timezone
from cwg.testing.factories import GroupFactory
from cwg.testing.personas import build_personas
from cwg.consultations import services
group = GroupFactory(slug="cwg-crash", symbol_prefix="CWG-CRASH")
personas = build_personas(group)
now = timezone.now()
c = services.create_consultation(
    personas.secretariat, group=group, slug={SLUG!r}, topic={{"en": "Crash"}},
    languages=["en"], questions=[{{"text": {{"en": "Question one"}}}}],
    opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1),
)
services.transition(personas.secretariat, c, "open")
"""

INSPECT = f"""
import hashlib, json
from django.core.files.storage import default_storage
from cwg.consultations.models import Attachment, Submission
from cwg.core import files
from cwg.core.models import AuditEvent
rows = list(Submission.objects.filter(consultation__slug={SLUG!r}).values("pk", "receipt", "name", "answers"))
attachments = {{}}
for a in Attachment.objects.select_related("submission"):
    path = default_storage.path(a.file.name)
    try:
        data = open(path, "rb").read()
        whole = hashlib.sha256(data).hexdigest() == a.sha256 and len(data) == a.size
    except FileNotFoundError:
        whole = False
    attachments.setdefault(a.submission.receipt, []).append(whole)
covered = []
for object_id in AuditEvent.objects.filter(action="consultation.submission.create").values_list(
    "object_id", flat=True
):
    first, _, last = object_id.partition("-")
    covered.append((int(first), int(last or first)))
print(json.dumps({{
    "rows": rows,
    "attachments": attachments,
    "covered": covered,
    "orphans": [o.name for o in files.orphans(older_than=0)],
}}))
"""


def _free_port() -> int:
    # Each pytest-xdist worker starts from its own part of the range, so that two of them
    # cannot both find the same port free before either server has bound it.
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    start = (worker * 10) % len(PORTS)
    for port in [*PORTS[start:], *PORTS[:start]]:
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 8250-8299")


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "cwg", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _postgres_database(name: str):
    """A fresh PostgreSQL database beside the test run's own, or a skip without PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("PostgreSQL is not configured (DATABASE_URL)")
    import psycopg

    base, _, dbname = url.rpartition("/")
    target = f"{dbname.split('?')[0]}_{name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}"')

    def drop():
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')

    return f"{base}/{target}", drop


class Burst:
    """Clients sending submissions until told to stop; they keep the receipts they get."""

    def __init__(self, port: int):
        self.port = port
        self.counter = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.receipts: dict[str, bool] = {}  # receipt -> sent with a file
        self.errors = 0
        self.statuses: dict[int, int] = {}

    def _next(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def _send(self, conn, number: int) -> tuple[int, bytes, bool]:
        answers = {"1": f"Answer {number}: local content and exchange points."}
        with_file = number % 3 == 0
        if not with_file:
            body = json.dumps(
                {"name": f"Respondent {number}", "category": "civil_society", "country": "FRA",
                 "language": "en", "consent_to_publication": True, "answers": answers}
            ).encode()  # fmt: skip
            headers = {"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex}
        else:
            boundary = uuid.uuid4().hex
            text = f"Annex of respondent {number}\n".encode() * 2000
            fields = {"name": f"Respondent {number}", "category": "academia", "country": "BRA",
                      "language": "en", "answers": json.dumps(answers)}  # fmt: skip
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
                for key, value in fields.items()
            ]
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
                f'filename="annex-{number}.txt"\r\nContent-Type: text/plain\r\n\r\n'.encode()
                + text
                + b"\r\n"
            )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        conn.request("POST", f"/api/v1/consultations/{SLUG}/submissions", body=body,
                     headers=headers)  # fmt: skip
        response = conn.getresponse()
        return response.status, response.read(), with_file

    def _client(self) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=20)
        while not self.stop.is_set():
            try:
                status, payload, with_file = self._send(conn, self._next())
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.errors += 1
                conn.close()
                time.sleep(0.05)
                conn = http.client.HTTPConnection(HOST, self.port, timeout=20)
                continue
            with self.lock:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status == 201:
                    self.receipts[json.loads(payload)["receipt"]] = with_file
        conn.close()

    def start(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._client, daemon=True) for _ in range(CONCURRENCY)]
        for thread in threads:
            thread.start()
        return threads


def _wait_ready(port: int, server: subprocess.Popen) -> None:
    deadline = time.time() + 90
    while time.time() < deadline:
        assert server.poll() is None, "the server stopped before answering"
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", f"/api/v1/consultations/{SLUG}")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the server did not answer in time")


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_receipts_survive_a_sigkill_mid_burst(engine):
    workdir = Path(tempfile.mkdtemp(prefix="cwg-crash-"))
    drop = None
    if engine == "sqlite":
        database_url = f"sqlite:///{workdir / 'crash.sqlite3'}"
    else:
        database_url, drop = _postgres_database("crash")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CWG_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_SETTINGS_MODULE": "cwg.settings",
        "DJANGO_DEBUG": "0",
        "CWG_RATE_LIMIT_PER_MINUTE": str(10**9),
        "CWG_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "CWG_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("CWG_REDIS_URL", None)
    server = None
    try:
        _manage(env, "migrate", "-v0")
        _manage(env, "shell", "-c", SETUP)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "cwg.wsgi:application", "--workers", "2",
             "--threads", "4", "--worker-class", "gthread", "--bind", f"{HOST}:{port}",
             "--log-level", "critical"],
            cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_ready(port, server)
        burst = Burst(port)
        threads = burst.start()
        deadline = time.time() + TIME_CAP_SECONDS
        while len(burst.receipts) < KILL_AFTER_RECEIPTS and time.time() < deadline:
            time.sleep(0.02)
        # Kill the master and its workers at once, in the middle of their requests.
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        time.sleep(0.5)
        burst.stop.set()
        for thread in threads:
            thread.join(timeout=30)

        state = json.loads(_manage(env, "shell", "-c", INSPECT).strip().splitlines()[-1])
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)

    try:
        received = burst.receipts
        rows = {row["receipt"]: row for row in state["rows"]}
        print(
            f"{engine}: {len(received)} receipts, {len(rows)} rows, "
            f"{burst.errors} client errors after the kill, {len(state['orphans'])} orphan files"
        )
        assert len(received) >= KILL_AFTER_RECEIPTS // 2, (burst.statuses, burst.errors)
        assert set(burst.statuses) <= {201}, burst.statuses
        # Every receipt a client received is a stored row ...
        assert set(received) <= set(rows), set(received) - set(rows)
        # ... and rows beyond them are only the requests in flight when the server died.
        assert len(rows) - len(received) <= CONCURRENCY
        # Every row is whole: its answers, its audit event, its file complete on disk.
        for receipt, row in rows.items():
            assert row["answers"], receipt
            assert any(first <= row["pk"] <= last for first, last in state["covered"]), receipt
            number = int(row["name"].rsplit(" ", 1)[1])
            expected = [True] if number % 3 == 0 else []
            assert state["attachments"].get(receipt, []) == expected, receipt
        # Files no row references are leftovers of the requests cut short, for the sweep.
        assert len(state["orphans"]) <= 2 * CONCURRENCY, state["orphans"]
        media = workdir / "media"
        for name in state["orphans"]:
            os.utime(media / name, (time.time() - 7200, time.time() - 7200))
        swept = _manage(env, "files", "sweep")
        assert f"removed {len(state['orphans'])} orphan files" in swept
    finally:
        if drop is not None:
            drop()
