"""JSON API endpoints of the groups domain: groups, their legal basis, and resolutions."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Router, Schema, Status

from cwg.core.api_auth import permitted
from cwg.core.exceptions import InvalidInput
from cwg.core.i18n import document_language, pick
from cwg.core.schemas import DbId, InputSchema, Ordinal, Year
from cwg.groups import queries, services
from cwg.groups.citations import cite, cite_many
from cwg.groups.models import Group, Instrument, Resolution
from cwg.groups.permissions import (
    can_add_resolution,
    can_create_group,
    get_group_for,
    get_group_to_edit,
    get_resolution_for,
)
from cwg.registry.models import MemberState, Person

router = Router()

# Who may try each write, checked before the body is read (an outsider learns nothing of it).
MAY_CREATE_GROUP = permitted(
    lambda user: can_create_group(user), "Only the platform's secretariat may set up a group."
)
MAY_ADD_RESOLUTION = permitted(
    lambda user: can_add_resolution(user), "Only the secretariat may record a resolution."
)
MAY_EDIT_GROUP = permitted(lambda user, slug: bool(get_group_to_edit(user, slug)))


# ---- schemas ---------------------------------------------------------------------------------


class ResolutionOut(Schema):
    id: int
    instrument: str
    number: str
    revision_kind: str
    place: dict[str, str]
    year: int
    title: str
    titles: dict[str, str]
    url: str
    citation: str


class LegalBasisOut(Schema):
    id: int
    role: str
    order: int
    summary: str
    summaries: dict[str, str]
    resolution: ResolutionOut


class OfficerOut(Schema):
    role: str
    name: str
    member_state: str | None
    member_state_name: str | None


class GroupOut(Schema):
    slug: str
    acronym: str
    acronyms: dict[str, str]
    name: str
    names: dict[str, str]
    symbol_prefix: str
    participation: str
    holds_open_consultations: bool
    visibility: str
    reports_to: str


class GroupDetailOut(GroupOut):
    mandate: str
    mandates: dict[str, str]
    legal_basis: list[LegalBasisOut]
    references: str
    officers: list[OfficerOut]


class GroupIn(InputSchema):
    slug: str
    acronym: dict[str, str]
    name: dict[str, str]
    symbol_prefix: str
    mandate: dict[str, str] = {}
    participation: str = "member_states"
    holds_open_consultations: bool = False
    visibility: str = "public"
    reports_to: str = "Council"


class GroupPatch(InputSchema):
    acronym: dict[str, str] | None = None
    name: dict[str, str] | None = None
    symbol_prefix: str | None = None
    mandate: dict[str, str] | None = None
    participation: str | None = None
    holds_open_consultations: bool | None = None
    visibility: str | None = None
    reports_to: str | None = None


class ResolutionIn(InputSchema):
    instrument: str
    number: str
    year: Year
    revision_kind: str = "original"
    place: dict[str, str] = {}
    title: dict[str, str] = {}
    text: dict[str, str] = {}
    url: str = ""


class LegalBasisIn(InputSchema):
    resolution_id: DbId
    role: str
    summary: dict[str, str] = {}
    order: Ordinal | None = None


class RoleIn(InputSchema):
    username: str
    role: str
    member_state: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class RoleOut(Schema):
    id: int
    username: str
    role: str
    group: str
    member_state: str | None
    start_date: dt.date | None
    end_date: dt.date | None


# ---- helpers ---------------------------------------------------------------------------------


def _resolution_out(resolution: Resolution, language: str) -> dict:
    return {
        "id": resolution.pk,
        "instrument": resolution.instrument,
        "number": resolution.number,
        "revision_kind": resolution.revision_kind,
        "place": resolution.place or {},
        "year": resolution.year,
        "title": pick(resolution.title, language),
        "titles": resolution.title or {},
        "url": resolution.url,
        "citation": cite(resolution, language),
    }


def _group_out(group: Group, language: str) -> dict:
    return {
        "slug": group.slug,
        "acronym": group.display_acronym(language),
        "acronyms": group.acronym,
        "name": group.display_name(language),
        "names": group.name,
        "symbol_prefix": group.symbol_prefix,
        "participation": group.participation,
        "holds_open_consultations": group.holds_open_consultations,
        "visibility": group.visibility,
        "reports_to": group.reports_to,
    }


def _group_detail_out(group: Group, language: str) -> dict:
    links = list(group.legal_basis.all())
    seen: dict[int, Resolution] = {}
    for link in links:
        seen.setdefault(link.resolution_id, link.resolution)
    officers = []
    for role, memberships in queries.officers(group).items():
        for membership in memberships:
            state = membership.member_state or None
            officers.append(
                {
                    "role": role,
                    "name": membership.person.get_full_name() or membership.person.username,
                    "member_state": state.iso3 if state else None,
                    "member_state_name": pick(state.names, language) if state else None,
                }
            )
    return {
        **_group_out(group, language),
        "mandate": pick(group.mandate, language),
        "mandates": group.mandate or {},
        "legal_basis": [
            {
                "id": link.pk,
                "role": link.role,
                "order": link.order,
                "summary": pick(link.summary, language),
                "summaries": link.summary or {},
                "resolution": _resolution_out(link.resolution, language),
            }
            for link in links
        ],
        "references": cite_many(list(seen.values()), language) if seen else "",
        "officers": officers,
    }


def _detail(user, slug: str, language: str) -> dict:
    group = get_group_for(user, slug)
    group = queries.with_details(Group.objects.filter(pk=group.pk)).get()
    return _group_detail_out(group, language)


# ---- read ------------------------------------------------------------------------------------


@router.get("/groups", response=list[GroupOut], summary="Groups the reader may see")
def list_groups(request, lang: str | None = None):
    language = document_language(lang)
    return [_group_out(g, language) for g in queries.visible_groups(request.user).order_by("slug")]


@router.get("/groups/{slug}", response=GroupDetailOut, summary="One group with its legal basis")
def get_group(request, slug: str, lang: str | None = None):
    return _detail(request.user, slug, document_language(lang))


@router.get("/resolutions", response=list[ResolutionOut], summary="Resolutions, cited")
def list_resolutions(request, lang: str | None = None, instrument: str | None = None):
    """Every recorded resolution, with its citation in the language asked for (`?lang=fr`)."""

    if instrument and instrument not in Instrument.values:
        raise InvalidInput(
            f"instrument must be one of {', '.join(Instrument.values)}", field="instrument"
        )
    language = document_language(lang)
    return [_resolution_out(r, language) for r in queries.resolutions(instrument=instrument)]


@router.get("/resolutions/{resolution_id}", response=ResolutionOut, summary="One resolution")
def get_resolution(request, resolution_id: DbId, lang: str | None = None):
    return _resolution_out(get_resolution_for(request.user, resolution_id), document_language(lang))


# ---- write (secretariat) ---------------------------------------------------------------------


@router.post(
    "/groups", response={201: GroupDetailOut}, auth=MAY_CREATE_GROUP, summary="Set up a group"
)
def create_group(request, payload: GroupIn, lang: str | None = None):
    data = payload.dict()
    group = services.create_group(request.user, **data)
    return Status(201, _detail(request.user, group.slug, document_language(lang)))


@router.patch(
    "/groups/{slug}", response=GroupDetailOut, auth=MAY_EDIT_GROUP, summary="Change a group"
)
def update_group(request, slug: str, payload: GroupPatch, lang: str | None = None):
    group = get_group_to_edit(request.user, slug)
    changes = payload.dict(exclude_unset=True)
    if not changes:
        raise InvalidInput("nothing to change: send at least one field")
    nulls = [key for key, value in changes.items() if value is None]
    if nulls:
        raise InvalidInput(f"{nulls[0]} cannot be null", field=nulls[0])
    services.update_group(request.user, group, **changes)
    return _detail(request.user, slug, document_language(lang))


@router.post(
    "/resolutions",
    response={201: ResolutionOut},
    auth=MAY_ADD_RESOLUTION,
    summary="Record a resolution",
)
def create_resolution(request, payload: ResolutionIn, lang: str | None = None):
    resolution = services.create_resolution(request.user, **payload.dict())
    return Status(201, _resolution_out(resolution, document_language(lang)))


@router.post(
    "/groups/{slug}/legal-basis",
    response={201: LegalBasisOut},
    auth=MAY_EDIT_GROUP,
    summary="Add a resolution to a group's legal basis",
)
def add_legal_basis(request, slug: str, payload: LegalBasisIn, lang: str | None = None):
    group = get_group_to_edit(request.user, slug)
    try:
        resolution = get_resolution_for(request.user, payload.resolution_id)
    except Http404:
        raise InvalidInput(
            f"there is no resolution with id {payload.resolution_id}", field="resolution_id"
        ) from None
    link = services.add_to_legal_basis(
        request.user,
        group,
        resolution,
        payload.role,
        summary=payload.summary,
        order=payload.order,
    )
    language = document_language(lang)
    return Status(
        201,
        {
            "id": link.pk,
            "role": link.role,
            "order": link.order,
            "summary": pick(link.summary, language),
            "summaries": link.summary,
            "resolution": _resolution_out(resolution, language),
        },
    )


@router.post(
    "/groups/{slug}/roles",
    response={201: RoleOut},
    auth=MAY_EDIT_GROUP,
    summary="Make a person chair, vice-chair, secretariat or delegate of a group",
)
def assign_role(request, slug: str, payload: RoleIn):
    group = get_group_to_edit(request.user, slug)
    person = Person.objects.filter(username=payload.username.strip()).first()
    if person is None:
        raise InvalidInput(
            f"there is no person with the user name {payload.username!r}", field="username"
        )
    state = None
    if payload.member_state:
        state = MemberState.objects.filter(iso3=payload.member_state.strip().upper()).first()
        if state is None:
            raise InvalidInput(
                f"there is no Member State with the code {payload.member_state!r}",
                field="member_state",
            )
    membership = services.assign_role(
        request.user,
        group,
        person,
        payload.role,
        member_state=state,
        start_date=payload.start_date,
        end_date=payload.end_date,
    )
    return Status(
        201,
        {
            "id": membership.pk,
            "username": person.username,
            "role": membership.role,
            "group": group.slug,
            "member_state": state.iso3 if state else None,
            "start_date": membership.start_date,
            "end_date": membership.end_date,
        },
    )
