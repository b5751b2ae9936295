"""The one batch reader (`keyset_chunks`) walks a list in its own order, each row once, in fixed
batches that each cost one query, and refuses an order it cannot follow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cwg.consultations.models import Submission
from cwg.core.exports import keyset_batches, keyset_chunks
from cwg.testing.factories import ConsultationFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def test_a_compound_order_is_walked_in_batches_each_row_once(personas):
    consultation = ConsultationFactory(group=personas.group)
    for i in range(23):
        SubmissionFactory(
            consultation=consultation, category=("academia", "civil_society", "government")[i % 3]
        )
    qs = Submission.objects.filter(consultation=consultation).order_by("category", "id")
    with CaptureQueriesContext(connection) as captured:
        chunks = list(keyset_chunks(qs.values("id", "category", "receipt"), 5))
    assert [len(chunk) for chunk in chunks] == [5, 5, 5, 5, 3]
    assert len(captured) == 5
    walked = [row["receipt"] for chunk in chunks for row in chunk]
    assert walked == list(qs.values_list("receipt", flat=True))
    named = qs.values_list("id", "category", "receipt", named=True)
    assert [row.receipt for chunk in keyset_chunks(named, 7) for row in chunk] == walked
    newest = Submission.objects.filter(consultation=consultation).order_by("-id")
    # keyset_batches always reads by ascending id, whatever the list's order.
    assert [s.pk for s in keyset_batches(newest, 4)] == sorted(s.pk for s in newest)
    with pytest.raises(ValueError):
        next(keyset_chunks(Submission.objects.order_by("country", "id"), 5))
