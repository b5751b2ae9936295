"""The secretariat's Council pages: sessions and agenda items, submitting the Chair's report to
a session, and recording Council's outcome."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from cwg.core.exceptions import NotFound
from cwg.core.forms_views import form_page
from cwg.reports import permissions, queries, services
from cwg.reports.forms import (
    CouncilAgendaItemForm,
    CouncilOutcomeForm,
    CouncilSessionForm,
    CouncilSubmissionForm,
)
from cwg.reports.models import CouncilAgendaItem


def _secretariat_only(user) -> None:
    if not permissions.can_manage_council_sessions(user):
        raise PermissionDenied(_("Only the secretariat keeps the Council sessions."))


@login_required
def sessions(request):
    """Every session with its agenda and documents; the form to record a session."""
    _secretariat_only(request.user)
    form = CouncilSessionForm(request.POST or None)

    def create(form):
        data = form.cleaned_data
        session = services.create_council_session(
            request.user,
            code=data["code"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            venue={"en": data["venue"]} if data["venue"] else {},
        )
        messages.success(request, _("Session %(code)s recorded.") % {"code": session.code})
        return redirect("reports:council_session", code=session.code)

    context = {"sessions": queries.council_sessions()}
    return form_page(request, form, create, "reports/council_sessions.html", context)


@login_required
def session(request, code: str):
    """One session: its agenda items (and the form to add one) and the documents sent to it."""
    _secretariat_only(request.user)
    try:
        the_session = queries.find_council_session(code)
    except NotFound:
        raise Http404("No such session.") from None
    form = CouncilAgendaItemForm(request.POST or None)

    def add(form):
        data = form.cleaned_data
        services.add_council_agenda_item(
            request.user, the_session, number=data["number"], title={"en": data["title"]}
        )
        messages.success(request, _("Agenda item added."))
        return redirect("reports:council_session", code=the_session.code)

    documents = the_session.documents.select_related("group", "agenda_item")
    context = {"session": the_session, "documents": documents}
    return form_page(request, form, add, "reports/council_session.html", context)


@login_required
def submit(request):
    """Submit a group's Chair's report to a Council session (the group's secretariat)."""
    groups = [
        g
        for g in queries.reportable_groups(request.user)
        if permissions.can_submit_to_council(request.user, g)
    ]
    if not groups:
        raise PermissionDenied(_("Only the group's secretariat submits its report to Council."))
    items = CouncilAgendaItem.objects.select_related("session").order_by(
        "-session__start_date", "id"
    )
    form = CouncilSubmissionForm(request.POST or None, groups=groups, items=items)

    def act(form):
        data = form.cleaned_data
        group = next(g for g in groups if g.slug == data["group"])
        item = items.get(pk=data["agenda_item"])
        submission = services.submit_to_council(
            request.user,
            group,
            session=item.session,
            agenda_item=item,
            meetings=data["meetings"],
            document_date=data["document_date"],
            original_language=data["original_language"],
        )
        messages.success(
            request,
            _("The report was submitted as %(symbol)s.") % {"symbol": submission.symbol},
        )
        return redirect("reports:council_session", code=item.session.code)

    return form_page(request, form, act, "reports/council_submit.html", {"has_items": items})


@login_required
def outcome(request, code: str, number: int):
    """Record what Council did with a submitted report (the group's secretariat)."""
    try:
        submission = queries.find_council_submission(f"{code}/{number}")
    except NotFound:
        raise Http404("No such document.") from None
    if not permissions.can_record_council_outcome(request.user, submission.group):
        raise Http404("No such document.")
    form = CouncilOutcomeForm(request.POST or None)

    def act(form):
        data = form.cleaned_data
        services.record_council_outcome(
            request.user,
            submission,
            outcome=data["outcome"],
            reference=data["reference"],
            date=data["date"],
        )
        messages.success(request, _("Council's outcome recorded."))
        return redirect("reports:council_session", code=submission.session.code)

    return form_page(request, form, act, "reports/council_outcome.html", {"submission": submission})
