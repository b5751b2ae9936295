"""Pages where the secretariat builds a gap analysis: workspace, import, runs, reviews, annex."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cwg.analysis import queries, services
from cwg.analysis.forms import (
    AnalysisForm,
    ImportForm,
    ResolutionClausesForm,
    ReviewForm,
    RunForm,
)
from cwg.analysis.models import Paragraph
from cwg.analysis.permissions import can_edit, can_load_mandates, get_analysis_for
from cwg.analysis.views import members
from cwg.core.exceptions import DomainError
from cwg.core.forms_views import show_domain_error


def _editable(request, pk: int):
    """The analysis for a write: 404 to outsiders, 404 too to members who may only read."""
    analysis = get_analysis_for(request.user, pk)
    if not can_edit(request.user, analysis):
        raise Http404("No such page.")
    return analysis


@login_required
def create(request):

    groups = queries.groups_for_new_analyses(request.user)
    if not groups:
        raise Http404("No such page.")
    form = AnalysisForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            analysis = services.create_analysis(
                request.user,
                form.groups[data["group"]],
                title=data["title"],
                document_symbol=data["document_symbol"],
                description=data["description"],
            )
        except DomainError as exc:
            show_domain_error(form, exc)
        else:
            messages.success(request, _("The gap analysis has been created."))
            return redirect("analysis:detail", analysis.pk)
    return render(
        request,
        "analysis/create.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def import_document(request, pk: int):
    analysis = _editable(request, pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, errors)
        return redirect("analysis:detail", analysis.pk)
    upload = form.cleaned_data["file"]
    try:
        result = services.import_document(
            request.user,
            analysis,
            data=upload.read(),
            filename=upload.name,
            language=form.cleaned_data["language"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(count)s paragraphs imported.") % {"count": result["paragraphs"]},
        )
    return redirect("analysis:detail", analysis.pk)


@login_required
@require_POST
def run(request, pk: int):
    analysis = _editable(request, pk)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a ranker and a number of suggestions from 1 to 10."))
        return redirect("analysis:detail", analysis.pk)
    try:
        services.start_suggestions(
            request.user,
            analysis,
            ranker=form.cleaned_data["ranker"],
            top=form.cleaned_data["top"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The suggestions are being computed."))
    return redirect("analysis:detail", analysis.pk)


@login_required
@require_POST
def review(request, pk: int, paragraph_id: int):
    analysis = _editable(request, pk)
    item = Paragraph.objects.filter(analysis=analysis, pk=paragraph_id).first()
    if item is None:
        raise Http404("No such paragraph.")
    form = ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.review_paragraph(
                request.user,
                item,
                classification=data["classification"],
                mandate_codes=data["mandates"],
                organisation_ids=[int(o) for o in data["organisations"]],
                comment=data["comment"],
                expected_version=data["expected_version"],
            )
        except DomainError as exc:
            field = exc.field if exc.field in form.fields else None
            if field == "expected_version":
                field = None
            form.add_error(field, exc.message)
        else:
            messages.success(request, _("The review of %(ref)s is saved.") % {"ref": item})
            return redirect("analysis:paragraph", analysis.pk, item.pk)
    status = 409 if any("changed by" in str(e) for e in form.non_field_errors()) else 400
    return members.paragraph(request, analysis.pk, item.pk, form=form, status=status)


@login_required
@require_POST
def attach(request, pk: int):
    analysis = _editable(request, pk)
    try:
        document = services.attach_annex(request.user, analysis)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("analysis:results", analysis.pk)
    messages.success(
        request, _("The annex is posted as document %(symbol)s.") % {"symbol": document.symbol}
    )
    return redirect("analysis:results", analysis.pk)


@login_required
@require_POST
def load_mandates(request):
    if not can_load_mandates(request.user):
        raise Http404("No such page.")
    try:
        counts = services.load_reference_mandates(request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(lines)s action lines and %(measures)s measures loaded.")
            % {"lines": counts["action_lines"], "measures": counts["measures"]},
        )
    return redirect("analysis:mandates")


@login_required
@require_POST
def resolution_clauses(request):
    if not can_load_mandates(request.user):
        raise Http404("No such page.")
    form = ResolutionClausesForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("analysis:mandates")
    upload = form.cleaned_data["file"]
    try:
        mandate = services.load_resolution_clauses(
            request.user,
            form.resolutions[form.cleaned_data["resolution"]],
            data=upload.read(),
            filename=upload.name,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(count)s clauses of %(code)s loaded.")
            % {"count": mandate.passages.count(), "code": mandate.code},
        )
    return redirect("analysis:mandates")
