"""Moderating a campaign as a whole: hide or restore many responses, split it, or judge it not one."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cwg.consultations import permissions, queries
from cwg.consultations.models import (
    Campaign,
    CampaignDismissal,
    CampaignSplit,
    CampaignTier,
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
            transaction.on_commit(lambda cid=consultation.pk: queries.forget_counts(cid))
    if result.changed:
        queries.forget_counts(consultation.pk)
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


def undo_not_campaign(actor, dismissal: CampaignDismissal) -> None:
    """Withdraw a "not a campaign" judgement: the next scan may group its responses again."""
    consultation = dismissal.consultation
    if not permissions.can_moderate(actor, consultation):
        raise NotAllowed("Only the group's secretariat may judge campaigns.")
    with transaction.atomic():
        locked = CampaignDismissal.objects.select_for_update().filter(pk=dismissal.pk).first()
        if locked is None:
            raise InvalidInput(_("this judgement was already withdrawn"), field="dismissal")
        record(
            actor,
            "consultation.campaign.not_a_campaign_undone",
            locked,
            label=f"campaign {locked.key}",
            group_id=consultation.group_id,
            before={"key": locked.key, "members": len(locked.member_ids), "reason": locked.reason},
            after={},
        )
        locked.delete()


@dataclass
class SplitResult:
    split: CampaignSplit
    campaign: Campaign | None  # the new campaign; None when one response was split off alone
    remaining: Campaign | None  # the campaign split; None when one response was left in it


def _part_counts(tiers: list[str]) -> dict:
    """A part's counts from its members' tiers: exact copies are copies of one text."""
    copies = sum(1 for tier in tiers if tier == CampaignTier.EXACT)
    duplicates = max(copies - 1, 0)
    return {
        "size": len(tiers),
        "copies": copies,
        "near_copies": len(tiers) - copies,
        "exact_duplicates": duplicates,
        "variant_count": len(tiers) - duplicates,
    }


def split_key(key: str, split_id: int) -> str:
    """The key of the campaign a split makes; the same on every later scan."""
    return f"{key[:40]}-s{split_id}"


def split_campaign(
    actor, campaign: Campaign, reason: str, submission_ids=None, *, near_copies: bool = False
) -> SplitResult:
    """Split the chosen responses (or all the near copies) off a campaign into a campaign of
    their own; recorded, and kept by later scans (see `apply_splits`)."""
    consultation = campaign.consultation
    if not permissions.can_moderate(actor, consultation):
        raise NotAllowed("Only the group's secretariat may split campaigns.")
    reason = _reason(reason)
    if near_copies and submission_ids:
        raise InvalidInput(
            _("choose either responses or the near copies, not both"), field="submissions"
        )
    chosen_ids = None if near_copies else set(_ids(submission_ids))
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        if locked is None:  # a scan replaced it meanwhile
            raise InvalidInput(_("this campaign no longer exists"), field="campaign")
        members = dict(
            Submission.objects.filter(campaign=locked)
            .order_by("pk")
            .values_list("pk", "campaign_tier")
        )
        if near_copies:
            chosen_ids = {pk for pk, tier in members.items() if tier == CampaignTier.NEAR}
            if not chosen_ids:
                raise InvalidInput(_("this campaign has no near copies"), field="near_copies")
        elif not chosen_ids <= set(members):
            raise InvalidInput(
                _("some of these responses are not in this campaign"), field="submissions"
            )
        rest_ids = set(members) - chosen_ids
        if not rest_ids:
            raise InvalidInput(
                _("leave at least one response in the campaign"), field="submissions"
            )
        split = CampaignSplit.objects.create(
            consultation=consultation,
            key=locked.key,
            member_ids=sorted(chosen_ids),
            reason=reason,
            actor=actor if getattr(actor, "pk", None) else None,
            created_at=timezone.now(),
        )
        before = {"key": locked.key, "size": locked.size}
        new = None
        if len(chosen_ids) > 1:
            ordered = sorted(chosen_ids)
            new = Campaign.objects.create(
                consultation=consultation,
                key=split_key(locked.key, split.pk),
                representative_id=_representative(ordered, members, locked.representative_id),
                **_part_counts([members[pk] for pk in ordered]),
            )
        Submission.objects.filter(pk__in=sorted(chosen_ids)).update(
            campaign=new, **({} if new else {"campaign_tier": "", "campaign_share": None})
        )
        remaining = locked
        if len(rest_ids) > 1:
            ordered = sorted(rest_ids)
            for name, value in _part_counts([members[pk] for pk in ordered]).items():
                setattr(locked, name, value)
            locked.representative_id = _representative(ordered, members, locked.representative_id)
            locked.save()
        else:
            Submission.objects.filter(pk__in=sorted(rest_ids)).update(
                campaign=None, campaign_tier="", campaign_share=None
            )
            # Responses quoting it in part now quote the new campaign, or none.
            Submission.objects.filter(quoted_campaign=locked).update(quoted_campaign=new)
            locked.delete()
            remaining = None
        record(
            actor,
            "consultation.campaign.split",
            split,
            label=f"campaign {split.key}",
            group_id=consultation.group_id,
            before=before,
            after={
                "reason": reason,
                "split_off": len(chosen_ids),
                "left": len(rest_ids),
                "new_campaign": new.key if new else None,
            },
        )
    return SplitResult(split, new, remaining)


def _representative(ordered: list[int], tiers: dict[int, str], current) -> int:
    """The campaign's representative if it is in the part, else its first exact copy, else its first."""
    if current in ordered:
        return current
    exact = [pk for pk in ordered if tiers[pk] == CampaignTier.EXACT]
    return (exact or ordered)[0]


def apply_splits(infos: list, memberships: dict, splits: list[tuple[int, set[int]]]) -> list:
    """Carve the responses split off earlier out of the clusters a scan found, in the order the
    splits were made; a part of one response is no campaign."""
    for split_id, split_off in splits:
        carved = []
        for info in infos:
            members = [m for m in info.member_ids if int(m) in split_off]
            if not members or len(members) == len(info.member_ids):
                carved.append(info)
                continue
            rest = [m for m in info.member_ids if int(m) not in split_off]
            for part, key, partial in (
                (rest, info.id, info.partial_ids),
                (members, split_key(info.id, split_id), []),
            ):
                if len(part) < 2:
                    continue
                tiers = [memberships[m].tier if m in memberships else "near" for m in part]
                counts = _part_counts(tiers)
                representative = (
                    info.representative_id
                    if info.representative_id in part
                    else str(
                        _representative(
                            [int(m) for m in part],
                            {int(m): t for m, t in zip(part, tiers, strict=True)},
                            None,
                        )
                    )
                )
                carved.append(
                    replace(
                        info,
                        id=key,
                        member_ids=part,
                        representative_id=representative,
                        partial_ids=list(partial),
                        **counts,
                    )
                )
        infos = carved
    return infos
