"""Secretariat pages: creating and editing, moving states, moderation, campaign-detection runs."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cwg.consultations import permissions, queries, services
from cwg.consultations.forms import (
    CompileForm,
    ConsultationForm,
    QuestionFormSet,
    ReasonForm,
    StateForm,
    format_speakers,
)
from cwg.consultations.models import Submission
from cwg.consultations.services import campaigns as campaign_runs
from cwg.consultations.services import compilation
from cwg.consultations.views.zones import in_reader_zone, reader_zone
from cwg.core.cursor import numbered_page
from cwg.core.exceptions import DomainError

PAGE_SIZE = 50


def _managed(request, slug: str):
    consultation = permissions.get_consultation_for(request.user, slug)
    if not permissions.can_manage_consultation(request.user, consultation):
        # Readers who may see the consultation still may not see its secretariat pages.
        raise Http404("No such page.")
    return consultation


@in_reader_zone
def moderation(request, slug: str):
    consultation = _managed(request, slug)
    show = request.GET.get("show", "all")
    qs = queries.with_files(queries.moderation_queue(consultation, show=show), history=True)
    # Newest first: the queue's own order, which the cursor follows.
    page = numbered_page(
        qs,
        count=queries.moderation_count(consultation, show),
        size=PAGE_SIZE,
        page=request.GET.get("page"),
        cursor=request.GET.get("cursor"),
    )
    return render(
        request,
        "consultations/moderation.html",
        {"consultation": consultation, "page_obj": page, "show": show, "reason_form": ReasonForm()},
    )


def _moderate(request, slug: str, receipt: str, action):
    consultation = _managed(request, slug)
    submission = Submission.objects.filter(consultation=consultation, receipt=receipt).first()
    if submission is None:
        raise Http404("No such submission.")
    submission.consultation = consultation
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for this moderation."))
        return redirect("consultations:moderation", slug=slug)
    try:
        action(request.user, submission, form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Submission %(r)s updated.") % {"r": submission.receipt})
    return redirect("consultations:moderation", slug=slug)


@require_POST
def hide(request, slug: str, receipt: str):
    return _moderate(request, slug, receipt, services.hide_submission)


@require_POST
def restore(request, slug: str, receipt: str):
    return _moderate(request, slug, receipt, services.restore_submission)


@require_POST
def change_state(request, slug: str):
    consultation = _managed(request, slug)
    form = StateForm(request.POST, reader=request.user, group=consultation.group)
    if not form.is_valid():
        reasons = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, " ".join([_("The state was not changed."), *reasons]))
        return redirect("consultations:detail", slug=slug)
    meeting = form.cleaned_data.get("meeting")
    try:
        services.transition(request.user, consultation, form.cleaned_data["state"], meeting=meeting)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The consultation's state was changed."))
    return redirect("consultations:detail", slug=slug)


@require_POST
def run_campaigns(request, slug: str):
    consultation = _managed(request, slug)
    try:
        campaign_runs.request_full_run(request.user, consultation)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("consultations:campaigns", slug=slug)


@require_POST
def compile_consultation(request, slug: str):
    consultation = _managed(request, slug)
    form = CompileForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("consultations:detail", slug=slug)
    try:
        compilation.request_compilation(
            request.user,
            consultation,
            annex=form.cleaned_data["annex"],
            sample=form.cleaned_data["sample"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("consultations:detail", slug=slug)


# Creating and editing -----------------------------------------------------------------------


def _save(form, questions, write):
    """Run `write` if the form and questions are valid; put a service refusal next to its field.

    Returns the written consultation, or None with the errors on the forms (nothing stored:
    the services run in one transaction).
    """
    form_ok = form.is_valid()
    questions_ok = questions is None or questions.is_valid()
    if not (form_ok and questions_ok):
        return None, 400
    try:
        return write(), 200
    except DomainError as exc:
        if not form.add_domain_error(exc.field, exc.message):
            questions.service_errors = [exc.message]
        return None, exc.status_code


def _render_form(request, context: dict, status: int = 200):
    return render(request, "consultations/edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@in_reader_zone
def create(request, group_slug: str):
    group = permissions.get_group_for_new_consultation(request.user, group_slug)
    data = request.POST if request.method == "POST" else None
    form = ConsultationForm(
        data,
        initial={"languages": list(settings.UN_LANGUAGES)},
        zone_name=reader_zone(request).key,
        creating=True,
    )
    questions = QuestionFormSet(data, prefix="questions", languages=form.offered)
    status = 200
    if request.method == "POST":

        def write():
            return services.create_consultation(
                request.user,
                group=group,
                slug=form.cleaned_data["slug"],
                questions=questions.questions(),
                **form.values(),
            )

        consultation, status = _save(form, questions, write)
        if consultation is not None:
            messages.success(request, _("The consultation was created as a draft."))
            return redirect("consultations:detail", slug=consultation.slug)
    return _render_form(
        request, {"group": group, "form": form, "questions": questions}, status=status
    )


def _initial(consultation) -> dict:
    initial = {
        "languages": consultation.languages,
        "opens_at": consultation.opens_at,
        "closes_at": consultation.closes_at,
        "physical_meeting_date": consultation.physical_meeting_date,
        "physical_meeting_venue": consultation.physical_meeting_venue,
        "speakers": format_speakers(consultation.physical_meeting_speakers),
        "notes": consultation.notes,
    }
    for code in settings.UN_LANGUAGES:
        initial[f"topic_{code}"] = consultation.topic.get(code, "")
    return initial


@require_http_methods(["GET", "POST"])
@in_reader_zone
def edit(request, slug: str):
    consultation = _managed(request, slug)
    if not permissions.can_edit_consultation(request.user, consultation):
        raise Http404("No such page.")
    changeable = services.changeable_fields(consultation)
    data = request.POST if request.method == "POST" else None
    form = ConsultationForm(
        data,
        initial=_initial(consultation),
        zone_name=reader_zone(request).key,
        changeable=changeable,
        creating=False,
    )
    stored_questions = list(consultation.questions.all())
    questions = None
    if "questions" in changeable:
        questions = QuestionFormSet(
            data,
            prefix="questions",
            initial=[
                {f"text_{code}": q.text.get(code, "") for code in settings.UN_LANGUAGES}
                for q in stored_questions
            ],
            languages=form.offered,
        )
    status = 200
    if request.method == "POST":

        def write():
            changes = form.values()
            if questions is not None:
                changes["questions"] = questions.questions()
            return services.update_consultation(request.user, consultation, **changes)

        updated, status = _save(form, questions, write)
        if updated is not None:
            messages.success(request, _("The consultation was updated."))
            return redirect("consultations:detail", slug=updated.slug)
    return _render_form(
        request,
        {
            "group": consultation.group,
            "consultation": consultation,
            "form": form,
            "questions": questions,
            "stored_questions": stored_questions,
        },
        status=status,
    )
