"""Who may see, answer, run and moderate a consultation: pure predicates and `get_*_for` helpers."""

from __future__ import annotations

from django.http import Http404

from cwg.consultations.models import (
    Attachment,
    Campaign,
    CampaignDismissal,
    Consultation,
    ConsultationState,
    Submission,
)
from cwg.groups.models import Group
from cwg.meetings.permissions import can_see_drafts
from cwg.registry.access import can_see_level, is_secretariat


def can_view_consultation(user, consultation: Consultation) -> bool:
    """A draft for the secretariat and officers; then as its group (docs/visibility.md).

    Its query form is `cwg.consultations.queries.visible_consultations`.
    """
    if consultation.state == ConsultationState.DRAFT:
        return can_see_drafts(user, consultation.group_id)
    return can_see_level(user, consultation.group_id, consultation.group.visibility)


def can_create_consultation(user, group) -> bool:
    return group.holds_open_consultations and is_secretariat(user, group)


def can_manage_consultation(user, consultation: Consultation) -> bool:
    """Move states, edit, compile, run campaign detection: the group's secretariat only."""
    return is_secretariat(user, consultation.group_id)


def can_moderate(user, consultation: Consultation) -> bool:
    return is_secretariat(user, consultation.group_id)


def can_submit(user, consultation: Consultation) -> bool:
    # Anyone may answer an open consultation; the open period itself is checked on submission.
    return consultation.state != ConsultationState.DRAFT and can_view_consultation(
        user, consultation
    )


def can_view_submission(user, submission: Submission) -> bool:
    consultation = submission.consultation
    if can_moderate(user, consultation):
        return True
    return submission.is_published and can_view_consultation(user, consultation)


def get_consultation_for(user, slug: str) -> Consultation:
    """The consultation if the reader may see it; a 404 for anyone else."""
    consultation = (
        Consultation.objects.select_related(
            "group", "examined_at_meeting", "physical_meeting_venue"
        )
        .filter(slug=slug)
        .first()
    )
    if consultation is None or not can_view_consultation(user, consultation):
        raise Http404("No such consultation.")
    return consultation


def can_edit_consultation(user, consultation: Consultation) -> bool:
    """Open the edit page; which fields it offers depends on the state (see services)."""
    return can_manage_consultation(user, consultation)


def can_download_attachment(user, attachment: Attachment) -> bool:
    """Whoever may moderate, always; anyone else only while the submission is published."""
    return can_view_submission(user, attachment.submission)


def can_download_with_receipt(user, attachment: Attachment) -> bool:
    """Whoever holds the receipt gets back the files they sent, published or not, unless the
    moderators hid a response whose receipt was public.

    The receipt number is the respondent's proof only while it is secret: a response published
    with consent lists its receipt on the public pages (list, compilation), so once such a
    response is hidden its receipt no longer tells the respondent from anyone who read it, and
    serving its files would undo the moderation.
    """
    return can_read_with_receipt(user, attachment.submission)


def can_read_with_receipt(user, submission: Submission) -> bool:
    """Whether the receipt page shows the answers and files of a response (the rule above)."""
    if can_moderate(user, submission.consultation):
        return True
    return not (submission.hidden and submission.consent_to_publication)


def get_group_for_new_consultation(user, group_slug: str) -> Group:
    """The group if this person may open a consultation in it; a 404 for anyone else."""
    group = Group.objects.filter(slug=group_slug).first()
    if group is None or not can_create_consultation(user, group):
        raise Http404("No such page.")
    return group


def _attachment_for(user, slug: str, receipt: str, attachment_id: int, allowed) -> Attachment:
    consultation = get_consultation_for(user, slug)
    attachment = (
        Attachment.objects.select_related("submission")
        .filter(
            pk=attachment_id, submission__consultation=consultation, submission__receipt=receipt
        )
        .first()
    )
    if attachment is None:
        raise Http404("No such attachment.")
    attachment.submission.consultation = consultation
    if not allowed(user, attachment):
        raise Http404("No such attachment.")
    return attachment


def get_attachment_for(user, slug: str, receipt: str, attachment_id: int) -> Attachment:
    """The attachment if the reader may download it; a 404 otherwise, hidden or not."""
    return _attachment_for(user, slug, receipt, attachment_id, can_download_attachment)


def get_attachment_by_receipt_for(user, slug: str, receipt: str, attachment_id: int) -> Attachment:
    """A file of the submission whose receipt is in the address, for the one who sent it; a 404
    for a wrong receipt, another submission's file or a file the receipt no longer opens."""
    return _attachment_for(user, slug, receipt, attachment_id, can_download_with_receipt)


def can_see_representative(user, submission: Submission | None, *, manager: bool) -> bool:
    """A campaign's representative text is shown to its moderators, and to others once published."""
    return submission is not None and (manager or submission.is_published)


def get_campaign_for(user, slug: str, campaign_id: int) -> Campaign:
    """A campaign of the consultation for those who may moderate it; a 404 for anyone else."""
    consultation = get_consultation_for(user, slug)
    if not can_moderate(user, consultation):
        raise Http404("No such campaign.")
    campaign = (
        Campaign.objects.select_related("representative")
        .filter(consultation=consultation, pk=campaign_id)
        .first()
    )
    if campaign is None:
        raise Http404("No such campaign.")
    campaign.consultation = consultation
    return campaign


def get_dismissal_for(user, slug: str, dismissal_id: int) -> CampaignDismissal:
    """A "not a campaign" judgement for those who may moderate; a 404 for anyone else."""
    consultation = get_consultation_for(user, slug)
    if not can_moderate(user, consultation):
        raise Http404("No such judgement.")
    dismissal = CampaignDismissal.objects.filter(consultation=consultation, pk=dismissal_id).first()
    if dismissal is None:
        raise Http404("No such judgement.")
    dismissal.consultation = consultation
    return dismissal
