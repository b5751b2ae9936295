"""Symbols stay gapless and unique when delegations submit at the same moment (real threads)."""

import pytest
from django.utils import timezone

from cwg.core.exceptions import InvalidInput
from cwg.documents import services
from cwg.documents.models import Document
from cwg.documents.tests import samples
from cwg.documents.tests.helpers import TITLE, meeting_in
from cwg.meetings.models import Meeting
from cwg.testing.concurrency import run_together
from cwg.testing.personas import build_personas

THREADS = 8


@pytest.fixture
def shared_database(tmp_path):
    """Yield a function that runs a callable in its own thread against the test database.

    An in-memory SQLite test database lives in one process's shared cache, whose table locks
    fail at once instead of waiting; there the data is copied into a WAL file database that the
    threads (and the checks) use instead, as production does. PostgreSQL and file-backed
    SQLite are used as they are.
    """
    from django.db import connection

    def in_thread(work):
        results, errors = run_together(lambda _: work(), 1)
        if errors[0]:
            raise errors[0]
        return results[0]

    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        yield in_thread
        return
    import sqlite3

    connection.ensure_connection()
    path = tmp_path / "threads.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    # Switch to WAL once here rather than in every thread's first statement.
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    settings_dict = connection.settings_dict
    original = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield in_thread
    finally:
        settings_dict["NAME"] = original


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_contributions_get_consecutive_symbols(request):
    personas = build_personas()
    meeting = meeting_in(personas.group, 30)
    meeting_id = meeting.pk
    # A first submission before the race loads every code path once, so the racing
    # transactions do not hold the write lock through first-time imports.
    services.submit_contribution(
        personas.delegate, meeting=meeting, state=personas.state, title=TITLE, file=samples.pdf()
    )
    in_thread = request.getfixturevalue("shared_database")

    def work(i):
        current = Meeting.objects.select_related("group").get(pk=meeting_id)
        # One submission fails after taking its number: it must give the number back.
        upload = samples.text("bad.pdf") if i == 3 else samples.pdf()
        return services.submit_contribution(
            personas.delegate, meeting=current, state=personas.state, title=TITLE, file=upload
        ).number

    results, errors = run_together(work, THREADS)
    assert [type(e) for e in errors if e] == [InvalidInput], errors
    numbers = sorted(n for n in results if n is not None)
    assert numbers == list(range(2, THREADS + 1))
    symbols = in_thread(
        lambda: set(Document.objects.filter(meeting_id=meeting_id).values_list("symbol", flat=True))
    )
    assert symbols == {f"{meeting.symbol_prefix}/{n}" for n in [1, *numbers]}
    counter = in_thread(lambda: Meeting.objects.get(pk=meeting_id).next_document_number)
    assert counter == THREADS + 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_documents_of_no_meeting_share_the_group_series(request):
    personas = build_personas()
    year = timezone.now().year
    request.getfixturevalue("shared_database")

    def work(i):
        return services.submit_document(
            personas.secretariat,
            group=personas.group,
            document_type="information",
            source_kind="secretariat",
            title={"en": f"Note {i}"},
        ).symbol

    results, errors = run_together(work, THREADS)
    assert not any(errors), errors
    prefix = personas.group.symbol_prefix
    assert sorted(results) == sorted(f"{prefix}/{year}/{n}" for n in range(1, THREADS + 1))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_revisions_get_consecutive_numbers(request):
    personas = build_personas()
    meeting = meeting_in(personas.group, 30)
    document = services.submit_contribution(
        personas.delegate, meeting=meeting, state=personas.state, title=TITLE
    )
    in_thread = request.getfixturevalue("shared_database")
    count = 4

    def work(i):
        current = Document.objects.select_related("group", "meeting__group").get(pk=document.pk)
        actor = personas.secretariat if i % 2 else personas.delegate
        return services.revise(actor, current, note=f"change {i}", file=samples.text()).revision

    results, errors = run_together(work, count)
    assert not any(errors), errors
    assert sorted(results) == list(range(1, count + 1))
    assert in_thread(lambda: Document.objects.get(pk=document.pk).current_revision) == count
