"""The read side of the registry: Member States filtered by region, basis and name."""

from __future__ import annotations

import unicodedata

from django.db.models import Count

from cwg.core.exceptions import InvalidInput
from cwg.core.i18n import pick
from cwg.core.pickers import Choice, matches, resolve_among, sorted_by_name
from cwg.registry.models import MemberState, Region, RegionBasis


def fold(text: str) -> str:
    """Lower case without accents, so that "cote d'ivoire" finds "Côte d’Ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("’", "'").casefold().strip()


def member_states(
    *, region: str | None = None, basis: str | None = None, search: str | None = None
) -> list[MemberState]:
    """Member States in ISO order, narrowed by region code, region basis and a name search.

    The name search matches any of the six UN-language names, the formal names and the ISO
    codes, ignoring case and accents. 194 rows: it is done in memory, which keeps it the same
    on SQLite and PostgreSQL.
    """
    states = MemberState.objects.select_related("region").order_by("iso3")
    if region:
        code = region.strip().upper()
        if code not in {"A", "B", "C", "D", "E"}:
            raise InvalidInput(
                f"unknown region {region!r}; use one of A, B, C, D, E", field="region"
            )
        states = states.filter(region__code=code)
    if basis:
        if basis not in RegionBasis.values:
            raise InvalidInput(
                f"unknown region basis {basis!r}; use one of {', '.join(RegionBasis.values)}",
                field="basis",
            )
        states = states.filter(region_basis=basis)
    states = list(states)
    needle = fold(search or "")
    if needle:
        states = [state for state in states if needle in _haystack(state)]
    return states


def _haystack(state: MemberState) -> str:
    bits = [state.iso3, state.iso2, state.official_name_en]
    bits += list((state.names or {}).values()) + list((state.formal_names or {}).values())
    return " | ".join(fold(bit) for bit in bits if bit)


def regions() -> list[Region]:
    return list(Region.objects.annotate(member_state_count=Count("member_states")).order_by("code"))


def states_directory(region: Region | None = None) -> list[dict]:
    """The directory page: each region (or the one asked for) with its Member States by name."""

    chosen = [region] if region is not None else list(Region.objects.order_by("code"))
    states = MemberState.objects.filter(region__in=chosen).select_related("region")
    by_region: dict[int, list[MemberState]] = {r.pk: [] for r in chosen}
    for state in states:
        by_region[state.region_id].append(state)
    return [
        {
            "region": r,
            "states": sorted(by_region[r.pk], key=lambda s: fold(pick(s.names))),
        }
        for r in chosen
    ]


def _state_names(state: MemberState) -> list[str]:
    return [state.iso3, state.iso2, *(state.names or {}).values()]


def states_by_name(language: str) -> list[MemberState]:
    """All Member States sorted by their name in the reader's language (accents and case aside)."""
    states = MemberState.objects.only("id", "iso3", "iso2", "names", "formal_names")
    return sorted_by_name(states, lambda s: s.name(language))


def pick_member_states(user, query: str, language: str) -> list[Choice]:
    """Member States (a public list) whose name in any language or ISO code matches the query."""
    return [
        Choice(str(s.pk), s.name(language), s.iso3)
        for s in states_by_name(language)
        if matches(query, *_state_names(s), *(s.formal_names or {}).values())
    ]


def find_member_state(user, text: str, language: str) -> MemberState | None:
    """The Member State named by its id, ISO code or name in any of the six languages."""
    if text.isdigit():
        return MemberState.objects.filter(pk=int(text)).first()
    states = MemberState.objects.only("id", "iso3", "iso2", "names")
    return resolve_among(((s, _state_names(s)) for s in states), text)
