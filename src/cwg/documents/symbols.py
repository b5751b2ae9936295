"""Allocating document symbols without gaps or duplicates, per meeting or per group and year."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Max

from cwg.documents.models import Document, SymbolSeries
from cwg.meetings.models import Meeting


def meeting_symbol(meeting: Meeting, number: int) -> str:
    return f"{meeting.symbol_prefix}/{number}"


def group_symbol(group, year: int, number: int) -> str:
    return f"{group.symbol_prefix}/{year}/{number}"


def next_meeting_number(meeting: Meeting) -> int:
    """Take the meeting's next number; must run inside the transaction that stores the document.

    The UPDATE ... SET n = n + 1 locks the meeting row until commit, so concurrent submitters
    queue behind it; a rollback gives the number back, so no gap is left either.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("symbol numbers are taken inside the storing transaction")
    Meeting.objects.filter(pk=meeting.pk).update(next_document_number=F("next_document_number") + 1)
    taken = Meeting.objects.filter(pk=meeting.pk).values_list("next_document_number", flat=True)
    number = taken.get() - 1
    # Records loaded without this allocator (imports, demo data) may already hold numbers:
    # skip past them while the row is still locked, rather than collide.
    highest = Document.objects.filter(meeting=meeting).aggregate(top=Max("number"))["top"] or 0
    if highest >= number:
        number = highest + 1
        Meeting.objects.filter(pk=meeting.pk).update(next_document_number=number + 1)
    return number


def _take_from(series, highest_in_use) -> int:
    """Take the next number of one counter row; must run inside the storing transaction.

    The UPDATE ... SET n = n + 1 locks the row until commit, so concurrent writers queue behind
    it; a rollback gives the number back. `highest_in_use()` (numbers already held by records
    loaded without this allocator) is read while the row is locked, and skipped past.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("symbol numbers are taken inside the storing transaction")
    series.update(next_number=F("next_number") + 1)
    number = series.values_list("next_number", flat=True).get() - 1
    highest = highest_in_use() or 0
    if highest >= number:
        number = highest + 1
        series.update(next_number=number + 1)
    return number


def next_group_number(group, year: int) -> int:
    """Take the next number of the group's series for the year (documents of no meeting)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("symbol numbers are taken inside the storing transaction")
    SymbolSeries.objects.get_or_create(group=group, year=year, scope="")
    return _take_from(
        SymbolSeries.objects.filter(group=group, year=year, scope=""),
        lambda: Document.objects.filter(
            group=group, meeting__isnull=True, series_year=year
        ).aggregate(top=Max("number"))["top"],
    )


def next_scoped_number(scope: str, year: int, numbers_in_use=None) -> int:
    """Take the next number of a named series (e.g. "council:C26") with the same counter as the
    groups' series. `numbers_in_use`, a queryset of the records already numbered (a `number` field), is read
    once the counter row is locked."""
    if not scope:
        raise ValueError("a scoped series needs a name")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("symbol numbers are taken inside the storing transaction")
    SymbolSeries.objects.get_or_create(scope=scope, defaults={"year": year})
    return _take_from(
        SymbolSeries.objects.filter(scope=scope),
        lambda: 0 if numbers_in_use is None else numbers_in_use.aggregate(top=Max("number"))["top"],
    )
