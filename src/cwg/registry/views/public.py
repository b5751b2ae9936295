"""Public pages of the registry: the directory of ITU Member States."""

from __future__ import annotations

from django.shortcuts import render

from cwg.core.i18n import document_language
from cwg.registry import queries
from cwg.registry.views.forms import StatesFilterForm


def member_states(request):
    """Member States by name in the reader's language, filtered by region and name (3 queries)."""
    regions = queries.regions()
    form = StatesFilterForm(request.GET or None, regions=regions)
    region = search = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            region = form.cleaned_data["region"] or None
            search = form.cleaned_data["q"] or None
        else:
            status = 400
    language = document_language()
    states = sorted(
        queries.member_states(region=region, search=search),
        key=lambda s: queries.fold(s.name(language)),
    )
    context = {
        "form": form,
        "regions": regions,
        "region": next((r for r in regions if r.code == region), None),
        "states": states,
        "total": sum(r.member_state_count for r in regions),
        "filtered": bool(region or search),
    }
    return render(request, "registry/states.html", context, status=status)
