"""Splitting a campaign and withdrawing a "not a campaign" judgement: recorded, kept by scans."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cwg.consultations.models import Campaign, CampaignDismissal, CampaignSplit, Submission
from cwg.consultations.services import campaign_review
from cwg.consultations.tests.conftest import (
    LETTER,
    campaign_members,
    campaign_tests,
    campaign_url,
    fill,
    make_campaign,
    rerun_campaigns,
    variants,
)
from cwg.core.exceptions import InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.testing.factories import CampaignDismissalFactory

pytestmark = campaign_tests


@pytest.fixture
def campaign(personas):
    return make_campaign(personas, variants(8))


def _groups(consultation) -> list[list[int]]:
    """The member ids of each campaign, smallest first."""
    groups = [
        sorted(Submission.objects.filter(campaign=c).values_list("pk", flat=True))
        for c in Campaign.objects.filter(consultation=consultation)
    ]
    return sorted(groups, key=lambda ids: (len(ids), ids))


def test_ticked_responses_split_off_recorded_and_kept_by_later_scans(
    client, personas, campaign, django_capture_on_commit_callbacks
):
    consultation = campaign.consultation
    members = campaign_members(campaign)
    chosen = members[-3:]
    client.force_login(personas.secretariat)
    response = client.post(
        campaign_url(campaign, "campaign_split"),
        {"submission": chosen, "action": "hide", "reason": "A second letter from one union"},
    )
    assert response.status_code == 302
    split = CampaignSplit.objects.get(consultation=consultation)
    assert split.member_ids == chosen and split.actor == personas.secretariat
    new = Campaign.objects.get(consultation=consultation, key=f"{campaign.key}-s{split.pk}")
    assert response["Location"] == campaign_url(new)
    assert campaign_members(new) == chosen and new.size == 3
    campaign.refresh_from_db()
    assert campaign.size == len(members) - 3
    assert _groups(consultation) == [chosen, members[:-3]]
    # The ticked responses were not hidden: the moderation form's action is not the split's.
    assert not Submission.objects.filter(hidden=True).exists()
    event = AuditEvent.objects.get(action="consultation.campaign.split")
    assert (
        event.after["split_off"] == 3 and event.after["reason"] == "A second letter from one union"
    )

    # A full re-run from scratch and a later arrival keep the split.
    rerun_campaigns(personas, consultation)
    assert _groups(consultation) == [chosen, members[:-3]]
    with django_capture_on_commit_callbacks(execute=True):
        fill(personas, consultation, [LETTER + " Greetings from Dakar."])
    groups = _groups(consultation)
    assert groups[0] == chosen and set(members[:-3]) < set(groups[1])


def test_the_near_copies_split_off_into_their_own_campaign(client, personas, campaign):
    consultation = campaign.consultation
    exact, near = campaign_members(campaign, "exact"), campaign_members(campaign, "near")
    assert exact and near
    client.force_login(personas.secretariat)
    page = client.get(campaign_url(campaign)).content.decode()
    assert "Split off the near copies" in page and "Split the ticked responses off" in page
    response = client.post(
        campaign_url(campaign, "campaign_split"), {"near_copies": "on", "reason": "Edited versions"}
    )
    assert response.status_code == 302
    assert _groups(consultation) == sorted([exact, near], key=lambda ids: (len(ids), ids))
    rerun_campaigns(personas, consultation)
    assert _groups(consultation) == sorted([exact, near], key=lambda ids: (len(ids), ids))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reason": "x"}, "submission"),
        ({"submission": ["abc"], "reason": "x"}, "submission"),
        ({"submission": ["1"], "reason": ""}, "reason"),
    ],
)
def test_a_bad_split_form_is_a_400_that_changes_nothing(client, personas, campaign, data, field):
    client.force_login(personas.secretariat)
    response = client.post(campaign_url(campaign, "campaign_split"), data)
    assert response.status_code == 400
    assert response.context["split_form"].errors.get(field)
    assert not CampaignSplit.objects.exists()


def test_a_split_must_leave_a_response_and_take_only_members(personas, campaign):
    members = campaign_members(campaign)
    other = Submission.objects.exclude(campaign=campaign).first()
    with pytest.raises(InvalidInput):
        campaign_review.split_campaign(personas.secretariat, campaign, "all", members)
    with pytest.raises(InvalidInput):
        campaign_review.split_campaign(personas.secretariat, campaign, "x", [other.pk])
    with pytest.raises(NotAllowed):
        campaign_review.split_campaign(personas.delegate, campaign, "x", members[:2])
    assert not CampaignSplit.objects.exists()
    assert campaign_members(campaign) == members


def test_one_response_split_off_counts_on_its_own(personas, campaign):
    members = campaign_members(campaign)
    result = campaign_review.split_campaign(
        personas.secretariat, campaign, "Not part of it", members[-1:]
    )
    assert result.campaign is None and result.remaining.pk == campaign.pk
    assert Submission.objects.get(pk=members[-1]).campaign_id is None
    rerun_campaigns(personas, campaign.consultation)
    assert _groups(campaign.consultation) == [members[:-1]]


@pytest.mark.parametrize("persona", ["anonymous", "delegate", "chair", "council_member"])
def test_others_get_404_from_split_and_undo(client, personas, campaign, persona):
    dismissal = CampaignDismissalFactory(consultation=campaign.consultation)
    if persona != "anonymous":
        client.force_login(getattr(personas, persona))
    members = campaign_members(campaign)
    split = client.post(
        campaign_url(campaign, "campaign_split"), {"submission": members[:2], "reason": "x"}
    )
    assert split.status_code == 404
    undo = reverse(
        "consultations:campaign_undo_not_a_campaign",
        args=[campaign.consultation.slug, dismissal.pk],
    )
    assert client.post(undo).status_code == 404
    assert not CampaignSplit.objects.exists()
    assert CampaignDismissal.objects.filter(pk=dismissal.pk).exists()
    assert campaign_members(campaign) == members


def test_undoing_not_a_campaign_is_recorded_and_the_next_scan_groups_again(
    client, personas, campaign
):
    consultation = campaign.consultation
    members = campaign_members(campaign)
    dismissal = campaign_review.mark_not_campaign(personas.secretariat, campaign, "Common wording")
    rerun_campaigns(personas, consultation)
    assert _groups(consultation) == []
    client.force_login(personas.secretariat)
    page = client.get(reverse("consultations:campaigns", args=[consultation.slug]))
    assert "Undo: it may be a campaign" in page.content.decode()
    undo = reverse(
        "consultations:campaign_undo_not_a_campaign", args=[consultation.slug, dismissal.pk]
    )
    response = client.post(undo)
    assert response.status_code == 302
    assert not CampaignDismissal.objects.exists()
    event = AuditEvent.objects.get(action="consultation.campaign.not_a_campaign_undone")
    assert event.before["reason"] == "Common wording"
    assert client.post(undo).status_code == 404  # already withdrawn
    rerun_campaigns(personas, consultation)
    assert _groups(consultation) == [members]


def _api(client, path, body=None):
    return client.post(f"/api/v1{path}", body or {}, content_type="application/json")


def test_the_api_splits_by_receipt_or_near_copies_and_undoes_judgements(client, personas, campaign):
    slug = campaign.consultation.slug
    rows = Submission.objects.filter(campaign=campaign).order_by("pk")
    receipts = list(rows.values_list("receipt", flat=True))
    body = {"reason": "Two letters", "receipts": receipts[-2:]}
    client.force_login(personas.delegate)
    assert _api(
        client, f"/consultations/{slug}/campaigns/{campaign.pk}/split", body
    ).status_code in {
        403,
        404,
    }
    client.force_login(personas.secretariat)
    everything = _api(
        client,
        f"/consultations/{slug}/campaigns/{campaign.pk}/split",
        {"reason": "x", "receipts": receipts},
    )
    assert everything.status_code == 400 and everything.json()["field"] == "submissions"
    done = _api(client, f"/consultations/{slug}/campaigns/{campaign.pk}/split", body)
    assert done.status_code == 200, done.content
    assert done.json()["split_off"] == 2 and done.json()["remaining"] == campaign.key
    new = Campaign.objects.get(pk=done.json()["campaign_id"])
    assert sorted(new.submissions.values_list("receipt", flat=True)) == sorted(receipts[-2:])

    judged = _api(
        client, f"/consultations/{slug}/campaigns/{new.pk}/not-a-campaign", {"reason": "x"}
    ).json()
    undone = _api(client, f"/consultations/{slug}/campaigns/not-campaigns/{judged['id']}/undo")
    assert undone.status_code == 200
    assert not CampaignDismissal.objects.exists()
