"""Pages of the secretariat: moving a meeting report through circulation and approval."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cwg.core.exceptions import DomainError
from cwg.documents import permissions, queries, report_services
from cwg.documents.forms import ReportStateForm
from cwg.meetings.models import Meeting


@login_required
def report_approval(request, report_id: int):
    report = permissions.get_report_for(request.user, report_id)
    if not permissions.can_move_report(request.user, report):
        raise PermissionDenied(_("Only the secretariat moves a meeting report."))
    meetings = Meeting.objects.filter(
        group_id=report.meeting.group_id, number__gte=report.meeting.number
    ).order_by("number")
    form = ReportStateForm(request.POST or None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report_services.change_state(
                request.user,
                report,
                data["state"],
                approved_at_meeting=data["approved_at_meeting"],
                approved_on=data["approved_on"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, _("The report is now %(state)s.") % {"state": report.get_state_display()}
            )
            return redirect("documents:report", report_id=report.pk)
    document = queries.document_detail(report.document)
    return render(
        request,
        "documents/report.html",
        {
            "report": report,
            "document": document,
            "history": queries.revision_history(document),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
