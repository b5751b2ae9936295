"""No two reports submitted to a Council session get the same number: threads and processes
take the session's counter at the same moment (SQLite file database and PostgreSQL)."""

import datetime as dt
import os
import re
import subprocess
import sys

import pytest
from django.db import connection, connections

from cwg.documents.models import DocumentType, ReportState, SymbolSeries
from cwg.reports import services
from cwg.reports.models import CouncilSession, CouncilSubmission
from cwg.testing.concurrency import database_url_of_this_test, run_together
from cwg.testing.factories import DocumentFactory, MeetingFactory, MeetingReportFactory

COUNT = 6
FIRST_EXTRA = 24


def more_meetings(seed, count):
    """Meetings 24, 25, … held and with approved reports, each a report of its own to submit."""
    for offset in range(count):
        day = dt.date(2026, 2, 2) + dt.timedelta(days=offset)
        meeting = MeetingFactory(
            group=seed.group,
            number=FIRST_EXTRA + offset,
            start_date=day,
            end_date=day,
            venue=seed.venue,
            status="held",
        )
        MeetingReportFactory(
            meeting=meeting,
            document=DocumentFactory(meeting=meeting, document_type=DocumentType.MEETING_REPORT),
            state=ReportState.APPROVED,
            approved_on=day,
        )


def c26(seed):
    session = services.create_council_session(
        seed.personas.secretariat, code="C26", start_date="2026-04-28", end_date="2026-05-08"
    )
    item = services.add_council_agenda_item(
        seed.personas.secretariat, session, number="7", title={"en": "Reports"}
    )
    return session, item


def check_numbers(numbers, count):
    assert sorted(numbers) == list(range(1, count + 1))
    stored = list(CouncilSubmission.objects.values_list("number", flat=True))
    assert sorted(stored) == list(range(1, count + 1))
    assert SymbolSeries.objects.get(scope="council:C26").next_number == count + 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_threads_submitting_at_once_get_distinct_numbers(seed):
    more_meetings(seed, COUNT)
    session, item = c26(seed)
    actor, group = seed.personas.secretariat, seed.group

    def work(i):
        return services.submit_to_council(
            actor,
            group,
            session=CouncilSession.objects.get(pk=session.pk),
            agenda_item=item,
            meetings=str(FIRST_EXTRA + i),
            document_date="2026-03-16",
            original_language="en",
        ).number

    results, errors = run_together(work, COUNT)
    assert not any(errors), errors
    check_numbers(results, COUNT)


def submit_arguments(i: int) -> list[str]:
    return [
        *("--group", "cwg-internet", "--meetings", str(FIRST_EXTRA + i), "--session", "C26"),
        *("--agenda-item", "7", "--date", "2026-03-16", "--as", "secretariat"),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_processes_submitting_at_once_get_distinct_numbers(seed):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("other processes cannot open an in-memory database")
    count = 4
    more_meetings(seed, count)
    c26(seed)
    env = {**os.environ, "DATABASE_URL": database_url_of_this_test()}
    connections.close_all()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "cwg", "council", "submit", *submit_arguments(i)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(count)
    ]
    outputs = [process.communicate(timeout=240) for process in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    numbers = [int(re.search(r"submitted as C26/(\d+)", out).group(1)) for out, _ in outputs]
    check_numbers(numbers, count)
