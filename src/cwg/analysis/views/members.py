"""Pages the members of a group read: analyses, paragraphs with suggestions, results, exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify

from cwg.analysis import exports, queries
from cwg.analysis.forms import ImportForm, ResolutionClausesForm, ReviewForm, RunForm
from cwg.analysis.models import Paragraph, ReviewEntry, RunStatus, SuggestionRun
from cwg.analysis.permissions import can_edit, can_load_mandates, get_analysis_for
from cwg.analysis.ranking import embeddings_available

PROGRESS_STATE = {
    RunStatus.QUEUED: "pending",
    RunStatus.RUNNING: "running",
    RunStatus.DONE: "done",
    RunStatus.FAILED: "failed",
}


@login_required
def analysis_list(request):

    analyses = list(queries.analyses_for(request.user))
    groups = queries.groups_for_new_analyses(request.user)
    return render(
        request,
        "analysis/list.html",
        {"analyses": analyses, "can_create": bool(groups)},
    )


def progress_context(run: SuggestionRun | None) -> dict:
    if run is None:
        return {}
    message = run.error or run.note
    return {
        "run": run,
        "progress_url": reverse("analysis:progress", args=[run.pk]),
        "state": PROGRESS_STATE[run.status],
        "percent": run.percent,
        "message": message,
        "result_url": reverse("analysis:results", args=[run.analysis_id]),
    }


@login_required
def detail(request, pk: int):
    analysis = get_analysis_for(request.user, pk)
    run = queries.latest_run(analysis)
    rows = queries.paragraph_rows(analysis)
    available, reason = embeddings_available()
    context = {
        "analysis": analysis,
        "rows": rows,
        "can_edit": can_edit(request.user, analysis),
        "import_form": ImportForm(),
        "run_form": RunForm(),
        "embeddings_available": available,
        "embeddings_reason": reason,
        "sections": analysis.sections.count(),
        **progress_context(run),
    }
    return render(request, "analysis/detail.html", context)


@login_required
def progress(request, run_id: int):
    run = get_object_or_404(SuggestionRun.objects.select_related("analysis"), pk=run_id)
    get_analysis_for(request.user, run.analysis_id)
    return render(request, "partials/progress.html", progress_context(run))


@login_required
def paragraph(request, pk: int, paragraph_id: int, form: ReviewForm | None = None, status=200):
    analysis = get_analysis_for(request.user, pk)
    item = Paragraph.objects.filter(analysis=analysis, pk=paragraph_id).first()
    if item is None:
        raise Http404("No such paragraph.")
    [row] = queries.paragraph_rows(analysis, only=[item.pk])
    editable = can_edit(request.user, analysis)
    if form is None and editable:
        review = row.review
        initial = {
            "classification": review.classification if review else row.suggested_classification,
            "mandates": [m.code for m in review.mandates.all()]
            if review
            else [s.mandate.code for s in row.suggestions[:1]],
            "organisations": [str(o.pk) for o in review.organisations.all()] if review else [],
            "comment": review.comment if review else "",
            "expected_version": review.version if review else 0,
        }
        form = ReviewForm(initial=initial)
    history = ReviewEntry.objects.filter(paragraph=item).select_related("reviewed_by")
    return render(
        request,
        "analysis/paragraph.html",
        {
            "analysis": analysis,
            "row": row,
            "form": form if editable else None,
            "history": history.order_by("-version"),
        },
        status=status,
    )


@login_required
def results(request, pk: int):
    analysis = get_analysis_for(request.user, pk)
    rows = queries.paragraph_rows(analysis)
    columns, table = queries.matrix(analysis, rows)
    return render(
        request,
        "analysis/results.html",
        {
            "analysis": analysis,
            "coverage": queries.coverage(analysis, rows),
            "columns": columns,
            "table": table,
            "gaps": queries.gaps(rows),
            "can_edit": can_edit(request.user, analysis),
        },
    )


EXPORTS = {
    "csv": ("text/csv; charset=utf-8", exports.to_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.to_xlsx,
    ),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        exports.to_docx,
    ),
}


@login_required
def export(request, pk: int, fmt: str):
    analysis = get_analysis_for(request.user, pk)
    if fmt not in EXPORTS:
        raise Http404("No such export.")
    content_type, build = EXPORTS[fmt]
    response = HttpResponse(build(analysis), content_type=content_type)
    name = slugify(analysis.title)[:60] or "gap-analysis"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def mandates(request):
    """The mandate catalogue is reference data: public."""
    return render(
        request,
        "analysis/mandates.html",
        {
            "catalogue": list(queries.mandate_catalogue()),
            "can_load": can_load_mandates(request.user),
            "clauses_form": ResolutionClausesForm() if can_load_mandates(request.user) else None,
        },
    )
