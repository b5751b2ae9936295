"""JSON API endpoints of the registry domain: Member States and ITU regions (public), profiles."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpResponse
from ninja import Field, Router, Schema
from ninja.security import django_auth

from cwg.core.api_auth import permitted
from cwg.core.exceptions import InvalidInput
from cwg.core.i18n import document_language, pick, remember_language
from cwg.core.schemas import InputSchema, ListOffset
from cwg.registry import queries, services
from cwg.registry.permissions import get_member_state_for, get_person_profile_for

router = Router()

# Who may try each write, checked before the body is read (an outsider learns nothing of it).
MAY_EDIT_PROFILE = permitted(lambda user, username: bool(get_person_profile_for(user, username)))

MAX_LIMIT = 200


class RegionOut(Schema):
    code: str
    name: str
    names: dict[str, str]
    council_seats: int
    member_states: int


class MemberStateOut(Schema):
    iso3: str
    iso2: str
    m49: str
    name: str
    names: dict[str, str]
    formal_names: dict[str, str]
    official_name_en: str
    region: str
    region_basis: str = Field(description="sourced (ITU election results) or derived (rule)")
    region_note: str


class MemberStatePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MemberStateOut]


def _state_out(state, language: str) -> dict:
    return {
        "iso3": state.iso3,
        "iso2": state.iso2,
        "m49": state.m49,
        "name": pick(state.names, language),
        "names": state.names,
        "formal_names": state.formal_names,
        "official_name_en": state.official_name_en,
        "region": state.region.code,
        "region_basis": state.region_basis,
        "region_note": state.region_note,
    }


@router.get("/member-states", response=MemberStatePage, summary="ITU Member States")
def list_member_states(
    request,
    region: str | None = None,
    basis: str | None = None,
    search: str | None = None,
    lang: str | None = None,
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 50,
    offset: ListOffset = 0,
):
    """The 194 ITU Member States, filtered by region (A–E), region basis and a name search."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
    if offset < 0:
        raise InvalidInput("offset cannot be negative", field="offset")
    language = document_language(lang)
    states = queries.member_states(region=region, basis=basis, search=search)
    return {
        "count": len(states),
        "limit": limit,
        "offset": offset,
        "items": [_state_out(state, language) for state in states[offset : offset + limit]],
    }


@router.get("/member-states/{iso3}", response=MemberStateOut, summary="One Member State")
def get_member_state(request, iso3: str, lang: str | None = None):
    return _state_out(get_member_state_for(request.user, iso3), document_language(lang))


@router.get("/regions", response=list[RegionOut], summary="ITU administrative regions")
def list_regions(request, lang: str | None = None):
    language = document_language(lang)
    return [
        {
            "code": region.code,
            "name": pick(region.name, language),
            "names": region.name,
            "council_seats": region.council_seats,
            "member_states": region.member_state_count,
        }
        for region in queries.regions()
    ]


# Profiles -------------------------------------------------------------------------------------


class ProfileIn(InputSchema):
    language: str | None = Field(None, description="a UI language code, e.g. en, fr, zh-hans")
    time_zone: str | None = Field(None, description="an IANA time zone, e.g. Europe/Geneva")
    first_name: str | None = None
    last_name: str | None = None


class ProfileOut(Schema):
    username: str
    first_name: str
    last_name: str
    email: str
    language: str
    time_zone: str


def _profile_out(person) -> dict:
    return {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "language": person.preferred_language,
        "time_zone": person.time_zone,
    }


def _apply_profile(request, person, payload: ProfileIn):
    changes = payload.dict(exclude_unset=True)
    if not changes:
        raise InvalidInput("give at least one of language, time_zone, first_name, last_name")
    missing = sorted(key for key, value in changes.items() if value is None)
    if missing:
        raise InvalidInput(
            f"{missing[0]} cannot be null; leave it out to keep it", field=missing[0]
        )
    return services.update_profile(request.user, person, **changes)


@router.get("/me", response=ProfileOut, auth=django_auth, summary="Your profile")
def get_me(request):
    return _profile_out(request.user)


@router.patch("/me", response=ProfileOut, auth=django_auth, summary="Change your profile")
def update_me(request, payload: ProfileIn, response: HttpResponse):
    """Change your language, time zone or name; a new language is also remembered for the pages
    (the language cookie, as the language switcher sets it)."""
    person = _apply_profile(request, request.user, payload)
    if payload.language is not None:
        remember_language(response, person.preferred_language)
    return _profile_out(person)


@router.get(
    "/people/{username}/profile", response=ProfileOut, auth=django_auth, summary="A profile"
)
def get_profile(request, username: str):
    """Your own profile, or (secretariat) anyone's; 404 for other people's."""
    return _profile_out(get_person_profile_for(request.user, username))


@router.patch(
    "/people/{username}/profile",
    response=ProfileOut,
    auth=MAY_EDIT_PROFILE,
    summary="Change a profile",
)
def update_profile(request, username: str, payload: ProfileIn):
    """Your own profile, or (secretariat) anyone's; 404 for other people's."""
    person = get_person_profile_for(request.user, username)
    return _profile_out(_apply_profile(request, person, payload))
