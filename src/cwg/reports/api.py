"""JSON API of reports: the Chair's report and the cycle roll-up as files."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router

from cwg.reports import generation
from cwg.reports.generation import ReportFile
from cwg.reports.permissions import get_group_to_report

router = Router()


def _file_response(report: ReportFile) -> HttpResponse:
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response["Content-Language"] = report.composition.language
    return response


@router.get("/reports/chair")
def chair_report(request, group: str, meetings: str, lang: str = "en", format: str = "pdf"):
    """The Chair's report on the given meetings (secretariat and chair of the group only).

    `meetings` is "22,23"; `format` is pdf, docx or html. Missing records give 409 with the list
    of what is missing.
    """
    the_group = get_group_to_report(request.user, group)
    file_format = generation.check_format(format)
    composition = generation.chair_composition(the_group, meetings, lang)
    return _file_response(generation.produce(composition, file_format))


@router.get("/reports/cycle")
def cycle_report(
    request, group: str, from_year: int, to_year: int, lang: str = "en", format: str = "pdf"
):
    """The roll-up of the group's activities from one year to another, for the Plenipotentiary
    Conference (secretariat and chair of the group only)."""
    the_group = get_group_to_report(request.user, group)
    file_format = generation.check_format(format)
    composition = generation.cycle_composition(the_group, from_year, to_year, lang)
    return _file_response(generation.produce(composition, file_format))
