"""Pages where the secretariat (and the chair) record decisions and move actions along."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cwg.core.exceptions import DomainError
from cwg.core.forms_views import form_page
from cwg.decisions import services
from cwg.decisions.forms import ActionForm, ActionStatusForm, DecisionForm, LinkDocumentsForm
from cwg.decisions.permissions import (
    can_approve_decisions,
    can_manage_actions,
    can_record_decisions,
    get_action_for,
    get_decision_for,
)
from cwg.meetings.permissions import get_meeting_for


@login_required
def record(request, meeting_id: int):
    meeting = get_meeting_for(request.user, meeting_id)
    if not can_record_decisions(request.user, meeting.group):
        raise Http404("No such page.")

    def save(form):
        decision = services.record_decision(request.user, meeting, **form.values())
        messages.success(request, _("The decision has been recorded."))
        return redirect("decisions:detail", decision.pk)

    form = DecisionForm(request.POST or None)
    return form_page(request, form, save, "decisions/record.html", {"meeting": meeting})


@login_required
@require_POST
def approve(request, decision_id: int):
    decision = get_decision_for(request.user, decision_id)
    if not can_approve_decisions(request.user, decision.meeting.group):
        raise Http404("No such page.")
    try:
        services.approve_decision(
            request.user, decision, approved_on=request.POST.get("approved_on") or None
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The decision has been approved."))
    return redirect("decisions:detail", decision.pk)


@login_required
@require_POST
def add_action(request, decision_id: int):
    decision = get_decision_for(request.user, decision_id)
    if not can_manage_actions(request.user, decision.meeting.group):
        raise Http404("No such page.")
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.add_action(
                request.user,
                decision,
                description={"en": form.cleaned_data["description_en"]},
                assignee_kind=form.cleaned_data["assignee_kind"],
                assignee_group=form.cleaned_data["assignee_group"] or None,
                due_date=form.cleaned_data["due_date"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The action has been added."))
    else:
        messages.error(request, _("The action could not be added: check the fields."))
    return redirect("decisions:detail", decision.pk)


@login_required
@require_POST
def set_action_status(request, action_id: int):
    action = get_action_for(request.user, action_id)
    if not can_manage_actions(request.user, action.decision.meeting.group):
        raise Http404("No such page.")
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_action_status(
                request.user, action, form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The action has been updated."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("decisions:detail", action.decision_id)


@login_required
@require_POST
def link_documents(request, action_id: int):
    from cwg.documents.models import Document

    action = get_action_for(request.user, action_id)
    if not can_manage_actions(request.user, action.decision.meeting.group):
        raise Http404("No such page.")
    form = LinkDocumentsForm(request.POST)
    if form.is_valid():
        symbols = form.symbol_list()
        found = dict(Document.objects.filter(symbol__in=symbols).values_list("symbol", "pk"))
        missing = [s for s in symbols if s not in found]
        if missing:
            messages.error(request, _("No document %(symbol)s.") % {"symbol": missing[0]})
        else:
            try:
                services.link_documents(request.user, action, list(found.values()))
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The documents have been linked."))
    else:
        messages.error(request, _("Name at least one document."))
    return redirect("decisions:detail", action.decision_id)
