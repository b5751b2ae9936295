"""JSON API endpoints of the meetings domain: meetings, agendas, participants, calendars, history."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from cwg.core import history_entries
from cwg.core.api_auth import permitted, record_id
from cwg.core.cursor import CursorPagination
from cwg.core.exceptions import InvalidInput, NotAllowed
from cwg.core.i18n import document_language
from cwg.core.schemas import DayCount, DbId, InputSchema, Ordinal
from cwg.core.sections import collect
from cwg.groups.models import Group
from cwg.groups.permissions import get_group_for
from cwg.meetings import agenda_documents, ical, queries, services
from cwg.meetings.models import Meeting, Participant, Subscription, Venue
from cwg.meetings.permissions import (
    can_add_venues,
    can_manage_meetings,
    can_see_participants,
    get_agenda_item_for,
    get_meeting_for,
)
from cwg.registry.access import is_secretariat_anywhere
from cwg.registry.models import MemberState, Organisation, Person

router = Router()

# Who may try each write, checked before the body is read (an outsider learns nothing of it).


def _may_manage_meeting(user, meeting_id) -> bool:
    return can_manage_meetings(user, get_meeting_for(user, record_id(meeting_id)).group_id)


def _may_manage_item(user, item_id) -> bool:
    return can_manage_meetings(user, get_agenda_item_for(user, record_id(item_id)).meeting.group_id)


def _may_manage_participant(user, participant_id) -> bool:
    participant = Participant.objects.filter(pk=record_id(participant_id)).first()
    if participant is None:
        raise Http404("No such participant.")
    return can_manage_meetings(user, get_meeting_for(user, participant.meeting_id).group_id)


SECRETARIAT_ONLY = "Only the group's secretariat may do this."
MAY_CREATE_MEETING = permitted(lambda user: is_secretariat_anywhere(user), SECRETARIAT_ONLY)
MAY_MANAGE_MEETING = permitted(_may_manage_meeting, SECRETARIAT_ONLY)
MAY_MANAGE_ITEM = permitted(_may_manage_item, SECRETARIAT_ONLY)
MAY_MANAGE_PARTICIPANT = permitted(_may_manage_participant, SECRETARIAT_ONLY)
MAY_FOLLOW_GROUP = permitted(lambda user, slug: bool(get_group_for(user, slug)))
MAY_ADD_VENUE = permitted(lambda user: can_add_venues(user), SECRETARIAT_ONLY)


# Schemas --------------------------------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    group: str = Field(..., alias="group.slug")
    number: int
    title: dict
    start_date: dt.date
    end_date: dt.date
    status: str
    access: str
    venue: str | None
    contribution_deadline: dt.date
    url: str

    @staticmethod
    def resolve_access(obj: Meeting) -> str:
        return obj.effective_access()

    @staticmethod
    def resolve_venue(obj: Meeting) -> str | None:
        return str(obj.venue) if obj.venue_id else None

    @staticmethod
    def resolve_url(obj: Meeting) -> str:
        return reverse("meetings:detail", args=[obj.pk])


class AgendaDocumentOut(Schema):
    id: int
    symbol: str


class AgendaItemOut(Schema):
    id: int
    number: int
    title: dict
    description: dict
    documents: list[AgendaDocumentOut]


def _item_dict(item) -> dict:
    return {
        "id": item.pk,
        "number": item.number,
        "title": item.title,
        "description": item.description,
        "documents": [
            {"id": pk, "symbol": symbol}
            for pk, symbol in agenda_documents.provider().labelled(item)
        ],
    }


def _agenda_out(entry) -> dict:
    item = entry.item
    return {
        "id": item.pk,
        "number": item.number,
        "title": item.title,
        "description": item.description,
        "documents": [{"id": pk, "symbol": symbol} for pk, symbol in entry.documents],
    }


class DelegationOut(Schema):
    member_state: str
    delegates: list[dict]


class MeetingDetailOut(Schema):
    id: int
    group: str
    number: int
    title: dict
    start_date: dt.date
    end_date: dt.date
    status: str
    access: str
    venue: str | None
    contribution_deadline: dt.date
    url: str
    agenda: list[AgendaItemOut]
    delegations: list[DelegationOut] | None = None
    report_state: str | None = None


class MeetingIn(InputSchema):
    group: str
    start_date: dt.date
    end_date: dt.date | None = None
    number: Ordinal | None = None
    venue: DbId | None = None
    access_level: str = "inherit"
    contribution_deadline_days: DayCount = 12
    title: dict[str, str] = {}


class MeetingPatch(InputSchema):
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    number: Ordinal | None = None
    venue: DbId | None = None
    access_level: str | None = None
    contribution_deadline_days: DayCount | None = None
    title: dict[str, str] | None = None


class StatusIn(InputSchema):
    status: str


class AgendaItemIn(InputSchema):
    title: dict[str, str]
    description: dict[str, str] = {}
    number: Ordinal | None = None
    documents: list[DbId] = []


class AgendaItemPatch(InputSchema):
    title: dict[str, str] | None = None
    description: dict[str, str] | None = None
    number: Ordinal | None = None
    documents: list[DbId] | None = None


class ParticipantIn(InputSchema):
    person: DbId
    kind: str
    member_state: str | None = Field(None, description="ISO 3166 alpha-3 code, for delegates")
    organisation: DbId | None = None


class ParticipantOut(Schema):
    id: int
    person: str
    kind: str
    member_state: str | None
    organisation: str | None

    @staticmethod
    def resolve_person(obj: Participant) -> str:
        return str(obj.person)

    @staticmethod
    def resolve_member_state(obj: Participant) -> str | None:
        return obj.delegation.member_state.iso3 if obj.delegation_id else None

    @staticmethod
    def resolve_organisation(obj: Participant) -> str | None:
        return str(obj.organisation) if obj.organisation_id else None


class SubscriptionIn(InputSchema):
    new_documents: bool = True
    deadlines: bool = True
    changes: bool = True


class SubscriptionOut(Schema):
    group: str = Field(..., alias="group.slug")
    new_documents: bool
    deadlines: bool
    changes: bool


# Reading --------------------------------------------------------------------------------------


@router.get("/meetings", response=list[MeetingOut])
@paginate(CursorPagination, page_size=50)
def list_meetings(request, group: str | None = None, upcoming: bool = False):
    """Meetings the reader may see, newest first; `group` filters by group slug."""
    group_obj = None
    if group:
        group_obj = get_group_for(request.user, group)
    qs = queries.visible_meetings(request.user, group_obj)
    if upcoming:
        qs = qs.filter(end_date__gte=timezone.localdate()).order_by("start_date", "id")
    else:
        qs = qs.order_by("-start_date", "-id")
    return qs


def _calendar_response(request, meetings, name: str) -> HttpResponse:
    language = document_language()
    body = ical.calendar(
        meetings,
        name=name,
        base_url=request.build_absolute_uri(reverse("meetings:index")),
        language=language,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


@router.get("/meetings.ics", url_name="meetings_ics")
def meetings_calendar(request):
    """Every meeting the reader may see, as an iCalendar file."""
    meetings = queries.visible_meetings(request.user).order_by("start_date", "id")
    return _calendar_response(request, meetings, _("Council Working Group meetings"))


@router.get("/groups/{slug}/meetings.ics", url_name="group_meetings_ics")
def group_meetings_calendar(request, slug: str):
    """One group's meetings the reader may see, as an iCalendar file."""
    group = get_group_for(request.user, slug)
    meetings = queries.visible_meetings(request.user, group).order_by("start_date", "id")
    return _calendar_response(
        request, meetings, _("%(group)s meetings") % {"group": group.display_acronym()}
    )


