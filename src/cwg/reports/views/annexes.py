"""The secretariat's page to annex texts agreed by the group to its reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cwg.core.exceptions import DomainError, NotFound
from cwg.core.forms_views import form_page
from cwg.drafting.queries import visible_texts
from cwg.groups.permissions import can_view_group
from cwg.reports import queries, services
from cwg.reports.forms import AnnexForm
from cwg.reports.permissions import can_choose_annexes


def _group_for(user, slug: str):
    """The group whose annexes are chosen: 404 if unseen, 403 if merely seen."""
    try:
        group = queries.find_group(slug)
    except NotFound:
        raise Http404("No such group.") from None
    if not can_view_group(user, group):
        raise Http404("No such group.")
    if not can_choose_annexes(user, group):
        raise PermissionDenied(_("Only the group's secretariat annexes texts to its reports."))
    return group


@login_required
def annexes(request, group: str):
    the_group = _group_for(request.user, group)
    texts = visible_texts(request.user).filter(group=the_group).order_by("slug")
    form = AnnexForm(request.POST or None, texts=texts)

    def add(form):
        data = form.cleaned_data
        annex = services.annex_text(request.user, the_group, data["kind"], data["text"])
        messages.success(request, _("%(text)s is annexed.") % {"text": annex.text})
        return redirect("reports:annexes", the_group.slug)

    context = {"group": the_group, "annexes": queries.report_annexes(the_group)}
    return form_page(request, form, add, "reports/annexes.html", context)


@login_required
@require_POST
def remove_annex(request, group: str):
    the_group = _group_for(request.user, group)
    try:
        services.remove_annex(
            request.user, the_group, request.POST.get("kind"), request.POST.get("text")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The annex is removed."))
    return redirect("reports:annexes", the_group.slug)
