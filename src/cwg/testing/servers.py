"""Real server processes for the tests that kill, share and spread them: gunicorn, workers, clients."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def manage(env: dict, *args: str, timeout: float = 300) -> str:
    """Run `cwg ARGS` in a process of its own with `env`; its stdout, or a failed assertion."""
    result = subprocess.run(
        [sys.executable, "-m", "cwg", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def open_consultation_script(slug: str, group_slug: str, symbol_prefix: str, topic: str) -> str:
    """A `cwg shell -c` script: a group with its personas and an open one-question consultation."""
    return f"""
import datetime as dt
from django.utils import timezone
from cwg.testing.factories import GroupFactory
from cwg.testing.personas import build_personas
from cwg.consultations import services
group = GroupFactory(slug={group_slug!r}, symbol_prefix={symbol_prefix!r})
personas = build_personas(group)
now = timezone.now()
c = services.create_consultation(
    personas.secretariat, group=group, slug={slug!r}, topic={{"en": {topic!r}}},
    languages=["en"], questions=[{{"text": {{"en": "Question one"}}}}],
    opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1),
)
services.transition(personas.secretariat, c, "open")
"""


def consultation_state_script(slug: str, attachments: str) -> str:
    """A `cwg shell -c` script printing a consultation's rows, audit coverage, orphans and files.

    `attachments` is the script's code that sets `attachments` (what each test checks of the files
    differs: bytes on disk, or names to fetch from object storage).
    """
    return f"""
import hashlib, json
from django.core.files.storage import default_storage
from cwg.consultations.models import Attachment, Submission
from cwg.core import files
from cwg.core.models import AuditEvent
rows = list(Submission.objects.filter(consultation__slug={slug!r}).values("pk", "receipt", "name", "answers"))
{attachments}
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


def last_json_line(output: str):
    """The JSON a `cwg shell -c` script printed last (warnings may come before it)."""
    return json.loads(output.strip().splitlines()[-1])


def free_port(ports: range, host: str = "127.0.0.1") -> int:
    """A port of `ports` nobody listens on; each pytest-xdist worker starts from its own part."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    start = (worker * 10) % len(ports)
    for port in [*ports[start:], *ports[:start]]:
        with socket.socket() as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    pytest.skip(f"no free port in {ports.start}-{ports.stop - 1}")


def postgres_database(name: str):
    """A fresh PostgreSQL database beside the test run's own and its dropper, or a skip."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("PostgreSQL is not configured (DATABASE_URL)")
    import psycopg

    base, _, dbname = url.rpartition("/")
    target = f"{dbname.split('?')[0]}_{name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{target}"')

    def drop():
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')

    return f"{base}/{target}", drop


def gunicorn_command(
    bind: str, *, workers: int = 2, threads: int = 4, log_level: str = "critical", extra=()
) -> list[str]:
    """The app under gunicorn as deployed (docs/deploy.md): threaded sync workers."""
    return [sys.executable, "-m", "gunicorn", "cwg.wsgi:application", "--workers", str(workers),
            "--threads", str(threads), "--worker-class", "gthread", "--bind", bind,
            "--log-level", log_level, *extra]  # fmt: skip


def start_gunicorn(
    env: dict, host: str, port: int, *, prefix=(), log: Path | None = None
) -> subprocess.Popen:
    """gunicorn in a session of its own, so that os.killpg reaches the master and its workers.

    `prefix` runs it through another command first (`ip netns exec NAME`, say); its output goes
    to `log`, if given, for the failure message of a test.
    """
    sink = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (the child keeps it)
    try:
        return subprocess.Popen(
            [*prefix, *gunicorn_command(f"{host}:{port}")], cwd=ROOT, env=env,
            start_new_session=True, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    finally:
        if log:
            sink.close()


def wait_ready(host: str, port: int, path: str, server: subprocess.Popen, timeout=90) -> None:
    """Wait until GET `path` answers 200; fail if the server stops first."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        assert server.poll() is None, "the server stopped before answering"
        try:
            conn = http.client.HTTPConnection(host, port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"the server at {host}:{port} did not answer in time")


class Burst:
    """Clients sending submissions to `targets` until told to stop; they keep their receipts.

    Client i talks to targets[i % len(targets)]. One submission in three is multipart with a
    text file; `extra_headers(number)` adds headers to submission `number` (a forwarded client
    address, say).
    """

    def __init__(
        self,
        targets: list[tuple[str, int]],
        slug: str,
        *,
        concurrency: int = 12,
        extra_headers: Callable[[int], dict] | None = None,
    ):
        self.targets = targets
        self.slug = slug
        self.concurrency = concurrency
        self.extra_headers = extra_headers or (lambda number: {})
        self.counter = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.receipts: dict[str, bool] = {}  # receipt -> sent with a file
        self.receipts_by_target: dict[tuple[str, int], int] = {}
        self.errors = 0
        self.statuses: dict[int, int] = {}

    @staticmethod
    def with_file(number: int) -> bool:
        return number % 3 == 0

    @staticmethod
    def file_content(number: int) -> bytes:
        return f"Annex of respondent {number}\n".encode() * 2000

    def _next(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def _send(self, conn, number: int) -> tuple[int, bytes, bool]:
        answers = {"1": f"Answer {number}: local content and exchange points."}
        with_file = self.with_file(number)
        if not with_file:
            body = json.dumps(
                {"name": f"Respondent {number}", "category": "civil_society", "country": "FRA",
                 "language": "en", "consent_to_publication": True, "answers": answers}
            ).encode()  # fmt: skip
            headers = {"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex}
        else:
            boundary = uuid.uuid4().hex
            fields = {"name": f"Respondent {number}", "category": "academia", "country": "BRA",
                      "language": "en", "answers": json.dumps(answers)}  # fmt: skip
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
                for key, value in fields.items()
            ]
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
                f'filename="annex-{number}.txt"\r\nContent-Type: text/plain\r\n\r\n'.encode()
                + self.file_content(number)
                + b"\r\n"
            )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        headers.update(self.extra_headers(number))
        conn.request("POST", f"/api/v1/consultations/{self.slug}/submissions", body=body,
                     headers=headers)  # fmt: skip
        response = conn.getresponse()
        return response.status, response.read(), with_file

    def _client(self, target: tuple[str, int]) -> None:
        conn = http.client.HTTPConnection(*target, timeout=20)
        while not self.stop.is_set():
            try:
                status, payload, with_file = self._send(conn, self._next())
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.errors += 1
                conn.close()
                time.sleep(0.05)
                conn = http.client.HTTPConnection(*target, timeout=20)
                continue
            with self.lock:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status == 201:
                    self.receipts[json.loads(payload)["receipt"]] = with_file
                    self.receipts_by_target[target] = self.receipts_by_target.get(target, 0) + 1
        conn.close()

    def start(self) -> list[threading.Thread]:
        threads = [
            threading.Thread(
                target=self._client, args=(self.targets[i % len(self.targets)],), daemon=True
            )
            for i in range(self.concurrency)
        ]
        for thread in threads:
            thread.start()
        return threads

    def finish(self, threads: list[threading.Thread]) -> None:
        self.stop.set()
        for thread in threads:
            thread.join(timeout=30)
