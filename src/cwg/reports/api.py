"""JSON API of reports: the Chair's report and the cycle roll-up as files."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from ninja import Router, Schema
from ninja.security import django_auth

from cwg.core.api_auth import permitted
from cwg.core.exceptions import InvalidInput
from cwg.core.schemas import InputSchema, Year
from cwg.groups.permissions import can_view_group
from cwg.reports import generation, queries, services
from cwg.reports.generation import ReportFile
from cwg.reports.models import CoverSheet
from cwg.reports.permissions import can_edit_cover_sheet, get_group_to_report

router = Router()

# Who may try each write, checked before the body is read (an outsider learns nothing of it).


def _may_edit_cover_sheet(user, group) -> bool:
    return can_edit_cover_sheet(user, _visible_group(user, group))


MAY_EDIT_COVER_SHEET = permitted(
    _may_edit_cover_sheet, "Only the group's secretariat sets the report cover sheet."
)


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
    request, group: str, from_year: Year, to_year: Year, lang: str = "en", format: str = "pdf"
):
    """The roll-up of the group's activities from one year to another, for the Plenipotentiary
    Conference (secretariat and chair of the group only)."""
    the_group = get_group_to_report(request.user, group)
    file_format = generation.check_format(format)
    composition = generation.cycle_composition(the_group, from_year, to_year, lang)
    return _file_response(generation.produce(composition, file_format))


class CoverSheetIn(InputSchema):
    action_required: dict | None = None
    strategic_plan_links: dict | None = None
    financial_implications: dict | None = None
    acknowledgements: dict | None = None
    chair_title: dict | None = None
    document_symbol: str | None = None


class CoverSheetOut(Schema):
    group: str
    action_required: dict
    strategic_plan_links: dict
    financial_implications: dict
    acknowledgements: dict
    chair_title: dict
    document_symbol: str


def _sheet_out(group, sheet: CoverSheet) -> dict:
    return {
        "group": group.slug,
        "document_symbol": sheet.document_symbol,
        **{name: getattr(sheet, name) for name in CoverSheet.TEXT_FIELDS},
    }


def _visible_group(user, identifier: str):
    group = queries.find_group(identifier)
    if not can_view_group(user, group):
        raise Http404("No such group.")
    return group


@router.get("/reports/cover-sheets/{group}", response=CoverSheetOut, auth=django_auth)
def get_cover_sheet(request, group: str):
    """The texts the secretariat set for the group's reports (empty: the default wording)."""
    the_group = get_group_to_report(request.user, group)
    sheet = CoverSheet.objects.filter(group=the_group).first() or CoverSheet(group=the_group)
    return _sheet_out(the_group, sheet)


@router.put("/reports/cover-sheets/{group}", response=CoverSheetOut, auth=MAY_EDIT_COVER_SHEET)
def put_cover_sheet(request, group: str, payload: CoverSheetIn):
    """Set some of the cover-sheet texts ({language: text}); the group's secretariat only."""
    the_group = _visible_group(request.user, group)
    changes = payload.dict(exclude_none=True)
    if not changes:
        raise InvalidInput("give at least one cover-sheet field to change")
    sheet = services.update_cover_sheet(request.user, the_group, **changes)
    return _sheet_out(the_group, sheet)
