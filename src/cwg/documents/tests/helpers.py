"""Meetings placed in time relative to today, for deadline tests; lists read at two sizes."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from cwg.documents import services
from cwg.documents.models import DocumentFile
from cwg.documents.tests import samples
from cwg.testing.factories import DocumentFactory, MeetingFactory


def meeting_in(group, days: int, *, length: int = 2, deadline_days: int = 12, **extra):
    """A meeting of the group starting `days` from today (negative: in the past)."""
    start = timezone.now().date() + dt.timedelta(days=days)
    # Numbers from 1000 up leave the low numbers free for tests that name them.
    extra.setdefault("number", next(_numbers))
    return MeetingFactory(
        group=group,
        start_date=start,
        end_date=start + dt.timedelta(days=length - 1),
        contribution_deadline_days=deadline_days,
        **extra,
    )


_numbers = itertools.count(1000)

TITLE = {"en": "Internet public policy", "fr": "Politiques publiques de l'Internet"}


def assert_constant_queries(client, url: str, meeting, state, assert_max_num_queries):
    """Reading `url` takes as many queries with 200 documents of the meeting as with 10.

    Each document has a source State and a file, the relations a list shows. Returns the second
    response.
    """

    def add(count):
        for _ in range(count):
            document = DocumentFactory(meeting=meeting)
            document.source_states.add(state)
            DocumentFile.objects.create(
                document=document, language="en", uploaded_at=document.submitted_at
            )

    add(10)
    with assert_max_num_queries(8) as small:
        assert client.get(url).status_code == 200
    add(190)
    with assert_max_num_queries(8) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    return response


def submit_failing_after_the_file(monkeypatch, personas, meeting, while_failing) -> None:
    """Submit a contribution whose audit record fails once its file is written, as when the
    database goes away mid-transaction; `while_failing()` looks at the file store at that moment."""
    real_record = services.audit.record

    def record(actor, action, *args, **kwargs):
        if action == "document.file_uploaded":
            while_failing()
            raise RuntimeError("the database went away")
        return real_record(actor, action, *args, **kwargs)

    monkeypatch.setattr(services.audit, "record", record)
    with pytest.raises(RuntimeError):
        services.submit_contribution(
            personas.delegate,
            meeting=meeting,
            state=personas.state,
            title=TITLE,
            file=samples.pdf(),
        )
