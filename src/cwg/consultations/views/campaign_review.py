"""Moderators' campaign review: a campaign's responses beside its representative, moderated at once."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from cwg.consultations import permissions, queries
from cwg.consultations.forms import BulkModerationForm, ReasonForm, SplitForm
from cwg.consultations.models import ModerationAction
from cwg.consultations.services import campaign_review
from cwg.consultations.views.zones import in_reader_zone
from cwg.core.exceptions import DomainError


def _page(request, campaign, *, bulk_form=None, dismiss_form=None, split_form=None, status=200):
    page, rows = queries.campaign_members(campaign, request.GET.get("page"))
    return render(
        request,
        "consultations/campaign_review.html",
        {
            "consultation": campaign.consultation,
            "campaign": campaign,
            "page_obj": page,
            "rows": rows,
            "bulk_form": bulk_form or BulkModerationForm(),
            "dismiss_form": dismiss_form or ReasonForm(prefix="dismiss"),
            "split_form": split_form or SplitForm(auto_id="split_%s"),
        },
        status=status,
    )


@in_reader_zone
@require_http_methods(["GET", "HEAD"])
def review(request, slug: str, campaign_id: int):
    campaign = permissions.get_campaign_for(request.user, slug, campaign_id)
    return _page(request, campaign)


@require_POST
def moderate(request, slug: str, campaign_id: int):
    """Hide or restore the ticked responses with one reason: one service call, one transaction."""
    campaign = permissions.get_campaign_for(request.user, slug, campaign_id)
    form = BulkModerationForm(request.POST)
    if not form.is_valid():
        return _page(request, campaign, bulk_form=form, status=400)
    data = form.cleaned_data
    try:
        result = campaign_review.moderate_many(
            request.user, campaign.consultation, data["submission"], data["action"], data["reason"]
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _page(request, campaign, bulk_form=form, status=400)
    count = len(result.changed)
    if data["action"] == ModerationAction.HIDE:
        text = ngettext("%(count)d response hidden.", "%(count)d responses hidden.", count)
    else:
        text = ngettext("%(count)d response restored.", "%(count)d responses restored.", count)
    messages.success(request, text % {"count": count})
    if result.unchanged:
        messages.info(
            request,
            ngettext(
                "%(count)d response was already in that state.",
                "%(count)d responses were already in that state.",
                result.unchanged,
            )
            % {"count": result.unchanged},
        )
    url = reverse("consultations:campaign_review", args=[slug, campaign.pk])
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() and len(page) < 7 else url)


@require_POST
def not_a_campaign(request, slug: str, campaign_id: int):
    """Record that the cluster is not a campaign; its responses then count one by one."""
    campaign = permissions.get_campaign_for(request.user, slug, campaign_id)
    form = ReasonForm(request.POST, prefix="dismiss")
    if not form.is_valid():
        return _page(request, campaign, dismiss_form=form, status=400)
    try:
        campaign_review.mark_not_campaign(request.user, campaign, form.cleaned_data["reason"])
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _page(request, campaign, dismiss_form=form, status=400)
    messages.success(
        request, _("Marked as not a campaign: its responses are counted one by one again.")
    )
    return redirect(reverse("consultations:campaigns", args=[slug]) + "#not-campaigns")


@require_POST
def split(request, slug: str, campaign_id: int):
    """Split the ticked responses, or all the near copies, into a campaign of their own."""
    campaign = permissions.get_campaign_for(request.user, slug, campaign_id)
    form = SplitForm(request.POST, auto_id="split_%s")
    if not form.is_valid():
        return _page(request, campaign, split_form=form, status=400)
    data = form.cleaned_data
    try:
        result = campaign_review.split_campaign(
            request.user,
            campaign,
            data["reason"],
            None if data["near_copies"] else data["submission"],
            near_copies=data["near_copies"],
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _page(request, campaign, split_form=form, status=400)
    count = len(result.split.member_ids)
    messages.success(
        request,
        ngettext(
            "%(count)d response split off into a campaign of its own.",
            "%(count)d responses split off into a campaign of their own.",
            count,
        )
        % {"count": count},
    )
    target = result.campaign or result.remaining
    if target is None:
        return redirect(reverse("consultations:campaigns", args=[slug]))
    return redirect(reverse("consultations:campaign_review", args=[slug, target.pk]))


@require_POST
def undo_not_a_campaign(request, slug: str, dismissal_id: int):
    """Withdraw a "not a campaign" judgement; the next scan may group the responses again."""
    dismissal = permissions.get_dismissal_for(request.user, slug, dismissal_id)
    try:
        campaign_review.undo_not_campaign(request.user, dismissal)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Judgement withdrawn: the next campaign scan may group these responses again."),
        )
    return redirect(reverse("consultations:campaigns", args=[slug]) + "#not-campaigns")
