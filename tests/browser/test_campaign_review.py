"""Campaign review in the browser: a campaign's responses beside the representative with their
differences, many hidden at once with one reason, some split off into their own campaign, a
cluster marked "not a campaign" and the judgement withdrawn; others 404."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD

LETTER = (
    "I urge the working group to protect an open, multilingual Internet. Governments should "
    "support internationalized domain names, local content and universal acceptance."
)
HIDDEN = {"en": "2 responses hidden.", "fr": "2 réponses masquées.", "ar": "أُخفي ردان (2)."}
SPLIT = {"en": "2 responses split off", "fr": "2 réponses séparées", "ar": "فُصل 2 رد"}
UNDONE = {"en": "Judgement withdrawn", "fr": "Jugement retiré", "ar": "سُحب الحكم"}
NOT_CAMPAIGNS = {
    "en": "Marked as not a campaign",
    "fr": "Marqués comme n'étant pas des campagnes",
    "ar": "موسومة بأنها ليست حملات",
}


@pytest.fixture
def campaign(scenario):
    from cwg.consultations import services
    from cwg.consultations.models import Campaign
    from cwg.consultations.services import campaigns as campaign_runs

    consultation = scenario.consultation
    endings = ["", "", " Thank you.", " Regards from Lima.", " <b>Sincerely</b>, a citizen."]
    for i, ending in enumerate(endings):
        services.submit(
            None,
            consultation,
            {
                "name": f"Respondent {i}",
                "category": "civil_society",
                "country": "FRA",
                "language": "en",
                "consent_to_publication": True,
                "answers": {"1": LETTER + ending},
            },
        )
    job = campaign_runs.request_full_run(scenario.personas.secretariat, consultation)
    campaign_runs.run_full(job.pk)
    return Campaign.objects.get(consultation=consultation)


def _review(visitor, campaign, language: str, name: str):
    from cwg.consultations.models import Campaign, CampaignDismissal, Submission

    page = visitor.page
    slug = campaign.consultation.slug
    visitor.sign_in("secretariat", PASSWORD)
    visitor.go(f"/{language}/consultations/{slug}/campaigns/")
    page.locator(f'a[href="/{language}/consultations/{slug}/campaigns/{campaign.pk}/"]').click()
    page.wait_for_load_state()
    items = page.locator(".campaign-review__list > li")
    expect(items).to_have_count(5)
    # The differences are marked, and markup in an answer is shown as text.
    expect(page.locator(".diff ins").first).to_be_visible()
    expect(page.locator(".diff", has_text="<b>Sincerely</b>")).to_have_count(1)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways: {width}px"
    visitor.shoot(f"campaign-review-{name}-{language}")
    visitor.assert_accessible()

    # Two responses hidden in one go, with one reason.
    items.nth(3).locator("input[type=checkbox]").check()
    items.nth(4).locator("input[type=checkbox]").check()
    page.locator("select[name=action]").select_option("hide")
    page.locator("#id_reason").fill("Sent from a spam list")
    page.locator(".campaign-review__actions button.button--primary").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text(HIDDEN[language])
    expect(page.locator(".campaign-review__list .badge--withdrawn")).to_have_count(2)
    assert (
        Submission.objects.filter(hidden=True, hidden_reason="Sent from a spam list").count() == 2
    )
    visitor.assert_accessible()

    # The two hidden responses are a letter of their own: split off into a new campaign.
    items.nth(3).locator("input[type=checkbox]").check()
    items.nth(4).locator("input[type=checkbox]").check()
    page.locator("#id_reason").fill("A second letter")
    page.locator(".campaign-review__actions button[formaction]").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text(SPLIT[language])
    expect(items).to_have_count(2)
    assert Campaign.objects.filter(consultation=campaign.consultation).count() == 2
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} scrolls sideways: {width}px"
    visitor.assert_accessible()

    # The new cluster is not a campaign: recorded and shown on the campaigns page.
    page.locator("#id_dismiss-reason").fill("A common national template")
    page.locator(".campaign-review__dismiss button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#not-campaigns")).to_contain_text(NOT_CAMPAIGNS[language])
    expect(page.locator("#not-campaigns")).to_contain_text("A common national template")
    assert Campaign.objects.filter(pk=campaign.pk).exists()
    assert CampaignDismissal.objects.filter(reason="A common national template").count() == 1
    visitor.assert_accessible()

    # And the judgement is withdrawn again.
    page.locator("#not-campaigns form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text(UNDONE[language])
    assert not CampaignDismissal.objects.exists()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_secretariat_reviews_a_campaign_on_a_desktop(visit, campaign, language):
    _review(visit, campaign, language, "desktop")


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_secretariat_reviews_a_campaign_on_a_phone(phone, campaign, language):
    phone.page.set_default_timeout(15_000)
    _review(phone, campaign, language, "phone")


def test_a_delegate_gets_404_and_no_review_link(visit, campaign):
    slug = campaign.consultation.slug
    visit.sign_in("delegate", PASSWORD)
    response = visit.go(f"/en/consultations/{slug}/campaigns/{campaign.pk}/")
    assert response.status == 404
    visit.go(f"/en/consultations/{slug}/campaigns/")
    expect(visit.page.locator(f'a[href$="/campaigns/{campaign.pk}/"]')).to_have_count(0)
