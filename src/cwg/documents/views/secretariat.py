"""Pages of the secretariat: drafting and approving meeting reports, managing a document."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cwg.core.access_levels import AccessLevel
from cwg.core.exceptions import DomainError, InvalidInput
from cwg.core.forms_views import form_page, show_domain_error
from cwg.documents import permissions, queries, services
from cwg.documents.forms import (
    AccessLevelForm,
    PostDocumentForm,
    ReportStartForm,
    ReportStateForm,
    TranslationRequestForm,
    WithdrawForm,
)
from cwg.documents.services import reports as report_services
from cwg.groups.permissions import get_group_for
from cwg.meetings.models import Meeting
from cwg.meetings.permissions import get_meeting_for


@login_required
def report_approval(request, report_id: int):
    report = permissions.get_report_for(request.user, report_id)
    if not permissions.can_move_report(request.user, report):
        raise PermissionDenied(_("Only the secretariat moves a meeting report."))
    meetings = Meeting.objects.filter(
        group_id=report.meeting.group_id, number__gte=report.meeting.number
    ).order_by("number")

    def move(form):
        data = form.cleaned_data
        report_services.change_state(
            request.user,
            report,
            data["state"],
            approved_at_meeting=data["approved_at_meeting"],
            approved_on=data["approved_on"],
        )
        messages.success(
            request, _("The report is now %(state)s.") % {"state": report.get_state_display()}
        )
        return redirect("documents:report", report_id=report.pk)

    form = ReportStateForm(request.POST or None, meetings=meetings)
    document = queries.document_detail(report.document)
    context = {
        "report": report,
        "document": document,
        "history": queries.revision_history(document),
    }
    return form_page(request, form, move, "documents/report.html", context)


@login_required
def post_document(request, group_slug: str):
    """The secretariat posts a document of one of the group's meetings, or of the group."""
    group = get_group_for(request.user, group_slug)
    if not permissions.can_submit_document(request.user, group):
        raise PermissionDenied(_("Only the secretariat of the group posts documents."))
    meetings = list(Meeting.objects.filter(group=group).order_by("-start_date", "-number"))
    by_id = {meeting.pk: meeting for meeting in meetings}

    def post(form):
        data = form.cleaned_data
        meeting = by_id.get(data["meeting"]) if data["meeting"] else None
        if data["meeting"] and meeting is None:
            raise InvalidInput(_("Choose one of the group's meetings."), field="meeting")
        document = services.submit_document(
            request.user,
            group=group,
            meeting=meeting,
            document_type=data["document_type"],
            source_kind=data["source_kind"],
            title={data["original_language"]: data["title"]},
            original_language=data["original_language"],
            access_level=data["access_level"],
            versions=form.versions(),
        )
        messages.success(
            request, _("Document %(symbol)s was posted.") % {"symbol": document.symbol}
        )
        return redirect("documents:detail", symbol=document.symbol)

    wanted = request.GET.get("meeting", "")
    initial = {"meeting": int(wanted)} if wanted.isdigit() and int(wanted) in by_id else {}
    form = PostDocumentForm(
        request.POST or None, request.FILES or None, meetings=meetings, initial=initial
    )
    return form_page(request, form, post, "documents/post_form.html", {"group": group})


@login_required
def start_report(request, meeting_id: int):
    meeting = get_meeting_for(request.user, meeting_id)
    if not permissions.can_create_report(request.user, meeting):
        raise PermissionDenied(_("Only the secretariat drafts meeting reports."))

    def start(form):
        data = form.cleaned_data
        report = report_services.create_report(
            request.user,
            meeting,
            title={data["original_language"]: data["title"]},
            original_language=data["original_language"],
            access_level=data["access_level"] or AccessLevel.INHERIT,
            file=data.get("file"),
        )
        messages.success(request, _("The draft report was started."))
        return redirect("documents:report", report_id=report.pk)

    form = ReportStartForm(request.POST or None, request.FILES or None)
    return form_page(request, form, start, "documents/report_start.html", {"meeting": meeting})


MANAGE_FORMS = {
    "access": AccessLevelForm,
    "translation": TranslationRequestForm,
    "withdraw": WithdrawForm,
}


@login_required
def manage(request, document_id: int):
    """Access level, translation requests and withdrawal of one document."""
    document = permissions.get_document_for(request.user, pk=document_id)
    if not permissions.can_change_access_level(request.user, document):
        raise PermissionDenied(_("Only the secretariat manages documents."))
    forms = {
        "access": AccessLevelForm(prefix="access", initial={"access_level": document.access_level}),
        "translation": TranslationRequestForm(prefix="translation"),
        "withdraw": WithdrawForm(prefix="withdraw"),
    }
    failed = False
    action = request.POST.get("action")
    if request.method == "POST":
        if action not in MANAGE_FORMS:
            failed = True
            messages.error(request, _("Unknown action."))
        else:
            form = MANAGE_FORMS[action](request.POST, prefix=action)
            forms[action] = form
            if form.is_valid():
                try:
                    _apply(request.user, document, action, form.cleaned_data)
                except DomainError as error:
                    show_domain_error(form, error)
                    failed = True
                else:
                    messages.success(request, _("Done."))
                    return redirect("documents:manage", document_id=document.pk)
            else:
                failed = True
    detailed = queries.document_detail(document)
    return render(
        request,
        "documents/manage.html",
        {
            "document": detailed,
            "versions": queries.translation_status(detailed),
            "forms": forms,
        },
        status=400 if failed else 200,
    )


def _apply(user, document, action: str, data: dict) -> None:
    if action == "access":
        services.set_access_level(user, document, data["access_level"])
    elif action == "translation":
        services.set_translation_status(
            user, document, language=data["language"], status=data["status"]
        )
    elif action == "withdraw":
        services.withdraw(user, document, reason=data["reason"])
