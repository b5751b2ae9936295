"""Background tasks run on separate worker processes, each exactly once, with the app's task code.

With `CWG_TASKS_BACKEND=django_tasks_db.DatabaseBackend` the app only puts tasks in a table;
three real `cwg db_worker` processes then share them out (PostgreSQL claims each task with
SELECT … FOR UPDATE SKIP LOCKED, SQLite with an exclusive transaction). Each test task notes
its run in a file, so a task run twice, or never, shows; the campaign scan queued by real
submissions and the subscribers' e-mail run in a worker, not in the process that queued them.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from cwg.testing.servers import ROOT, last_json_line, manage, postgres_database

pytestmark = pytest.mark.slow

TASKS = 60
SUBMISSIONS = 8
WORKERS = 3
SUBJECT = "Workers notice 7f3a"
SCAN_TASK = "cwg.consultations.tasks.scan_new_submissions"
MAIL_TASK = "cwg.meetings.tasks.deliver_messages"
NOTE_TASK = "cwg.testing.tasks.note_run"

QUEUE = """
import datetime as dt, json, os
from django.db import transaction
from django.utils import timezone
from cwg.consultations import services
from cwg.meetings import notifications
from cwg.meetings.models import Subscription
from cwg.testing.factories import GroupFactory
from cwg.testing.personas import build_personas
from cwg.testing.tasks import note_run
group = GroupFactory(slug="cwg-workers", symbol_prefix="CWG-WORK")
personas = build_personas(group)
now = timezone.now()
c = services.create_consultation(
    personas.secretariat, group=group, slug="workers", topic={"en": "Workers"},
    languages=["en"], questions=[{"text": {"en": "Question one"}}],
    opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1),
)
services.transition(personas.secretariat, c, "open")
c.refresh_from_db()
for number in range(%(submissions)d):
    services.submit(personas.anonymous, c, {
        "name": f"Respondent {number}", "category": "civil_society", "country": "FRA",
        "language": "en", "consent_to_publication": True,
        "answers": {"1": f"Answer {number} on local content."},
    })
Subscription.objects.create(person=personas.delegate, group=group)
with transaction.atomic():
    sent_to = notifications.notify_group(group, %(subject)r, "Sent by a worker.")
for number in range(%(tasks)d):
    note_run.enqueue(number, %(notes)r)
print(json.dumps({"sent_to": sent_to}))
"""

INSPECT = """
import json
from django_tasks_db.models import DBTaskResult
from cwg.consultations.models import CampaignJob
print(json.dumps({
    "tasks": list(DBTaskResult.objects.values("task_path", "status", "worker_ids")),
    "scans": list(CampaignJob.objects.values("kind", "status", "processed")),
}))
"""


def _database(engine: str, workdir: Path):
    if engine == "sqlite":
        return f"sqlite:///{workdir / 'workers.sqlite3'}", None
    return postgres_database("workers")


def _start_worker(env: dict, index: int, workdir: Path) -> tuple[subprocess.Popen, Path]:
    out = workdir / f"worker-{index}.out"
    with open(out, "wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "cwg", "db_worker", "--worker-id", f"worker-{index}",
             "--interval", "0.1", "--no-startup-delay", "--no-reload", "--verbosity", "1"],
            cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    return process, out


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_three_workers_run_every_task_exactly_once(engine):
    workdir = Path(tempfile.mkdtemp(prefix="cwg-workers-"))
    notes = workdir / "notes.txt"
    database_url, drop = _database(engine, workdir)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CWG_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_SETTINGS_MODULE": "cwg.settings",
        "DJANGO_DEBUG": "0",
        "CWG_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "CWG_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "CWG_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("CWG_REDIS_URL", None)
    workers: list[tuple[subprocess.Popen, Path]] = []
    try:
        manage(env, "migrate", "-v0")
        script = QUEUE % {
            "submissions": SUBMISSIONS, "tasks": TASKS, "subject": SUBJECT, "notes": str(notes)
        }  # fmt: skip
        queued_output = manage(env, "shell", "-c", script)
        sent_to = last_json_line(queued_output)["sent_to"]

        # The process that queued the work ran none of it.
        before = last_json_line(manage(env, "shell", "-c", INSPECT))
        assert sent_to == ["delegate@example.org"]
        assert SUBJECT not in queued_output
        assert not notes.exists()
        assert before["scans"] == []
        paths = collections.Counter(task["task_path"] for task in before["tasks"])
        assert paths == {NOTE_TASK: TASKS, SCAN_TASK: 1, MAIL_TASK: 1}, paths
        assert {task["status"] for task in before["tasks"]} == {"READY"}

        workers = [_start_worker(env, index, workdir) for index in range(WORKERS)]
        deadline = time.time() + 120
        after = before
        while time.time() < deadline:
            lines = notes.read_text().splitlines() if notes.exists() else []
            if len(lines) >= TASKS:
                after = last_json_line(manage(env, "shell", "-c", INSPECT))
                if all(task["status"] == "SUCCESSFUL" for task in after["tasks"]):
                    break
            for process, out in workers:
                assert process.poll() is None, out.read_text()[-3000:]
            time.sleep(0.2)
        for process, _out in workers:
            process.send_signal(signal.SIGTERM)  # a worker ends its current task, then stops
        for process, _out in workers:
            process.wait(timeout=60)
        outputs = [out.read_text() for _process, out in workers]
    finally:
        for process, _out in workers:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
        if drop is not None:
            drop()

    # Every task ran exactly once, and the workers shared them.
    runs = [line.split() for line in notes.read_text().splitlines()]
    numbers = collections.Counter(int(number) for number, _pid in runs)
    assert numbers == {number: 1 for number in range(TASKS)}, numbers
    worker_pids = {str(process.pid) for process, _out in workers}
    note_pids = {pid for _number, pid in runs}
    assert note_pids <= worker_pids
    assert len(note_pids) >= 2, "one worker ran every task"
    statuses = collections.Counter(task["status"] for task in after["tasks"])
    assert statuses == {"SUCCESSFUL": TASKS + 2}, statuses
    for task in after["tasks"]:
        assert len(task["worker_ids"]) == 1, task
        assert task["worker_ids"][0] in {f"worker-{index}" for index in range(WORKERS)}
    # The real tasks ran in a worker: the campaign scan took in every submission ...
    assert after["scans"] == [{"kind": "incremental", "status": "done", "processed": SUBMISSIONS}]
    # ... and exactly one worker sent the subscriber's e-mail.
    senders = [output for output in outputs if SUBJECT in output]
    assert len(senders) == 1, outputs
    assert "To: delegate@example.org" in senders[0]
