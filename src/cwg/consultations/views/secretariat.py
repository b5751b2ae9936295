"""Secretariat pages: moving states, the moderation queue, campaign-detection runs."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cwg.consultations import campaign_runs, permissions, queries, services
from cwg.consultations.forms import ReasonForm, StateForm
from cwg.consultations.models import Submission
from cwg.consultations.views.zones import in_reader_zone
from cwg.core.exceptions import DomainError
from cwg.meetings.models import Meeting

PAGE_SIZE = 50


def _managed(request, slug: str):
    consultation = permissions.get_consultation_or_404(request.user, slug)
    if not permissions.can_manage_consultation(request.user, consultation):
        # Readers who may see the consultation still may not see its secretariat pages.
        raise Http404("No such page.")
    return consultation


@in_reader_zone
def moderation(request, slug: str):
    consultation = _managed(request, slug)
    show = request.GET.get("show", "all")
    qs = queries.moderation_queue(consultation, show=show).prefetch_related("moderation_events")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/moderation.html",
        {"consultation": consultation, "page_obj": page, "show": show, "reason_form": ReasonForm()},
    )


def _moderate(request, slug: str, receipt: str, action):
    consultation = _managed(request, slug)
    submission = Submission.objects.filter(consultation=consultation, receipt=receipt).first()
    if submission is None:
        raise Http404("No such submission.")
    submission.consultation = consultation
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for this moderation."))
        return redirect("consultations:moderation", slug=slug)
    try:
        action(request.user, submission, form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Submission %(r)s updated.") % {"r": submission.receipt})
    return redirect("consultations:moderation", slug=slug)


@require_POST
def hide(request, slug: str, receipt: str):
    return _moderate(request, slug, receipt, services.hide_submission)


@require_POST
def restore(request, slug: str, receipt: str):
    return _moderate(request, slug, receipt, services.restore_submission)


@require_POST
def change_state(request, slug: str):
    consultation = _managed(request, slug)
    form = StateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid state."))
        return redirect("consultations:detail", slug=slug)
    meeting = None
    number = form.cleaned_data.get("meeting")
    if number:
        meeting = Meeting.objects.filter(group=consultation.group, number=number).first()
        if meeting is None:
            messages.error(request, _("The group has no meeting %(n)s.") % {"n": number})
            return redirect("consultations:detail", slug=slug)
    try:
        services.transition(request.user, consultation, form.cleaned_data["state"], meeting=meeting)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The consultation's state was changed."))
    return redirect("consultations:detail", slug=slug)


@require_POST
def run_campaigns(request, slug: str):
    consultation = _managed(request, slug)
    try:
        campaign_runs.request_full_run(request.user, consultation)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("consultations:campaigns", slug=slug)
