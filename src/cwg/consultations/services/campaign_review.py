"""Moderating a campaign as a whole: hide or restore many responses at once, or judge it not a campaign."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cwg.consultations import paging, permissions
from cwg.consultations.models import (
    Campaign,
    CampaignDismissal,
    Consultation,
    ModerationAction,
    ModerationEvent,
    Submission,
)
from cwg.core.audit import record
from cwg.core.exceptions import InvalidInput, NotAllowed

MAX_BATCH = 1000  # responses moderated by one submission of the form or one API call


@dataclass
class BulkResult:
    action: str
    changed: list[Submission] = field(default_factory=list)
    unchanged: int = 0  # already in the state asked for: left as they were, no event


def _reason(reason) -> str:
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise InvalidInput(_("give the reason for this moderation"), field="reason")
    if len(reason) > 2000:
        raise InvalidInput(_("the reason is longer than 2000 characters"), field="reason")
    return reason


def _ids(submission_ids) -> list[int]:
    try:
        ids = sorted({int(value) for value in submission_ids})
    except (TypeError, ValueError):
        raise InvalidInput(
            _("the responses must be given by number"), field="submissions"
        ) from None
    if not ids:
        raise InvalidInput(_("choose at least one response"), field="submissions")
    if len(ids) > MAX_BATCH:
        raise InvalidInput(
            _("choose at most %(max)s responses at a time") % {"max": MAX_BATCH},
            field="submissions",
        )
    if any(value < 1 or value > 2**63 - 1 for value in ids):
        raise InvalidInput(_("a response number is out of range"), field="submissions")
    return ids


def moderate_many(
    actor, consultation: Consultation, submission_ids, action: str, reason: str
) -> BulkResult:
    """Hide or restore many responses of one consultation with one reason, in one transaction.

    Each response that changes gets its moderation event and its audit event, as when moderated
    alone; responses already in the state asked for are counted and left alone.
    """
    if not permissions.can_moderate(actor, consultation):
        raise NotAllowed("Only the group's secretariat may moderate submissions.")
    if action not in (ModerationAction.HIDE, ModerationAction.RESTORE):
        raise InvalidInput(_("choose to hide or to restore"), field="action")
    reason = _reason(reason)
    ids = _ids(submission_ids)
    hide = action == ModerationAction.HIDE
    result = BulkResult(action=action)
    with transaction.atomic():
        rows = list(
            Submission.objects.select_for_update()
            .filter(consultation=consultation, pk__in=ids)
            .order_by("pk")
        )
        if len(rows) != len(ids):
            raise InvalidInput(
                _("some of these responses are not responses to this consultation"),
                field="submissions",
            )
        now = timezone.now()
        events = []
        for submission in rows:
            if submission.hidden == hide:
                result.unchanged += 1
                continue
            before = {"hidden": submission.hidden, "hidden_reason": submission.hidden_reason}
            submission.hidden = hide
            submission.hidden_reason = reason if hide else ""
            result.changed.append(submission)
            events.append(
                ModerationEvent(
                    submission=submission,
                    action=action,
                    reason=reason,
                    actor=actor if getattr(actor, "pk", None) else None,
                    created_at=now,
                )
            )
            record(
                actor,
                f"consultation.submission.{action}",
                submission,
                label=f"submission {submission.pk}",  # not the receipt (str of a submission)
                group_id=consultation.group_id,
                before=before,
                after={"hidden": submission.hidden, "reason": reason},
            )
        if result.changed:
            Submission.objects.bulk_update(result.changed, ["hidden", "hidden_reason"])
            ModerationEvent.objects.bulk_create(events)
            transaction.on_commit(lambda cid=consultation.pk: paging.forget_counts(cid))
    if result.changed:
        paging.forget_counts(consultation.pk)
    return result


def mark_not_campaign(actor, campaign: Campaign, reason: str) -> CampaignDismissal:
    """Record that a cluster is not a campaign: its responses count one by one again, and later
    scans do not group them back (see `services.campaigns._store_campaigns`)."""
    consultation = campaign.consultation
    if not permissions.can_moderate(actor, consultation):
        raise NotAllowed("Only the group's secretariat may judge campaigns.")
    reason = _reason(reason)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        if locked is None:  # a scan replaced it meanwhile
            raise InvalidInput(_("this campaign no longer exists"), field="campaign")
        members = list(
            Submission.objects.filter(campaign=locked).order_by("pk").values_list("pk", flat=True)
        )
        dismissal = CampaignDismissal.objects.create(
            consultation=consultation,
            key=locked.key,
            member_ids=members,
            representative_id=locked.representative_id,
            reason=reason,
            actor=actor if getattr(actor, "pk", None) else None,
            created_at=timezone.now(),
        )
        Submission.objects.filter(campaign=locked).update(campaign=None)
        before = {"key": locked.key, "size": locked.size}
        locked.delete()
        record(
            actor,
            "consultation.campaign.not_a_campaign",
            dismissal,
            label=f"campaign {dismissal.key}",
            group_id=consultation.group_id,
            before=before,
            after={"reason": reason, "members": len(members)},
        )
    return dismissal


def dismissed(member_ids, dismissals: list[set[int]]) -> bool:
    """A cluster mostly made of responses of a cluster judged not a campaign is not one either."""
    members = {int(value) for value in member_ids}
    return any(len(members & judged) * 2 > len(members) for judged in dismissals)
