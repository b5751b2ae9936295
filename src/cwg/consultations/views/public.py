"""Public pages: consultations, the submission form, receipts, published submissions, campaigns."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cwg.consultations import intake, permissions, queries, receipts, services
from cwg.consultations.forms import CompileForm, FilterForm, StateForm, SubmissionForm
from cwg.consultations.models import CampaignJob, Compilation, ConsultationState, Submission
from cwg.consultations.services import compilation
from cwg.consultations.views import downloads
from cwg.consultations.views.zones import in_reader_zone
from cwg.core.cursor import numbered_page
from cwg.core.exceptions import DomainError, InvalidInput
from cwg.core.i18n import document_language

PAGE_SIZE = 25


def _rate_limited(request, exc: intake.LimitExceeded) -> HttpResponse:
    response = render(request, "consultations/refused.html", {"message": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@in_reader_zone
def index(request):
    consultations = queries.visible_consultations(request.user).prefetch_related(None)
    return render(
        request,
        "consultations/list.html",
        {
            "consultations": consultations.order_by("-closes_at", "-id")[:200],
            "new_in_groups": queries.groups_for_new_consultations(request.user),
        },
    )


@in_reader_zone
def detail(request, slug: str):
    consultation = permissions.get_consultation_for(request.user, slug)
    manager = permissions.can_manage_consultation(request.user, consultation)
    context = {
        "consultation": consultation,
        "questions": consultation.questions.all(),
        "accepting": consultation.accepts_submissions_at(timezone.now()),
        "can_manage": manager,
        "published_count": queries.published_count(consultation),
        # Not its figures: the page needs only its state and document.
        "compilation": Compilation.objects.filter(consultation=consultation)
        .select_related("document")
        .defer("summary")
        .first(),
        "compile_form": CompileForm() if manager else None,
        "state_form": StateForm(group=consultation.group) if manager else None,
        "compilation_languages": compilation.LANGUAGE_NAMES,
    }
    return render(request, "consultations/detail.html", context)


@require_http_methods(["GET", "POST"])
@in_reader_zone
def submit(request, slug: str):
    consultation = permissions.get_consultation_for(request.user, slug)
    if not permissions.can_submit(request.user, consultation):
        raise Http404("No such consultation.")
    language = document_language()
    if not consultation.accepts_submissions_at(timezone.now()) and request.method == "GET":
        return render(
            request,
            "consultations/refused.html",
            {
                "consultation": consultation,
                "message": intake.closed_message(consultation, timezone.now()),
            },
            status=410 if consultation.state != ConsultationState.DRAFT else 404,
        )
    if request.method == "GET":
        form = SubmissionForm(consultation, language=language)
        return render(
            request, "consultations/submit.html", {"consultation": consultation, "form": form}
        )
    try:
        intake.check_rate_limit(intake.client_address(request))
    except intake.LimitExceeded as exc:
        return _rate_limited(request, exc)
    sent = queries.submission_sent_with_form(consultation, request.POST.get("token", ""))
    if sent is not None:
        # Back and send again: one rendered form is one response, so show the first receipt.
        messages.info(
            request,
            _(
                "This form was already sent: here is the receipt of your response. To send "
                "another response, open the form again."
            ),
        )
        return redirect("consultations:receipt", slug=consultation.slug, receipt=sent.receipt)
    form = SubmissionForm(consultation, request.POST, request.FILES, language=language)
    status = 400
    if form.is_valid():
        try:
            intake.check_honeypot(form.cleaned_data.get("website"))
            intake.check_form_timing(form.cleaned_data["started"])
            files = [intake.read_upload(upload) for upload in form.cleaned_data["attachments"]]
            result = services.submit(
                request.user,
                consultation,
                form.submission_data(),
                files=files,
                idempotency_key=f"form:{form.cleaned_data['token']}",
            )
        except DomainError as exc:
            form.add_domain_error(exc.field, exc.message)
            status = exc.status_code
        else:
            receipt_path = reverse(
                "consultations:receipt", args=[consultation.slug, result.submission.receipt]
            )
            address = form.cleaned_data.get("email")
            if address and result.created:
                receipts.send_receipt_after_commit(
                    result.submission,
                    address,
                    request.build_absolute_uri(receipt_path),
                    translation.get_language() or "en",
                )
            return redirect(receipt_path)
    return render(
        request,
        "consultations/submit.html",
        {"consultation": consultation, "form": form},
        status=status,
    )


@in_reader_zone
def receipt(request, slug: str, receipt: str):
    consultation = permissions.get_consultation_for(request.user, slug)
    submission = get_object_or_404(
        Submission.objects.prefetch_related("attachments"),
        consultation=consultation,
        receipt=receipt,
    )
    return render(
        request,
        "consultations/receipt.html",
        {
            "consultation": consultation,
            "submission": submission,
            "answered": receipts.answered_questions(submission, document_language()),
            "readable": permissions.can_read_with_receipt(request.user, submission),
        },
    )


@in_reader_zone
def published(request, slug: str):
    consultation = permissions.get_consultation_for(request.user, slug)
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = queries.published_submissions(
        consultation,
        category=filters.get("category", ""),
        country=filters.get("country", ""),
        region=filters.get("region", ""),
        language=filters.get("language", ""),
        q=filters.get("q", ""),
    ).select_related("country__region")
    qs = queries.with_files(qs)
    page = numbered_page(
        qs,
        count=queries.published_count(consultation, filters),
        size=PAGE_SIZE,
        page=request.GET.get("page"),
        cursor=request.GET.get("cursor"),
    )
    return render(
        request,
        "consultations/published.html",
        {"consultation": consultation, "form": form, "page_obj": page},
    )


def job_progress(request, slug: str, job_id: int):
    """The progress box alone, polled by htmx while a detection run goes on."""
    consultation = permissions.get_consultation_for(request.user, slug)
    job = get_object_or_404(CampaignJob, consultation=consultation, pk=job_id)
    # Finished while the reader watched: the page under the box still shows the earlier result,
    # so the link loads it again (another address than the page's, or the browser only scrolls).
    result_url = reverse("consultations:campaigns", args=[consultation.slug])
    context = {
        "consultation": consultation,
        "job": job,
        "result_url": f"{result_url}?after={job.pk}#campaign-results",
    }
    return render(request, "consultations/_job.html", context)


@in_reader_zone
def campaigns(request, slug: str):
    consultation = permissions.get_consultation_for(request.user, slug)
    manager = permissions.can_manage_consultation(request.user, consultation)
    moderator = permissions.can_moderate(request.user, consultation)
    page, rows = queries.campaigns_with_representatives(
        request.user, consultation, request.GET.get("page")
    )
    return render(
        request,
        "consultations/campaigns.html",
        {
            "consultation": consultation,
            "rows": rows,
            "page_obj": page,
            "job": queries.latest_job(consultation),
            "can_manage": manager,
            "can_moderate": moderator,
            # Judged not to be campaigns: shown to those who judge (the reasons are theirs).
            "dismissals": list(queries.campaign_dismissals(consultation)) if moderator else [],
        },
    )


def compilation_file(request, slug: str, fmt: str):
    consultation = permissions.get_consultation_for(request.user, slug)
    # In the language asked for, else in the page's language (never the consultation's first).
    try:
        language = compilation.asked_language(request.GET.get("lang")) or document_language()
    except DomainError as exc:
        return JsonResponse({"detail": exc.message, "field": exc.field}, status=400)
    try:
        found = compilation.compiled_file(consultation, fmt, language)
    except InvalidInput:
        raise Http404("No such format.") from None
    if found is None:
        return render(
            request,
            "consultations/compilation_pending.html",
            {"consultation": consultation, "record": compilation.compilation_of(consultation)},
            status=202,
        )
    return downloads.compilation_response(found, consultation, fmt)


def compilation_progress(request, slug: str):
    """The compilation's progress box alone, polled by htmx while it is built (secretariat)."""
    consultation = permissions.get_consultation_for(request.user, slug)
    if not permissions.can_manage_consultation(request.user, consultation):
        raise Http404("No such consultation.")
    record = compilation.compilation_of(consultation)
    if record is None:
        raise Http404("No compilation.")
    return render(
        request,
        "consultations/_compilation_job.html",
        {"consultation": consultation, "record": record},
    )
