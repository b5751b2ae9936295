"""The audit chain stays one straight line when threads and separate processes write at once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, connections, transaction

from cwg.core.audit import GENESIS_HASH, record, verify_chain
from cwg.core.models import AuditChainHead, AuditEvent
from cwg.testing.concurrency import database_url_of_this_test

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 8
EVENTS_PER_THREAD = 25
PROCESSES = 2
EVENTS_PER_PROCESS = 100

# Each worker process sets Django up, says "ready", waits for "go" and then appends its events,
# one transaction each, as a gunicorn worker serving requests would.
_WORKER = """
import sys
import django
django.setup()
from django.db import connection, transaction
from cwg.core.audit import record
connection.ensure_connection()
with transaction.atomic():
    pass
print("ready", flush=True)
sys.stdin.readline()
for n in range(int(sys.argv[1])):
    with transaction.atomic():
        record(None, "test.concurrency", object_type="test.process", object_id=n)
print("done", flush=True)
"""


def _forks() -> int:
    """How many entries do not chain onto the entry just before them (0 for a linear chain)."""
    previous, forks = GENESIS_HASH, 0
    for previous_hash, entry_hash in AuditEvent.objects.order_by("id").values_list(
        "previous_hash", "entry_hash"
    ):
        forks += previous_hash != previous
        previous = entry_hash
    return forks


def _write_from_threads(count: int, per_thread: int, go: threading.Event) -> list:
    errors: list = []

    def work(i):
        try:
            go.wait(timeout=60)
            for n in range(per_thread):
                with transaction.atomic():
                    record(None, "test.concurrency", object_type="test.thread", object_id=i * n)
        except Exception as exc:  # collected and asserted on by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    return threads, errors


def _start_processes(count: int) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_this_test(),
        "DJANGO_SETTINGS_MODULE": "cwg.settings",
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(EVENTS_PER_PROCESS)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    for worker in workers:
        line = worker.stdout.readline().strip()
        assert line == "ready", worker.stderr.read()
    return workers


@pytest.fixture
def file_database(tmp_path):
    """An in-memory SQLite test database cannot be shared by threads (its shared-cache table
    locks fail at once instead of waiting) nor by other processes: there the (empty) test
    database is copied into a WAL file database, as production runs it."""
    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        yield
        return
    import sqlite3

    connection.ensure_connection()
    path = tmp_path / "audit.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    # The in-memory database lives as long as its connection: set it aside (closing it would
    # destroy it) so that this thread, too, opens the file; put it back afterwards.
    in_memory = connection.connection
    connection.connection = None
    settings_dict = connection.settings_dict
    original = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = original
        connection.connection = in_memory


def test_threads_append_one_linear_chain(file_database):
    record(None, "test.concurrency", object_type="test.first", object_id=0)  # warm code paths
    go = threading.Event()
    threads, errors = _write_from_threads(THREADS, EVENTS_PER_THREAD, go)
    go.set()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    total = 1 + THREADS * EVENTS_PER_THREAD
    assert AuditEvent.objects.count() == total
    assert _forks() == 0, f"{_forks()} of {total} entries chained onto an old head"
    assert verify_chain() == (total, None)


@pytest.mark.skipif(
    os.environ.get("CWG_SKIP_PROCESS_TESTS") == "1", reason="process tests switched off"
)
def test_threads_and_two_processes_append_one_linear_chain(file_database):
    if connection.vendor != "postgresql" and not Path(connection.settings_dict["NAME"]).exists():
        pytest.skip("the SQLite test database is not a file other processes can open")
    record(None, "test.concurrency", object_type="test.first", object_id=0)
    workers = _start_processes(PROCESSES)
    go = threading.Event()
    threads, errors = _write_from_threads(THREADS, EVENTS_PER_THREAD, go)
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    go.set()
    for thread in threads:
        thread.join(timeout=180)
    for worker in workers:
        out, err = worker.communicate(timeout=180)
        assert worker.returncode == 0 and out.strip() == "done", err
    assert not errors, errors
    total = 1 + THREADS * EVENTS_PER_THREAD + PROCESSES * EVENTS_PER_PROCESS
    assert AuditEvent.objects.count() == total
    assert _forks() == 0, f"{_forks()} of {total} entries chained onto an old head"
    assert verify_chain() == (total, None)


def test_writers_that_find_the_head_missing_recreate_it_once(file_database):
    first = record(None, "test.concurrency", object_type="test.first", object_id=0)
    AuditChainHead.objects.all().delete()  # as a flushed or partly restored database has it
    go = threading.Event()
    threads, errors = _write_from_threads(THREADS, 5, go)
    go.set()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    total = 1 + THREADS * 5
    assert _forks() == 0 and verify_chain() == (total, None)
    head = AuditChainHead.objects.get()
    assert head.event_count == total and head.event_id != first.pk
