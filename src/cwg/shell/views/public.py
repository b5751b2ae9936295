"""Public pages of the site shell: home, and the signed-in person's profile."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cwg.core.exceptions import DomainError
from cwg.core.forms_views import show_domain_error
from cwg.core.i18n import remember_language
from cwg.registry import services as registry_services
from cwg.registry.permissions import get_person_profile_for
from cwg.shell.forms import ProfileForm
from cwg.shell.views import sources


def home(request):
    return render(
        request,
        "shell/home.html",
        {
            "groups": sources.groups(request.user),
            "meetings": sources.upcoming_meetings(request.user),
            "consultations": sources.open_consultations(request.user),
            "open_deadlines": sources.contribution_deadlines(request.user),
        },
    )


@login_required
def profile(request, username: str | None = None):
    """Your profile (or, for the secretariat, anyone's): roles, and a form for language, time zone
    and name. Saving your own language switches the pages to it."""
    person = request.user if username is None else get_person_profile_for(request.user, username)
    own = person.pk == request.user.pk
    form = ProfileForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registry_services.update_profile(
                request.user,
                person,
                language=data["language"],
                time_zone=data["time_zone"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except DomainError as exc:
            show_domain_error(form, exc)
        else:
            return _saved(request, person, own=own)
    memberships = list(
        person.memberships.current()
        .select_related("group", "member_state")
        .order_by("group_id", "role")
    )
    languages = dict(settings.LANGUAGES)
    return render(
        request,
        "shell/profile.html",
        {
            "person": person,
            "own": own,
            "form": form,
            "memberships": memberships,
            "preferred_language_name": languages.get(
                person.preferred_language, person.preferred_language
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


def _saved(request, person, *, own: bool):
    # Your own new language applies from the very next page; someone else's does not change yours.
    language = person.preferred_language if own else translation.get_language()
    with translation.override(language):
        if own:
            messages.success(request, gettext("Your profile is saved."))
            url = reverse("core:profile")
        else:
            messages.success(
                request, gettext("The profile of %(name)s is saved.") % {"name": person}
            )
            url = reverse("core:person_profile", args=[person.username])
    response = redirect(url)
    if own:
        translation.activate(language)
        remember_language(response, language)
    return response
