"""Meetings scheduled at the same moment (threads, then processes) stay in calendar order."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection, connections

from cwg.core.exceptions import InvalidInput
from cwg.meetings import services
from cwg.meetings.models import Meeting
from cwg.testing.personas import build_personas

pytestmark = [
    # serialized_rollback like every other transactional test (see consultations/tests/test_ingest.py).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="row locks across connections need PostgreSQL",
    ),
]

# Two meetings whose numbers and days cross: only one of them can be scheduled.
CROSSING = [(30, dt.date(2031, 6, 1)), (31, dt.date(2031, 1, 1))]


def in_order(group) -> bool:
    days = list(Meeting.objects.filter(group=group).order_by("number").values_list("start_date"))
    return days == sorted(days)


def test_threads_scheduling_crossing_meetings_leave_them_in_order():
    personas = build_personas()
    for round_number in range(3):
        Meeting.objects.filter(group=personas.group).delete()
        barrier = threading.Barrier(len(CROSSING))
        outcomes: list = [None] * len(CROSSING)

        def schedule(index, barrier=barrier, outcomes=outcomes):
            number, day = CROSSING[index]
            try:
                barrier.wait(timeout=10)
                services.create_meeting(
                    personas.secretariat, personas.group, number=number, start_date=day
                )
                outcomes[index] = "scheduled"
            except InvalidInput:
                outcomes[index] = "refused"
            finally:
                connections.close_all()

        threads = [threading.Thread(target=schedule, args=(i,)) for i in range(len(CROSSING))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(outcomes) == ["refused", "scheduled"], (round_number, outcomes)
        assert in_order(personas.group)


PROCESS_CODE = """
import datetime as dt, sys, time
import django
django.setup()
from cwg.core.exceptions import InvalidInput
from cwg.groups.models import Group
from cwg.meetings import services
from cwg.registry.models import Person
number, day, start_at = int(sys.argv[1]), dt.date.fromisoformat(sys.argv[2]), float(sys.argv[3])
actor = Person.objects.get(username="secretariat")
group = Group.objects.get(slug=sys.argv[4])
time.sleep(max(0.0, start_at - time.time()))
try:
    services.create_meeting(actor, group, number=number, start_date=day)
    print("scheduled")
except InvalidInput:
    print("refused")
"""


def test_processes_scheduling_crossing_meetings_leave_them_in_order():
    personas = build_personas()
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "cwg.settings"}
    start_at = time.time() + 6  # after every process has started Django
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                PROCESS_CODE,
                str(number),
                day.isoformat(),
                str(start_at),
                personas.group.slug,
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number, day in CROSSING
    ]
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        outcomes.append(out.strip().splitlines()[-1])
    assert sorted(outcomes) == ["refused", "scheduled"], outcomes
    assert in_order(personas.group)
