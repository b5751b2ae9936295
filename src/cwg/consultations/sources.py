"""A consultation response as a source a drafted text may cite (registered with cwg.core.sources)."""

from __future__ import annotations

from cwg.consultations.models import Submission
from cwg.consultations.permissions import can_view_submission
from cwg.core.sources import Cited


def find_response(reader, key: str) -> Cited | None:
    submission = Submission.objects.select_related("consultation").filter(receipt=key).first()
    if submission is None or not can_view_submission(reader, submission):
        return None
    return Cited("response", key, submission.receipt, submission.consultation.group_id)
