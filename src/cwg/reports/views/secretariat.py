"""The secretariat's (and the chair's) page to generate and download a report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus

from cwg.core.forms_views import form_page
from cwg.core.i18n import document_language
from cwg.reports import generation, queries, tasks
from cwg.reports.forms import ReportRequestForm
from cwg.reports.models import ReportKind
from cwg.reports.permissions import (
    can_choose_annexes,
    can_store_report,
    can_submit_to_council,
    get_group_to_report,
)


@login_required
def request_report(request):
    groups = queries.reportable_groups(request.user)
    if not groups:
        raise PermissionDenied(_("Only a group's secretariat and chair may generate its reports."))
    initial = {"language": document_language(), "file_format": "docx", "kind": ReportKind.CHAIR}
    may_store = any(can_store_report(request.user, group) for group in groups)
    form = ReportRequestForm(
        request.POST or None, groups=groups, may_store=may_store, initial=initial
    )
    context = {
        "may_submit_to_council": any(can_submit_to_council(request.user, g) for g in groups),
        "annex_groups": [g for g in groups if can_choose_annexes(request.user, g)],
    }
    return form_page(
        request, form, lambda form: _generate(request, form), "reports/request.html", context
    )


def _generate(request, form):
    """Compose the report the form asks for: the file to download, or posted as a document."""
    data = form.cleaned_data
    group = get_group_to_report(request.user, data["group"])
    if data["kind"] == ReportKind.CYCLE:
        composition = generation.cycle_composition(
            group, data["from_year"], data["to_year"], data["language"]
        )
    else:
        composition = generation.chair_composition(group, data["meetings"], data["language"])
    report = generation.produce(composition, data["file_format"])
    if data.get("store"):
        return _store(request, form, group, data)
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response


def _store(request, form, group, data):
    """Post the report (already checked complete) as a document, in the background."""
    if not can_store_report(request.user, group):
        raise PermissionDenied(_("Only the group's secretariat posts the Chair's report."))
    result = tasks.store_chair_report.enqueue(
        request.user.pk, group.pk, data["meetings"], [data["language"]], data["file_format"]
    )
    if result.status == TaskResultStatus.SUCCESSFUL:
        messages.success(
            request, _("The report was posted as %(symbol)s.") % {"symbol": result.return_value}
        )
    elif result.status == TaskResultStatus.FAILED:
        messages.error(request, _("The report could not be posted."))
    else:
        messages.info(request, _("The report is being posted as a document of the group."))
    return redirect("reports:request")
