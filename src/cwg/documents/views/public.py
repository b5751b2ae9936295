"""Pages every reader may open: the document list, a document's page and its files."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cwg.documents import permissions, queries
from cwg.documents.downloads import file_response
from cwg.documents.models import DocumentType, Language
from cwg.meetings.models import Meeting
from cwg.registry import access

PAGE_SIZE = 50


def document_list(request):
    filters = {
        "group": request.GET.get("group") or None,
        "meeting": request.GET.get("meeting") or None,
        "document_type": request.GET.get("type") or None,
        "language": request.GET.get("language") or None,
        "q": (request.GET.get("q") or "").strip() or None,
    }
    if filters["document_type"] and filters["document_type"] not in DocumentType.values:
        messages.error(request, _("Unknown document type; the filter was not applied."))
        filters["document_type"] = None
    if filters["language"] and filters["language"] not in settings.UN_LANGUAGES:
        messages.error(request, _("Unknown language; the filter was not applied."))
        filters["language"] = None
    if filters["meeting"] and not str(filters["meeting"]).isdigit():
        messages.error(request, _("Unknown meeting; the filter was not applied."))
        filters["meeting"] = None
    documents = queries.document_list(request.user, **filters)
    contribute_to = None
    if filters["meeting"]:
        meeting = Meeting.objects.filter(pk=filters["meeting"]).first()
        if meeting is not None and permissions.can_submit_contribution(request.user, meeting):
            contribute_to = meeting
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(document, queries.translation_status(document)) for document in page.object_list]
    return render(
        request,
        "documents/list.html",
        {
            "page_obj": page,
            "rows": rows,
            "filters": filters,
            "type_choices": DocumentType.choices,
            "language_choices": Language.choices,
            "contribute_to": contribute_to,
        },
    )


def document_detail(request, symbol: str):
    if symbol.isdigit():
        # Links made from a document's id lead to its page under its symbol.
        document = permissions.get_document_for(request.user, pk=int(symbol))
        return redirect("documents:detail", symbol=document.symbol)
    document = queries.document_detail(permissions.get_document_for(request.user, symbol=symbol))
    report = queries.report_of(document)
    is_secretariat = access.is_secretariat(request.user, document.group_id)
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "versions": queries.translation_status(document),
            "history": queries.revision_history(document),
            "report": report,
            "can_revise": permissions.can_revise(request.user, document) and not document.withdrawn,
            "can_manage_report": report is not None and is_secretariat,
            "can_manage": is_secretariat,
        },
    )


def download(request, file_id: int):
    return file_response(permissions.get_file_for(request.user, file_id))


def version(request, document_id: int, revision: int, language: str):
    """One language version of one revision: an address that keeps serving that file after
    later revisions; a document or version the reader may not see is not found."""
    document = permissions.get_document_for(request.user, pk=document_id)
    found = (
        document.files.filter(revision=revision, language=language)
        .exclude(file="")
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        raise Http404("No such version.")
    return file_response(permissions.get_file_for(request.user, found))
