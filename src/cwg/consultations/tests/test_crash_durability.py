"""A server killed (SIGKILL) in the middle of a burst of submissions loses no receipt it gave.

The platform runs under gunicorn (2 workers x 4 threads) on a database of its own, SQLite or
PostgreSQL; clients send JSON submissions and, one in three, a multipart one with a file. Once
enough receipts are out the whole server is killed with SIGKILL. Then every receipt a client
received is a stored row, every row is whole (its answers, its audit event, its file on disk
with the right checksum), and the only files that no row references are leftovers of the
requests in flight, which `cwg files sweep` removes.
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
from pathlib import Path

import pytest

from cwg.testing.servers import (
    ROOT,
    Burst,
    consultation_state_script,
    free_port,
    last_json_line,
    manage,
    open_consultation_script,
    postgres_database,
    start_gunicorn,
    wait_ready,
)

pytestmark = pytest.mark.slow

HOST = "127.0.0.1"
PORTS = range(8250, 8300)
SLUG = "crash-burst"
CONCURRENCY = 12
KILL_AFTER_RECEIPTS = 150
TIME_CAP_SECONDS = 60

SETUP = open_consultation_script(SLUG, "cwg-crash", "CWG-CRASH", "Crash")

INSPECT = consultation_state_script(
    SLUG,
    """
attachments = {}
for a in Attachment.objects.select_related("submission"):
    path = default_storage.path(a.file.name)
    try:
        data = open(path, "rb").read()
        whole = hashlib.sha256(data).hexdigest() == a.sha256 and len(data) == a.size
    except FileNotFoundError:
        whole = False
    attachments.setdefault(a.submission.receipt, []).append(whole)
""",
)


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_receipts_survive_a_sigkill_mid_burst(engine):
    workdir = Path(tempfile.mkdtemp(prefix="cwg-crash-"))
    drop = None
    if engine == "sqlite":
        database_url = f"sqlite:///{workdir / 'crash.sqlite3'}"
    else:
        database_url, drop = postgres_database("crash")
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
        manage(env, "migrate", "-v0")
        manage(env, "shell", "-c", SETUP)
        port = free_port(PORTS, HOST)
        server = start_gunicorn(env, HOST, port)
        wait_ready(HOST, port, f"/api/v1/consultations/{SLUG}", server)
        burst = Burst([(HOST, port)], SLUG, concurrency=CONCURRENCY)
        threads = burst.start()
        deadline = time.time() + TIME_CAP_SECONDS
        while len(burst.receipts) < KILL_AFTER_RECEIPTS and time.time() < deadline:
            time.sleep(0.02)
        # Kill the master and its workers at once, in the middle of their requests.
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        time.sleep(0.5)
        burst.finish(threads)

        state = last_json_line(manage(env, "shell", "-c", INSPECT))
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
        swept = manage(env, "files", "sweep")
        assert f"removed {len(state['orphans'])} orphan files" in swept
    finally:
        if drop is not None:
            drop()
