"""Public pages of the site shell: home, and the signed-in person's profile."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cwg.core.views import sources


def home(request):
    return render(
        request,
        "core/home.html",
        {
            "groups": sources.groups(request.user),
            "meetings": sources.upcoming_meetings(request.user),
            "consultations": sources.open_consultations(request.user),
        },
    )


@login_required
def profile(request):
    person = request.user
    memberships = list(
        person.memberships.current()
        .select_related("group", "member_state")
        .order_by("group_id", "role")
    )
    languages = dict(settings.LANGUAGES)
    return render(
        request,
        "core/profile.html",
        {
            "person": person,
            "memberships": memberships,
            "preferred_language_name": languages.get(
                person.preferred_language, person.preferred_language
            ),
        },
    )
