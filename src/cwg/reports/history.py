"""What readers may see of the report settings in a group's audit trail."""

from __future__ import annotations

from cwg.core import history
from cwg.reports.models import CouncilSubmission, CoverSheet, ReportAnnex
from cwg.reports.permissions import can_generate_report, can_see_council_submissions


def _cover_sheets(reader, group_id: int | None):
    """As `can_generate_report`: the group's secretariat and chair, who draft its reports."""
    sheets = CoverSheet.objects.select_related("group")
    if group_id is not None:
        sheets = sheets.filter(group_id=group_id)
    allowed = [s.pk for s in sheets if can_generate_report(reader, s.group)]
    return CoverSheet.objects.filter(pk__in=allowed)


def _council_submissions(reader, group_id: int | None):
    """As the group page: what was sent to Council, and its outcome, is seen with the group."""
    submissions = CouncilSubmission.objects.select_related("group")
    if group_id is not None:
        submissions = submissions.filter(group_id=group_id)
    allowed = [s.pk for s in submissions if can_see_council_submissions(reader, s.group)]
    return CouncilSubmission.objects.filter(pk__in=allowed)


def _annexes(reader, group_id: int | None):
    """As the cover sheet: the annexes chosen are seen by those who draft the reports."""
    annexes = ReportAnnex.objects.select_related("group")
    if group_id is not None:
        annexes = annexes.filter(group_id=group_id)
    allowed = [a.pk for a in annexes if can_generate_report(reader, a.group)]
    return ReportAnnex.objects.filter(pk__in=allowed)


def register() -> None:
    history.register("reports.reportannex", _annexes, group_of=lambda a: a.group_id)
    history.register("reports.coversheet", _cover_sheets)
    history.register(
        "reports.councilsubmission", _council_submissions, group_of=lambda s: s.group_id
    )
