"""The secretariat's import of responses from a JSON-lines file, with its progress."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cwg.consultations import imports, permissions
from cwg.consultations.forms import ImportForm
from cwg.consultations.models import ResponseImport
from cwg.consultations.views.zones import in_reader_zone
from cwg.core.exceptions import DomainError, InvalidInput

# The file is read whole into the web process before it is stored for the worker.
MAX_IMPORT_BYTES = 100 * 1024 * 1024


def _managed(request, slug: str):
    consultation = permissions.get_consultation_for(request.user, slug)
    if not permissions.can_manage_consultation(request.user, consultation):
        raise Http404("No such page.")
    return consultation


def _context(consultation, job) -> dict:
    progress_url = reverse("consultations:import_progress", args=[consultation.slug, job.pk])
    state = {"queued": "pending", "running": "running"}.get(job.status, job.status)
    return {
        "consultation": consultation,
        "job": job,
        "progress_url": progress_url,
        "state": state,
        "percent": imports.percent_of(job),
        "processed": imports.progress_of(job),
        "result_url": reverse("consultations:moderation", args=[consultation.slug]),
    }


@in_reader_zone
@require_http_methods(["GET", "POST"])
def start(request, slug: str):
    consultation = _managed(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_IMPORT_BYTES:
                    raise InvalidInput(
                        _("The file is larger than %(n)s MB: split it and import each part.")
                        % {"n": MAX_IMPORT_BYTES // (1024 * 1024)},
                        field="file",
                    )
                job = imports.request_import(request.user, consultation, upload.name, upload.read())
            except DomainError as exc:
                form.add_error("file" if exc.field == "file" else None, exc.message)
                status = exc.status_code
            else:
                return redirect("consultations:import_status", slug=slug, import_id=job.pk)
    recent = ResponseImport.objects.filter(consultation=consultation).select_related(
        "requested_by"
    )[:10]
    return render(
        request,
        "consultations/import.html",
        {"consultation": consultation, "form": form, "recent": recent},
        status=status,
    )


@in_reader_zone
def status(request, slug: str, import_id: int):
    consultation = _managed(request, slug)
    job = get_object_or_404(ResponseImport, consultation=consultation, pk=import_id)
    return render(request, "consultations/import_status.html", _context(consultation, job))


def progress(request, slug: str, import_id: int):
    """The progress box alone, polled while the import runs."""
    consultation = _managed(request, slug)
    job = get_object_or_404(ResponseImport, consultation=consultation, pk=import_id)
    return render(request, "consultations/_import_progress.html", _context(consultation, job))