def _detail(request, meeting: Meeting) -> dict:
    user = request.user
    items = queries.agenda(user, meeting)
    data = {
        "id": meeting.pk,
        "group": meeting.group.slug,
        "number": meeting.number,
        "title": meeting.title,
        "start_date": meeting.start_date,
        "end_date": meeting.end_date,
        "status": meeting.status,
        "access": meeting.effective_access(),
        "venue": str(meeting.venue) if meeting.venue_id else None,
        "contribution_deadline": meeting.contribution_deadline,
        "url": reverse("meetings:detail", args=[meeting.pk]),
    }
    data["agenda"] = [_agenda_out(entry) for entry in items]
    if can_see_participants(user, meeting):
        data["delegations"] = [
            {
                "member_state": d.member_state.iso3,
                "delegates": [{"person": str(p.person), "kind": p.kind} for p in d.delegates.all()],
            }
            for d in queries.delegations(meeting)
        ]
    # The documents app adds the meeting's report (cwg.core.sections).
    report = collect("meeting_report", user=user, meeting=meeting).get("report")
    data["report_state"] = report.state if report else None
    return data


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut)
def get_meeting(request, meeting_id: DbId):
    """One meeting with its agenda (and delegations, for members)."""
    return _detail(request, get_meeting_for(request.user, meeting_id))


