"""Campaign review: responses beside the representative, bulk moderation, "not a campaign"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cwg.consultations.models import (
    Campaign,
    CampaignDismissal,
    ModerationEvent,
    Submission,
)
from cwg.consultations.services import campaign_review
from cwg.consultations.tests.conftest import (
    LETTER,
    campaign_members,
    campaign_tests,
    campaign_url,
    fill,
    make_campaign,
    make_consultation,
    rerun_campaigns,
    variants,
)
from cwg.core.exceptions import InvalidInput, NotAllowed
from cwg.core.models import AuditEvent

pytestmark = campaign_tests


@pytest.fixture
def campaign(personas):
    texts = variants(6)
    texts[3] = LETTER + " <script>alert(1)</script> Regards."
    return make_campaign(personas, texts)


def test_moderators_see_every_response_beside_the_representative(client, personas, campaign):
    client.force_login(personas.secretariat)
    response = client.get(campaign_url(campaign))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('name="submission"') == 6
    assert "<ins> Thank you.</ins>" in body
    # Answers are text: markup in them is shown, never run.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body
    assert "Representative text" in body


@pytest.mark.parametrize("persona", ["anonymous", "delegate", "chair", "council_member"])
def test_others_get_404_from_the_review_and_its_forms(client, personas, campaign, persona):
    user = getattr(personas, persona)
    if persona != "anonymous":
        client.force_login(user)
    assert client.get(campaign_url(campaign)).status_code == 404
    ids = campaign_members(campaign)
    data = {"submission": ids, "action": "hide", "reason": "abuse"}
    assert client.post(campaign_url(campaign, "campaign_moderate"), data).status_code == 404
    not_a_campaign = client.post(
        campaign_url(campaign, "campaign_not_a_campaign"), {"dismiss-reason": "x"}
    )
    assert not_a_campaign.status_code == 404
    assert not Submission.objects.filter(pk__in=ids, hidden=True).exists()
    assert Campaign.objects.filter(pk=campaign.pk).exists()
    # Nor does the campaigns page offer them the review.
    if persona != "anonymous":
        page = client.get(reverse("consultations:campaigns", args=[campaign.consultation.slug]))
        assert campaign_url(campaign) not in page.content.decode()


def test_hiding_many_at_once_is_one_call_with_an_event_per_response(client, personas, campaign):
    client.force_login(personas.secretariat)
    ids = campaign_members(campaign)[:4]
    audit_before = AuditEvent.objects.count()
    response = client.post(
        campaign_url(campaign, "campaign_moderate"),
        {"submission": ids, "action": "hide", "reason": "Copied from a spam list"},
    )
    assert response.status_code == 302
    hidden = Submission.objects.filter(pk__in=ids)
    assert all(s.hidden and s.hidden_reason == "Copied from a spam list" for s in hidden)
    assert Submission.objects.filter(campaign=campaign, hidden=False).count() == 2
    assert ModerationEvent.objects.filter(submission__in=ids, action="hide").count() == 4
    assert AuditEvent.objects.count() - audit_before == 4
    assert set(
        AuditEvent.objects.filter(action="consultation.submission.hide").values_list(
            "object_id", flat=True
        )
    ) == {str(i) for i in ids}
    page = client.get(response["Location"]).content.decode()
    assert "4 responses hidden." in page

    # Restoring the whole page skips those already visible, and says so.
    everyone = campaign_members(campaign)
    response = client.post(
        campaign_url(campaign, "campaign_moderate"),
        {"submission": everyone, "action": "restore", "reason": "Checked: genuine"},
        follow=True,
    )
    assert "4 responses restored." in response.content.decode()
    assert "2 responses were already in that state." in response.content.decode()
    assert not Submission.objects.filter(pk__in=everyone, hidden=True).exists()


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"action": "hide", "reason": "spam"}, "Tick at least one response."),
        ({"submission": "FIRST", "action": "hide", "reason": "spam"}, "not valid"),
        ({"submission": "FIRST", "action": "delete", "reason": "spam"}, "Select a valid choice"),
        ({"submission": "FIRST", "action": "hide", "reason": "  "}, "This field is required"),
    ],
)
def test_bad_bulk_input_is_a_400_that_changes_nothing(
    client, personas, campaign, data, field_message
):
    client.force_login(personas.secretariat)
    ids = campaign_members(campaign)
    if data.get("submission") == "FIRST":
        data = {**data, "submission": [ids[0]] if field_message != "not valid" else ["1x"]}
    response = client.post(campaign_url(campaign, "campaign_moderate"), data)
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not Submission.objects.filter(hidden=True).exists()


def test_a_response_of_another_consultation_refuses_the_whole_batch(personas, campaign):
    other = make_consultation(personas, slug="other-2025")
    (stranger,) = fill(personas, other, ["A response elsewhere."])
    ids = [*campaign_members(campaign), Submission.objects.get(receipt=stranger).pk]
    with pytest.raises(InvalidInput) as refused:
        campaign_review.moderate_many(
            personas.secretariat, campaign.consultation, ids, "hide", "spam"
        )
    assert refused.value.field == "submissions"
    assert not Submission.objects.filter(hidden=True).exists()
    assert not ModerationEvent.objects.exists()


def test_only_moderators_may_call_the_services(personas, campaign):
    with pytest.raises(NotAllowed):
        campaign_review.moderate_many(
            personas.chair, campaign.consultation, campaign_members(campaign), "hide", "spam"
        )
    with pytest.raises(NotAllowed):
        campaign_review.mark_not_campaign(personas.delegate, campaign, "not one")
    assert Campaign.objects.filter(pk=campaign.pk).exists()


def test_not_a_campaign_is_recorded_shown_and_respected_by_later_scans(
    client, personas, campaign, django_capture_on_commit_callbacks
):
    consultation = campaign.consultation
    members = sorted(campaign_members(campaign))
    client.force_login(personas.secretariat)
    response = client.post(
        campaign_url(campaign, "campaign_not_a_campaign"),
        {"dismiss-reason": "Common wording of a national consultation"},
    )
    assert response.status_code == 302
    dismissal = CampaignDismissal.objects.get(consultation=consultation)
    assert sorted(dismissal.member_ids) == members
    assert dismissal.actor == personas.secretariat
    assert not Campaign.objects.filter(consultation=consultation).exists()
    assert not Submission.objects.filter(pk__in=members, campaign__isnull=False).exists()
    event = AuditEvent.objects.get(action="consultation.campaign.not_a_campaign")
    assert event.after["reason"] == "Common wording of a national consultation"
    page = client.get(response["Location"]).content.decode()
    assert "Marked as not a campaign" in page
    assert "Common wording of a national consultation" in page

    # A later arrival is scanned, and a full re-run from scratch: neither groups them again.
    with django_capture_on_commit_callbacks(execute=True):
        fill(personas, consultation, [LETTER + " Greetings from Dakar."])
    assert not Campaign.objects.filter(consultation=consultation).exists()
    rerun_campaigns(personas, consultation)
    assert not Campaign.objects.filter(consultation=consultation).exists()
    assert not Submission.objects.filter(consultation=consultation, campaign__isnull=False).exists()


def test_not_a_campaign_needs_a_reason(client, personas, campaign):
    client.force_login(personas.secretariat)
    response = client.post(
        campaign_url(campaign, "campaign_not_a_campaign"), {"dismiss-reason": ""}
    )
    assert response.status_code == 400
    assert Campaign.objects.filter(pk=campaign.pk).exists()
    assert not CampaignDismissal.objects.exists()


def _api(client, path, body=None):
    if body is None:
        return client.get(f"/api/v1{path}")
    return client.post(f"/api/v1{path}", body, content_type="application/json")


def test_the_api_moderates_many_by_receipt_and_judges_campaigns(client, personas, campaign):
    slug = campaign.consultation.slug
    receipts = list(Submission.objects.filter(campaign=campaign).values_list("receipt", flat=True))
    body = {"action": "hide", "reason": "spam", "receipts": receipts[:3]}
    client.force_login(personas.delegate)
    assert _api(client, f"/consultations/{slug}/moderation/bulk", body).status_code == 403
    assert _api(client, f"/consultations/{slug}/campaigns/{campaign.pk}/members").status_code == 404
    assert not Submission.objects.filter(hidden=True).exists()

    client.force_login(personas.secretariat)
    members = _api(client, f"/consultations/{slug}/campaigns/{campaign.pk}/members").json()
    assert members["count"] == 6 and len(members["items"]) == 6
    assert members["items"][0]["receipt"] == members["representative"]
    assert members["items"][0]["similarity"] == 1.0

    unknown = _api(
        client, f"/consultations/{slug}/moderation/bulk", {**body, "receipts": ["NOPE-1"]}
    )
    assert unknown.status_code == 400 and unknown.json()["field"] == "receipts"
    extra = _api(client, f"/consultations/{slug}/moderation/bulk", {**body, "everything": True})
    assert extra.status_code == 400
    done = _api(client, f"/consultations/{slug}/moderation/bulk", body)
    assert done.status_code == 200
    assert sorted(done.json()["changed"]) == sorted(receipts[:3])
    assert Submission.objects.filter(hidden=True).count() == 3

    no_reason = _api(
        client, f"/consultations/{slug}/campaigns/{campaign.pk}/not-a-campaign", {"reason": ""}
    )
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    judged = _api(
        client,
        f"/consultations/{slug}/campaigns/{campaign.pk}/not-a-campaign",
        {"reason": "common text"},
    )
    assert judged.status_code == 200 and judged.json()["members"] == 6
    assert not Campaign.objects.filter(pk=campaign.pk).exists()
