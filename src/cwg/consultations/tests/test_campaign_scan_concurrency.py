"""Concurrent arrivals on PostgreSQL: every submission is scanned, and scanned once.

Submissions arrive from threads of one process (sharing its cache) and from separate processes
(sharing Redis); each arrival queues or joins a scan, which runs in the arriving thread (the
immediate task backend). When all have returned, the detector has read every stored submission
and the scans' counts add up to the number stored: none skipped, none scanned twice.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

from cwg.consultations import services
from cwg.consultations.models import CampaignDetectorState, CampaignJob, JobKind, Submission
from cwg.consultations.tests.conftest import (
    LETTER,
    make_consultation,
    needs_campaign_engine,
    payload,
)
from cwg.testing.redis import require_redis

SRC = Path(__file__).resolve().parents[3]

pytestmark = [
    # serialized_rollback like every other transactional test (see test_ingest.py).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    needs_campaign_engine,
]


def _on_postgres() -> bool:
    # Decided before the test database is set up, so a skipped test does not flush it.
    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))


def _everything_scanned_once(consultation) -> None:
    stored = Submission.objects.filter(consultation=consultation)
    state = CampaignDetectorState.objects.get(consultation=consultation)
    assert state.last_submission_id == stored.latest("id").id
    scanned = sum(
        CampaignJob.objects.filter(consultation=consultation, kind=JobKind.INCREMENTAL).values_list(
            "processed", flat=True
        )
    )
    assert scanned == stored.count()


@pytest.mark.skipif(not _on_postgres(), reason="concurrent writers need PostgreSQL")
def test_arrivals_from_threads_are_each_scanned_once(personas):
    consultation = make_consultation(personas)
    barrier = threading.Barrier(6)
    errors = []

    def send(worker: int) -> None:
        try:
            barrier.wait(timeout=20)
            for i in range(4):
                services.submit(
                    None,
                    consultation,
                    payload(name=f"T{worker}-{i}", answers={"1": f"{LETTER} From {worker}-{i}."}),
                )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert Submission.objects.filter(consultation=consultation).count() == 24
    _everything_scanned_once(consultation)


SENDER = r"""
import json, sys
import django
django.setup()
from cwg.consultations import services
from cwg.consultations.models import Consultation
args = json.loads(sys.argv[1])
consultation = Consultation.objects.get(pk=args["consultation"])
for i in range(args["count"]):
    text = f"{args['letter']} From process {args['worker']}, {i}."
    services.submit(None, consultation, {
        "name": f"P{args['worker']}-{i}", "organisation": "", "category": "civil_society",
        "country": "FRA", "language": "en", "consent_to_publication": True,
        "answers": {"1": text},
    })
"""


@pytest.mark.skipif(not _on_postgres(), reason="concurrent writers need PostgreSQL")
def test_arrivals_from_processes_are_each_scanned_once(personas):
    redis_url = require_redis()  # the shared scan lock
    consultation = make_consultation(personas)
    from django.core.cache.backends.redis import RedisCache

    # A run killed earlier may have left a lock for a consultation of the same id.
    shared = RedisCache(redis_url, {})
    for key in ("cwg:campaign-scan", "cwg:campaign-scan-running"):
        shared.delete(f"{key}:{consultation.pk}")
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    env = dict(os.environ, PYTHONPATH=str(SRC), DATABASE_URL=url, CWG_REDIS_URL=redis_url)
    env.pop("CWG_TASKS_BACKEND", None)
    senders = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                SENDER,
                json.dumps(
                    {"consultation": consultation.pk, "count": 5, "worker": w, "letter": LETTER}
                ),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(3)
    ]
    for sender in senders:
        _, stderr = sender.communicate(timeout=300)
        assert sender.returncode == 0, stderr[-2000:]
    assert Submission.objects.filter(consultation=consultation).count() == 15
    _everything_scanned_once(consultation)