# Writing (secretariat) ------------------------------------------------------------------------


@router.post("/meetings", response={201: MeetingDetailOut}, auth=MAY_CREATE_MEETING)
def create_meeting(request, payload: MeetingIn):
    """Schedule a meeting (secretariat of the group)."""
    group = Group.objects.filter(slug=payload.group).first()
    if group is None:
        raise InvalidInput(f"no group with slug {payload.group!r}", field="group")
    values = payload.dict(exclude={"group"}, exclude_none=True)
    meeting = services.create_meeting(request.user, group, **values)
    return Status(201, _detail(request, get_meeting_for(request.user, meeting.pk)))


@router.patch("/meetings/{meeting_id}", response=MeetingDetailOut, auth=MAY_MANAGE_MEETING)
def update_meeting(request, meeting_id: DbId, payload: MeetingPatch):
    meeting = get_meeting_for(request.user, meeting_id)
    values = payload.dict(exclude_unset=True)
    services.update_meeting(request.user, meeting, **values)
    return _detail(request, get_meeting_for(request.user, meeting_id))


@router.post("/meetings/{meeting_id}/status", response=MeetingDetailOut, auth=MAY_MANAGE_MEETING)
def set_status(request, meeting_id: DbId, payload: StatusIn):
    meeting = get_meeting_for(request.user, meeting_id)
    services.set_meeting_status(request.user, meeting, payload.status)
    return _detail(request, get_meeting_for(request.user, meeting_id))


@router.post(
    "/meetings/{meeting_id}/agenda", response={201: AgendaItemOut}, auth=MAY_MANAGE_MEETING
)
def add_agenda_item(request, meeting_id: DbId, payload: AgendaItemIn):
    meeting = get_meeting_for(request.user, meeting_id)
    item = services.add_agenda_item(
        request.user,
        meeting,
        title=payload.title,
        description=payload.description,
        number=payload.number,
        documents=payload.documents,
    )
    return Status(201, _item_dict(item))


@router.patch("/agenda-items/{item_id}", response=AgendaItemOut, auth=MAY_MANAGE_ITEM)
def update_agenda_item(request, item_id: DbId, payload: AgendaItemPatch):
    item = get_agenda_item_for(request.user, item_id)
    item = services.update_agenda_item(request.user, item, **payload.dict(exclude_unset=True))
    return _item_dict(item)


@router.delete("/agenda-items/{item_id}", response={204: None}, auth=MAY_MANAGE_ITEM)
def delete_agenda_item(request, item_id: DbId):
    item = get_agenda_item_for(request.user, item_id)
    services.remove_agenda_item(request.user, item)
    return Status(204, None)


@router.post(
    "/meetings/{meeting_id}/participants", response={201: ParticipantOut}, auth=MAY_MANAGE_MEETING
)
def register_participant(request, meeting_id: DbId, payload: ParticipantIn):

    meeting = get_meeting_for(request.user, meeting_id)
    person = Person.objects.filter(pk=payload.person, is_active=True).first()
    if person is None:
        raise InvalidInput(f"no person with id {payload.person}", field="person")
    state = None
    if payload.member_state:
        state = MemberState.objects.filter(iso3=payload.member_state.upper()).first()
        if state is None:
            raise InvalidInput(
                f"no Member State with code {payload.member_state!r}", field="member_state"
            )
    organisation = None
    if payload.organisation is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation).first()
        if organisation is None:
            raise InvalidInput(
                f"no organisation with id {payload.organisation}", field="organisation"
            )
    participant = services.register_participant(
        request.user,
        meeting,
        person,
        kind=payload.kind,
        member_state=state,
        organisation=organisation,
    )
    return Status(201, participant)


