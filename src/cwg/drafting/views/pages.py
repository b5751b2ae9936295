"""The drafting room's pages: texts, the provision matrix, proposing, revisions and downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cwg.core.exceptions import DomainError
from cwg.core.forms_views import act_and_go_back, form_page
from cwg.drafting import exports, queries, services, tracking
from cwg.drafting.forms import AgreeForm, ImportForm, ProposalForm, RevisionForm
from cwg.drafting.models import Mark, Proposal
from cwg.drafting.permissions import (
    can_build_revisions,
    can_propose,
    get_revision_for,
    get_text_for,
)
from cwg.meetings.models import Meeting
from cwg.registry.models import Region


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def text_list(request):
    texts = queries.visible_texts(request.user)
    group = str(request.GET.get("group") or "")[:80]
    if group:
        texts = texts.filter(group__slug=group)
    return render(request, "drafting/list.html", {"texts": texts})


def text_detail(request, slug: str):
    text = get_text_for(request.user, slug)
    return render(
        request,
        "drafting/text.html",
        {
            "text": text,
            "provisions": text.provisions.order_by("position"),
            "language": _language(),
            "contributions": text.contributions.prefetch_related("proposals", "supporters"),
            "revisions": queries.visible_revisions(request.user, text),
            "can_propose": can_propose(request.user, text),
            "can_build": can_build_revisions(request.user, text),
        },
    )


def matrix(request, slug: str):
    text = get_text_for(request.user, slug)
    state = (request.GET.get("state") or "")[:3]
    region = (request.GET.get("region") or "")[:12]
    mark = request.GET.get("mark") or ""
    rows = queries.matrix(text, language=_language(), state=state, region=region, mark=mark)
    return render(
        request,
        "drafting/matrix.html",
        {
            "text": text,
            "rows": rows,
            "marks": Mark.values,
            "regions": Region.objects.all(),
            "state": state,
            "region": region,
            "mark": mark,
        },
    )


@login_required
def propose(request, slug: str):
    text = get_text_for(request.user, slug)
    if not can_propose(request.user, text):
        raise Http404("No such page.")

    def save(form):
        contribution = services.submit_proposals(
            request.user,
            text,
            origin=form.cleaned_data["origin"],
            document_number=form.cleaned_data["document_number"],
            items=form.items(),
            supporters=form.supporter_codes(),
            language=_language(),
        )
        messages.success(
            request, _("Proposals %(symbol)s recorded.") % {"symbol": str(contribution)}
        )
        return redirect("drafting:matrix", text.slug)

    form = ProposalForm(request.POST or None, provisions=text.provisions.order_by("position"))
    return form_page(request, form, save, "drafting/propose.html", {"text": text})


@login_required
def import_docx(request, slug: str):
    text = get_text_for(request.user, slug)
    if not can_propose(request.user, text):
        raise Http404("No such page.")

    def save(form):
        data = form.cleaned_data
        upload = data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise DomainError(_("The file is larger than 20 MB."), field="file")
        contribution = services.import_tracked(
            request.user,
            text,
            upload.read(),
            document_number=data["document_number"],
            reasons=data["reasons"],
        )
        messages.success(
            request, _("Proposals %(symbol)s recorded.") % {"symbol": str(contribution)}
        )
        return redirect("drafting:matrix", text.slug)

    form = ImportForm(request.POST or None, request.FILES or None)
    return form_page(request, form, save, "drafting/import.html", {"text": text})


@login_required
def new_revision(request, slug: str):
    text = get_text_for(request.user, slug)
    if not can_build_revisions(request.user, text):
        raise Http404("No such page.")
    proposals = Proposal.objects.filter(contribution__text=text).select_related(
        "contribution", "provision"
    )

    def save(form):
        revision = services.build_revision(
            request.user,
            text,
            accept=form.cleaned_data["accept"],
            rewordings=form.rewordings(),
            sources=form.sources(),
            language=_language(),
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Rev.%(n)s built.") % {"n": revision.number})
        return redirect("drafting:revision", text.slug, revision.number)

    form = RevisionForm(request.POST or None, proposals=proposals)
    return form_page(request, form, save, "drafting/new_revision.html", {"text": text})


def _meetings(text):
    return Meeting.objects.filter(group_id=text.group_id).order_by("-start_date")[:50]


def revision(request, slug: str, number: int):
    text = get_text_for(request.user, slug)
    rev = get_revision_for(request.user, text, number)
    previous = text.revisions.filter(number__lt=rev.number).order_by("-number").first()
    return render(
        request,
        "drafting/revision.html",
        {
            "text": text,
            "revision": rev,
            "traced": queries.traced_spans(rev, request.user),
            "diff": queries.revision_diff(text, previous, rev, language=rev.language),
            "previous": previous,
            "can_build": can_build_revisions(request.user, text),
            "agree_form": AgreeForm(meetings=_meetings(text)),
        },
    )


def diff(request, slug: str):
    text = get_text_for(request.user, slug)
    try:
        old_number = int(request.GET.get("from") or 0)
        new_number = int(request.GET.get("to") or 0)
    except ValueError:
        return HttpResponse(_("from and to are revision numbers."), status=400)
    new = get_revision_for(request.user, text, new_number)
    old = get_revision_for(request.user, text, old_number) if old_number else None
    rows = queries.revision_diff(text, old, new, language=new.language)
    return render(
        request, "drafting/diff.html", {"text": text, "old": old, "new": new, "rows": rows}
    )


def export(request, slug: str, number: int, fmt: str):
    text = get_text_for(request.user, slug)
    rev = get_revision_for(request.user, text, number)
    if fmt not in exports.FORMATS:
        raise Http404("No such format.")
    data, content_type = exports.render_revision(rev, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{text.slug}-rev{rev.number}.{fmt}"'
    return response


def contribution_docx(request, slug: str, origin: str, number: int):
    """A contribution's proposals in ITU's layout, the changes as Word tracked changes."""
    text = get_text_for(request.user, slug)
    contribution = text.contributions.filter(origin=origin[:12], document_number=number).first()
    if contribution is None:
        raise Http404("No such contribution.")
    response = HttpResponse(tracking.proposals_docx(contribution), content_type=exports.DOCX_TYPE)
    name = f"{text.slug}-{contribution.origin}-{contribution.document_number}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def agree(request, slug: str, number: int):
    text = get_text_for(request.user, slug)
    rev = get_revision_for(request.user, text, number)
    if not can_build_revisions(request.user, text):
        raise Http404("No such page.")
    form = AgreeForm(request.POST, meetings=_meetings(text))
    return act_and_go_back(
        request,
        lambda: services.agree_revision(
            request.user, rev, Meeting.objects.get(pk=int(form.cleaned_data["meeting"]))
        ),
        done=_("The revision is recorded as agreed."),
        back=redirect("drafting:revision", text.slug, rev.number),
        form=form,
        invalid=_("The agreement could not be recorded."),
    )
