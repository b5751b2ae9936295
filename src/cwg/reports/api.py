"""JSON API of reports: the Chair's report and the cycle roll-up as files."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from cwg.core.api_auth import permitted
from cwg.core.exceptions import InvalidInput, NotFound
from cwg.core.schemas import InputSchema, Year
from cwg.groups.permissions import can_view_group
from cwg.reports import generation, permissions, queries, services
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


# ---------------------------------------------------------------- annexed texts


def _may_choose_annexes(user, group, **_path) -> bool:
    return permissions.can_choose_annexes(user, _visible_group(user, group))


MAY_CHOOSE_ANNEXES = permitted(
    _may_choose_annexes, "Only the group's secretariat annexes texts to its reports."
)


class AnnexIn(InputSchema):
    kind: str = Field(max_length=10, description="chair or cycle")
    text: str = Field(max_length=80, description="the slug of a text the group agreed")


class AnnexOut(Schema):
    kind: str
    text: str
    title: dict
    chosen_at: dt.datetime


def _annex_out(annex) -> dict:
    return {
        "kind": annex.kind,
        "text": annex.text.slug,
        "title": annex.text.title,
        "chosen_at": annex.chosen_at,
    }


@router.get("/reports/annexes/{group}", response=list[AnnexOut], auth=django_auth)
def list_annexes(request, group: str):
    """The agreed texts annexed to the group's reports (secretariat and chair of the group)."""
    the_group = get_group_to_report(request.user, group)
    return [_annex_out(annex) for annex in queries.report_annexes(the_group)]


@router.post("/reports/annexes/{group}", response={201: AnnexOut}, auth=MAY_CHOOSE_ANNEXES)
def add_annex(request, group: str, payload: AnnexIn):
    """Annex a text the group agreed to its Chair's reports (kind "chair") or to its report to
    the Plenipotentiary Conference ("cycle"); a text not agreed is refused (400, field "text")."""
    the_group = _visible_group(request.user, group)
    annex = services.annex_text(request.user, the_group, payload.kind, payload.text)
    return Status(201, _annex_out(annex))


@router.delete(
    "/reports/annexes/{group}/{kind}/{text_slug}", response={204: None}, auth=MAY_CHOOSE_ANNEXES
)
def remove_annex(request, group: str, kind: str, text_slug: str):
    """Take a text out of the annexes of the group's reports of one kind."""
    the_group = _visible_group(request.user, group)
    services.remove_annex(request.user, the_group, kind, text_slug)
    return Status(204, None)


# ---------------------------------------------------------------- Council sessions

MAY_KEEP_COUNCIL = permitted(
    lambda user, **_: permissions.can_manage_council_sessions(user),
    "Only the secretariat keeps the Council sessions and what is submitted to them.",
)


class CouncilSessionIn(InputSchema):
    code: str = Field(max_length=20)
    start_date: dt.date
    end_date: dt.date
    venue: dict = Field(default_factory=dict)


class CouncilAgendaItemIn(InputSchema):
    session: str = Field(max_length=20)
    number: str = Field(max_length=20)
    title: dict


class CouncilSubmissionIn(InputSchema):
    group: str = Field(max_length=100)
    meetings: str = Field(max_length=200)
    session: str = Field(max_length=20)
    agenda_item: str = Field(max_length=20)
    document_date: dt.date
    original_language: str = Field(max_length=5)


class CouncilOutcomeIn(InputSchema):
    symbol: str = Field(max_length=40)
    outcome: str = Field(max_length=20)
    reference: str = Field(default="", max_length=120)
    date: dt.date


class CouncilSubmissionOut(Schema):
    symbol: str
    group: str
    meetings: list[int]
    session: str
    agenda_item: str
    document_date: dt.date
    original_language: str
    outcome: str
    outcome_reference: str
    outcome_date: dt.date | None


class CouncilAgendaItemOut(Schema):
    number: str
    title: dict


class CouncilSessionOut(Schema):
    code: str
    start_date: dt.date
    end_date: dt.date
    venue: dict
    agenda_items: list[CouncilAgendaItemOut]
    documents: list[CouncilSubmissionOut]


def _named_in_body(find, *args):
    """A record named in the request body: an unknown one is bad input (400), not a 404."""
    try:
        return find(*args)
    except NotFound as exc:
        raise InvalidInput(exc.message, field=exc.field) from None


def _submission_out(submission) -> dict:
    return {
        "symbol": submission.symbol,
        "group": submission.group.slug,
        "meetings": submission.meetings,
        "session": submission.session.code,
        "agenda_item": submission.agenda_item.number,
        "document_date": submission.document_date,
        "original_language": submission.original_language,
        "outcome": submission.outcome,
        "outcome_reference": submission.outcome_reference,
        "outcome_date": submission.outcome_date,
    }


def _session_out(session) -> dict:
    documents = session.documents.select_related("group", "agenda_item", "session")
    return {
        "code": session.code,
        "start_date": session.start_date,
        "end_date": session.end_date,
        "venue": session.venue,
        "agenda_items": [
            {"number": item.number, "title": item.title} for item in session.agenda_items.all()
        ],
        "documents": [_submission_out(d) for d in documents],
    }


@router.get("/reports/council/sessions", response=list[CouncilSessionOut], auth=MAY_KEEP_COUNCIL)
def council_sessions(request):
    """The Council sessions, their agenda items and the reports submitted to them."""
    return [_session_out(session) for session in queries.council_sessions()]


@router.post("/reports/council/sessions", response=CouncilSessionOut, auth=MAY_KEEP_COUNCIL)
def create_council_session(request, payload: CouncilSessionIn):
    """Record a Council session (code such as C26, dates, venue {language: place})."""
    session = services.create_council_session(request.user, **payload.dict())
    return _session_out(session)


@router.post("/reports/council/agenda-items", response=CouncilAgendaItemOut, auth=MAY_KEEP_COUNCIL)
def add_council_agenda_item(request, payload: CouncilAgendaItemIn):
    """Add an item (number, title {language: text}) to a session's agenda."""
    session = _named_in_body(queries.find_council_session, payload.session)
    item = services.add_council_agenda_item(
        request.user, session, number=payload.number, title=payload.title
    )
    return {"number": item.number, "title": item.title}


@router.post("/reports/council/submissions", response=CouncilSubmissionOut, auth=MAY_KEEP_COUNCIL)
def submit_to_council(request, payload: CouncilSubmissionIn):
    """Submit the group's Chair's report on some meetings to a session; the group's secretariat
    only. Returns the Council symbol (C26/<number>; the language letter is added per version)."""
    group = _visible_group(request.user, payload.group)
    session = _named_in_body(queries.find_council_session, payload.session)
    item = _named_in_body(queries.find_council_agenda_item, session, payload.agenda_item)
    submission = services.submit_to_council(
        request.user,
        group,
        session=session,
        agenda_item=item,
        meetings=payload.meetings,
        document_date=payload.document_date,
        original_language=payload.original_language,
    )
    return _submission_out(submission)


@router.post("/reports/council/outcomes", response=CouncilSubmissionOut, auth=MAY_KEEP_COUNCIL)
def record_council_outcome(request, payload: CouncilOutcomeIn):
    """Record Council's outcome (took_note or approved) on a submitted report."""
    submission = _named_in_body(queries.find_council_submission, payload.symbol)
    if not can_view_group(request.user, submission.group):
        raise Http404("No such document.")
    submission = services.record_council_outcome(
        request.user,
        submission,
        outcome=payload.outcome,
        reference=payload.reference,
        date=payload.date,
    )
    return _submission_out(submission)
