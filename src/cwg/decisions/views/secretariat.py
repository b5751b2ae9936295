"""Pages where the secretariat (and the chair) record decisions and move actions along."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cwg.core.forms_views import act_and_go_back, form_page
from cwg.decisions import services
from cwg.decisions.forms import (
    ActionForm,
    ActionStatusForm,
    ApproveForm,
    DecisionForm,
    LinkDocumentsForm,
)
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

    form = DecisionForm(request.POST or None, reader=request.user, meeting=meeting)
    return form_page(request, form, save, "decisions/record.html", {"meeting": meeting})


@login_required
@require_POST
def approve(request, decision_id: int):
    decision = get_decision_for(request.user, decision_id)
    if not can_approve_decisions(request.user, decision.meeting.group):
        raise Http404("No such page.")
    form = ApproveForm(request.POST, meeting=decision.meeting)
    return act_and_go_back(
        request,
        lambda: services.approve_decision(
            request.user, decision, approved_on=form.cleaned_data["approved_on"]
        ),
        done=_("The decision has been approved."),
        back=redirect("decisions:detail", decision.pk),
        form=form,
        invalid=_("The decision could not be approved."),
    )


@login_required
@require_POST
def add_action(request, decision_id: int):
    decision = get_decision_for(request.user, decision_id)
    if not can_manage_actions(request.user, decision.meeting.group):
        raise Http404("No such page.")
    form = ActionForm(request.POST, reader=request.user, meeting=decision.meeting)

    def add():
        data = form.cleaned_data
        services.add_action(
            request.user,
            decision,
            description={"en": data["description_en"]},
            assignee_kind=data["assignee_kind"],
            assignee_group=data["assignee_group"],
            due_date=data["due_date"],
        )

    return act_and_go_back(
        request,
        add,
        done=_("The action has been added."),
        back=redirect("decisions:detail", decision.pk),
        form=form,
        invalid=_("The action could not be added: check the fields."),
    )


@login_required
@require_POST
def set_action_status(request, action_id: int):
    action = get_action_for(request.user, action_id)
    if not can_manage_actions(request.user, action.decision.meeting.group):
        raise Http404("No such page.")
    form = ActionStatusForm(request.POST)
    return act_and_go_back(
        request,
        lambda: services.set_action_status(
            request.user, action, form.cleaned_data["status"], note=form.cleaned_data["note"]
        ),
        done=_("The action has been updated."),
        back=redirect("decisions:detail", action.decision_id),
        form=form,
        invalid=_("Choose a valid status."),
    )


@login_required
@require_POST
def link_documents(request, action_id: int):

    action = get_action_for(request.user, action_id)
    if not can_manage_actions(request.user, action.decision.meeting.group):
        raise Http404("No such page.")
    form = LinkDocumentsForm(request.POST, reader=request.user)

    def link():
        services.link_documents(request.user, action, [d.pk for d in form.documents()])

    return act_and_go_back(
        request,
        link,
        done=_("The documents have been linked."),
        back=redirect("decisions:detail", action.decision_id),
        form=form,
        invalid="",
    )