@router.delete("/participants/{participant_id}", response={204: None}, auth=MAY_MANAGE_PARTICIPANT)
def remove_participant(request, participant_id: DbId):
    participant = (
        Participant.objects.select_related("meeting__group").filter(pk=participant_id).first()
    )
    if participant is None:
        raise Http404("No such participant.")
    get_meeting_for(request.user, participant.meeting_id)  # 404 for outsiders
    services.remove_participant(request.user, participant)
    return Status(204, None)


@router.get("/meetings/{meeting_id}/participants", response=list[ParticipantOut])
def list_participants(request, meeting_id: DbId):
    meeting = get_meeting_for(request.user, meeting_id)
    if not can_see_participants(request.user, meeting):
        raise NotAllowed("The list of participants is shown to the group's members only.")
    return list(
        Participant.objects.filter(meeting=meeting).select_related(
            "person", "organisation", "delegation__member_state"
        )
    )


# Subscriptions --------------------------------------------------------------------------------


@router.get("/subscriptions", response=list[SubscriptionOut], auth=django_auth)
def my_subscriptions(request):
    """The groups the signed-in person follows by email."""
    return list(
        Subscription.objects.filter(person=request.user).select_related("group").order_by("id")
    )


@router.put("/groups/{slug}/subscription", response=SubscriptionOut, auth=MAY_FOLLOW_GROUP)
def subscribe(request, slug: str, payload: SubscriptionIn):
    group = get_group_for(request.user, slug)
    return services.subscribe(request.user, group, **payload.dict())


@router.delete("/groups/{slug}/subscription", response={204: None}, auth=MAY_FOLLOW_GROUP)
def unsubscribe(request, slug: str):
    group = get_group_for(request.user, slug)
    if not services.unsubscribe(request.user, group):
        raise Http404("Not subscribed.")
    return Status(204, None)


# History --------------------------------------------------------------------------------------


class HistoryEntryOut(Schema):
    id: int
    created_at: dt.datetime
    actor: str
    action: str
    record_type: str
    record_id: str
    record: str
    before: dict | None
    after: dict | None
    changes: list[dict]
    intact: bool


def _entry_out(e) -> dict:
    return {
        "id": e.event.id,
        "created_at": e.event.created_at,
        "actor": e.event.actor_label,
        "action": e.event.action,
        "record_type": e.event.object_type,
        "record_id": e.event.object_id,
        "record": e.event.object_label,
        "before": e.before,
        "after": e.after,
        "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in e.changes],
        "intact": e.hash_ok,
    }


@router.get("/groups/{slug}/activity", response=list[HistoryEntryOut])
def group_activity(request, slug: str, before: DbId | None = None):
    """The latest changes to every record of a group, newest first (members of the group)."""
    _, entries = history_entries.group_activity(request.user, slug, before_id=before)
    return [_entry_out(e) for e in entries]


@router.get("/history/{record_type}/{record_id}", response=list[HistoryEntryOut])
def history(request, record_type: str, record_id: DbId):
    """Who changed a record, when, and what it was before and after (members of its group)."""
    entries = history_entries.history_for(request.user, record_type, record_id)
    return [_entry_out(e) for e in entries]


# Venues ---------------------------------------------------------------------------------------


class VenueIn(InputSchema):
    name: dict[str, str]
    city: dict[str, str] = {}
    country: str | None = Field(None, description="ISO 3166 alpha-3 code")
    is_virtual: bool = False


class VenueOut(Schema):
    id: int
    name: dict
    city: dict
    country: str | None
    is_virtual: bool

    @staticmethod
    def resolve_country(obj: Venue) -> str | None:
        return obj.country.iso3 if obj.country_id else None


@router.get("/venues", response=list[VenueOut])
def list_venues(request):
    return list(Venue.objects.select_related("country").order_by("id"))


@router.post("/venues", response={201: VenueOut}, auth=MAY_ADD_VENUE)
def create_venue(request, payload: VenueIn):

    country = None
    if payload.country:
        country = MemberState.objects.filter(iso3=payload.country.upper()).first()
        if country is None:
            raise InvalidInput(f"no Member State with code {payload.country!r}", field="country")
    venue = services.create_venue(
        request.user,
        name=payload.name,
        city=payload.city,
        country=country,
        is_virtual=payload.is_virtual,
    )
    return Status(201, venue)
