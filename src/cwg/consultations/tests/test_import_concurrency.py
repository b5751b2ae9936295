"""Imports of many responses at once: batches of audit events that chain, from several processes."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from cwg.consultations import imports
from cwg.consultations.models import Submission
from cwg.consultations.tests.conftest import make_consultation, payload
from cwg.core import rows
from cwg.core.audit import verify_chain
from cwg.core.models import AuditChainHead, AuditEvent
from cwg.testing.concurrency import database_url_of_this_test, run_together

IMPORT_ACTION = "consultation.submission.import"


def _lines(prefix: str, count: int) -> list[str]:
    return [json.dumps(payload(name=f"{prefix} {i}")) for i in range(count)]


def _verify_audit() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def _assert_one_event_per_response(consultation) -> None:
    stored = dict(Submission.objects.filter(consultation=consultation).values_list("pk", "receipt"))
    events = list(
        AuditEvent.objects.filter(action=IMPORT_ACTION).values_list("object_id", flat=True)
    )
    assert sorted(events) == sorted(str(pk) for pk in stored)
    assert len(set(stored.values())) == len(stored)


@pytest.mark.django_db
def test_a_large_import_writes_its_events_in_batches_and_the_chain_verifies(personas, monkeypatch):
    c = make_consultation(personas)
    monkeypatch.setattr(imports, "BATCH", 300)
    count = 2 * 300 + 57  # batches larger than COPY_FROM, and a short last one
    assert rows.COPY_FROM <= 300
    result = imports.import_responses(personas.secretariat, c, _lines("Letter", count))
    assert result.imported == count
    _assert_one_event_per_response(c)
    events = list(AuditEvent.objects.order_by("id"))
    assert [e.previous_hash for e in events[1:]] == [e.entry_hash for e in events[:-1]]
    head = AuditChainHead.objects.get()
    assert (head.event_id, head.entry_hash, head.event_count) == (
        events[-1].pk,
        events[-1].entry_hash,
        len(events),
    )
    assert verify_chain() == (len(events), None)
    assert f"{len(events)} audit entries checked; chain intact" in _verify_audit()


@pytest.mark.django_db
def test_a_bad_line_after_large_batches_leaves_no_response_and_no_event(personas, monkeypatch):
    c = make_consultation(personas)
    monkeypatch.setattr(imports, "BATCH", 250)
    events_before = AuditEvent.objects.count()
    lines = [*_lines("Letter", 600), '{"name": ""}']
    with pytest.raises(imports.InvalidInput, match="line 601: name is required"):
        imports.import_responses(personas.secretariat, c, lines)
    assert not Submission.objects.filter(consultation=c).exists()
    assert AuditEvent.objects.count() == events_before
    assert verify_chain() == (events_before, None)


# Several imports into one consultation at once ---------------------------------------------------

THREADS = 3
PROCESSES = 2
PER_IMPORT = 450  # more than COPY_FROM: the batched path, in two batches each

# Each process sets Django up, says "ready", waits for "go", then imports its lines.
_WORKER = """
import json, sys
import django
django.setup()
from cwg.consultations import imports
from cwg.consultations.models import Consultation
from cwg.registry.models import Person
imports.BATCH = 300
consultation = Consultation.objects.select_related("group").get(slug=sys.argv[1])
actor = Person.objects.get(username="secretariat")
lines = [line for line in sys.stdin.readline().split("\\x1e") if line]
print("ready", flush=True)
sys.stdin.readline()
result = imports.import_responses(actor, consultation, lines, scan=False)
print("done", result.imported, flush=True)
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    os.environ.get("CWG_SKIP_PROCESS_TESTS") == "1", reason="process tests switched off"
)
def test_imports_from_threads_and_processes_into_one_consultation_chain_once_each(personas):
    if connection.vendor != "postgresql":
        pytest.skip("several writers at once are tried on PostgreSQL")
    c = make_consultation(personas)
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_this_test(),
        "DJANGO_SETTINGS_MODULE": "cwg.settings",
    }
    workers = []
    for p in range(PROCESSES):
        worker = subprocess.Popen(
            [sys.executable, "-c", _WORKER, c.slug],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        worker.stdin.write("\x1e".join(_lines(f"Process {p}", PER_IMPORT)) + "\n")
        worker.stdin.flush()
        workers.append(worker)
    for worker in workers:
        line = worker.stdout.readline().strip()
        assert line == "ready", worker.stderr.read()
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()

    def work(i):
        return imports.import_responses(
            personas.secretariat, c, _lines(f"Thread {i}", PER_IMPORT), scan=False
        ).imported

    results, errors = run_together(work, THREADS, timeout=300)
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0 and out.strip() == f"done {PER_IMPORT}", err
    assert errors == [None] * THREADS, errors
    assert results == [PER_IMPORT] * THREADS
    total = (THREADS + PROCESSES) * PER_IMPORT
    assert Submission.objects.filter(consultation=c).count() == total
    names = set(Submission.objects.filter(consultation=c).values_list("name", flat=True))
    assert len(names) == total  # every line of every import, once
    _assert_one_event_per_response(c)
    # Each import's events follow one another in the chain: imports took their turns on its head.
    chain = list(
        AuditEvent.objects.filter(action=IMPORT_ACTION)
        .order_by("id")
        .values_list("object_id", flat=True)
    )
    importer = dict(Submission.objects.filter(consultation=c).values_list("pk", "name"))
    runs = [importer[int(pk)].rsplit(" ", 1)[0] for pk in chain]
    changes = sum(a != b for a, b in itertools.pairwise(runs))
    assert changes == THREADS + PROCESSES - 1
    checked, broken = verify_chain()
    assert broken is None and checked == AuditEvent.objects.count()
    assert f"{checked} audit entries checked; chain intact" in _verify_audit()
