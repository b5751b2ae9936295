"""Published submissions of every consultation the reader may see, as an open-data export."""

from __future__ import annotations

import json
from collections.abc import Iterator

from cwg.consultations.queries import published_submissions_for_search
from cwg.core.exports import Dataset, keyset_batches

COLUMNS = (
    "receipt",
    "consultation",
    "submitted_at",
    "name",
    "organisation",
    "category",
    "country",
    "country_other",
    "language",
    "answers",
)


def rows(user) -> Iterator[tuple]:
    # The same rule as the public listing: consented, not hidden, in a consultation one may see.
    for submission in keyset_batches(published_submissions_for_search(user, "")):
        yield (
            submission.receipt,
            submission.consultation.slug,
            submission.submitted_at,
            submission.name,
            submission.organisation,
            submission.category,
            submission.country.iso3 if submission.country_id else "",
            submission.country_other,
            submission.language,
            json.dumps(submission.answers, ensure_ascii=False, sort_keys=True),
        )


DATASET = Dataset("submissions", COLUMNS, rows)
