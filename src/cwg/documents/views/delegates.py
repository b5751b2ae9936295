"""Pages for delegations (and the secretariat): submit a contribution, add files, revise."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from cwg.core.forms_views import form_page
from cwg.documents import permissions, services
from cwg.documents.forms import ContributionForm, RevisionForm, UploadForm
from cwg.meetings import deadlines
from cwg.meetings.permissions import get_meeting_for
from cwg.registry import access


@login_required
def submit_contribution(request, meeting_id: int):
    meeting = get_meeting_for(request.user, meeting_id)
    if not permissions.can_submit_contribution(request.user, meeting):
        raise PermissionDenied(
            _("Only delegates of Member States may submit contributions to this group.")
        )
    states = access.delegated_states(request.user, meeting.group_id)

    def submit(form):
        data = form.cleaned_data
        document = services.submit_contribution(
            request.user,
            meeting=meeting,
            state=data["state"],
            co_sponsors=list(data["co_sponsors"]),
            title={data["original_language"]: data["title"]},
            original_language=data["original_language"],
            access_level=data["access_level"],
            file=data.get("file"),
        )
        if document.is_late:
            messages.warning(
                request,
                _("%(symbol)s was received after the deadline and is marked as late.")
                % {"symbol": document.symbol},
            )
        else:
            messages.success(request, _("%(symbol)s was received.") % {"symbol": document.symbol})
        return redirect("documents:detail", symbol=document.symbol)

    form = ContributionForm(request.POST or None, request.FILES or None, states=states)
    context = {
        "meeting": meeting,
        "deadline": deadlines.contribution_deadline(meeting),
        "past_deadline": deadlines.is_past_deadline(meeting),
        "ended": deadlines.has_ended(meeting),
    }
    return form_page(request, form, submit, "documents/contribution_form.html", context)


def _document_for_change(request, document_id: int, allowed) -> object:
    document = permissions.get_document_for(request.user, pk=document_id)
    if not allowed(request.user, document):
        raise PermissionDenied(_("You may not change this document."))
    return document


@login_required
def upload_version(request, document_id: int):
    document = _document_for_change(request, document_id, permissions.can_upload_version)

    def upload(form):
        services.upload_version(
            request.user,
            document,
            language=form.cleaned_data["language"],
            file=form.cleaned_data["file"],
        )
        messages.success(request, _("The file was added."))
        return redirect("documents:detail", symbol=document.symbol)

    form = UploadForm(request.POST or None, request.FILES or None)
    return form_page(request, form, upload, "documents/upload_form.html", {"document": document})


@login_required
def revise(request, document_id: int):
    document = _document_for_change(request, document_id, permissions.can_revise)

    def issue(form):
        data = form.cleaned_data
        revision = services.revise(
            request.user,
            document,
            note=data["note"],
            title={document.original_language: data["title"]} if data["title"] else None,
            language=data["language"],
            file=data["file"],
        )
        messages.success(
            request, _("Revision %(number)s was issued.") % {"number": revision.revision}
        )
        return redirect("documents:detail", symbol=document.symbol)

    form = RevisionForm(request.POST or None, request.FILES or None, document=document)
    return form_page(request, form, issue, "documents/revise_form.html", {"document": document})
