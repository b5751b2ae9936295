"""Every list of responses and campaigns costs the same number of queries at 10 and 1,000 rows,
pages deep by cursor, keeps its count between writes, and refuses those who may not see it."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cwg.consultations import imports, queries, services
from cwg.consultations.models import Campaign, Submission
from cwg.consultations.tests.conftest import make_consultation, payload
from cwg.core import cursor
from cwg.testing.factories import CompilationFactory

pytestmark = pytest.mark.django_db

LETTER = "We ask the Council to keep the Internet open and multilingual for everyone. " * 20


def fill(personas, slug: str, rows: int):
    c = make_consultation(personas, slug=slug)
    lines = [
        json.dumps(
            payload(
                name=f"Respondent {i}",
                organisation=f"Org {i:05d}",
                consent_to_publication=i % 5 != 0,
                answers={"1": LETTER if i % 2 else f"An answer of my own, number {i}."},
            )
        )
        for i in range(rows)
    ]
    imports.import_responses(personas.secretariat, c, lines, scan=False)
    ids = list(
        Submission.objects.filter(consultation=c, consent_to_publication=True).values_list(
            "pk", flat=True
        )
    )
    campaigns = Campaign.objects.bulk_create(
        [
            Campaign(consultation=c, key=f"k{i}", representative_id=pk, size=2 + i % 7)
            for i, pk in enumerate(ids[: max(2, rows // 10)])
        ]
    )
    Submission.objects.filter(pk__in=ids[: len(campaigns)]).update(campaign=campaigns[0])
    # A stored compilation the consultation's page must not load.
    CompilationFactory(consultation=c, summary={"questions": ["x" * 100_000]})
    return c


def lists(slug: str, after: str, deeper: str) -> dict[str, str]:
    """Each list, with `after` a cursor into the published responses, `deeper` into the queue."""
    return {
        "consultation page": f"/en/consultations/{slug}/",
        "published page": f"/en/consultations/{slug}/submissions/",
        "published page, filtered": f"/en/consultations/{slug}/submissions/?category=civil_society&language=en",
        "published page, by cursor": f"/en/consultations/{slug}/submissions/?cursor={after}",
        "published page, page 3": f"/en/consultations/{slug}/submissions/?page=3",
        "published API": f"/api/v1/consultations/{slug}/submissions",
        "published API, by cursor": f"/api/v1/consultations/{slug}/submissions?cursor={after}",
        "campaigns page": f"/en/consultations/{slug}/campaigns/",
        "campaigns API": f"/api/v1/consultations/{slug}/campaigns",
        "moderation page": f"/en/consultations/{slug}/moderation/",
        "moderation page, hidden": f"/en/consultations/{slug}/moderation/?show=hidden",
        "moderation page, by cursor": f"/en/consultations/{slug}/moderation/?cursor={deeper}",
        "moderation API": f"/api/v1/consultations/{slug}/moderation",
        "moderation API, by cursor": f"/api/v1/consultations/{slug}/moderation?cursor={deeper}",
    }


def costs(client, slug: str, c) -> dict[str, int]:
    published = queries.published_submissions(c)
    queue = queries.moderation_queue(c)
    after = cursor.cursor_after(published, published[4])
    deeper = cursor.cursor_after(queue, Submission(pk=published[4].pk + 40))
    found = {}
    for name, url in lists(slug, after, deeper).items():
        cache.clear()  # the first view after a write: the count is made again
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        found[name] = len(captured)
        if name == "consultation page":
            # The stored compilation's figures are not read for the page.
            assert not any("compilation" in q["sql"] and '"summary"' in q["sql"] for q in captured)
    return found


def test_each_list_costs_the_same_queries_at_10_and_1000_rows(client, personas):
    small = fill(personas, "small-one", 10)
    large = fill(personas, "large-one", 1000)
    client.force_login(personas.secretariat)
    at_10, at_1000 = costs(client, small.slug, small), costs(client, large.slug, large)
    assert at_10 == at_1000
    # And few: a page is its reader, consultation, count, rows and their prefetched parts.
    assert max(at_1000.values()) <= 16, at_1000


def test_lists_are_refused_to_readers_who_may_not_see_them(client, personas):
    c = fill(personas, "seen-one", 10)
    draft = make_consultation(personas, slug="draft-one", open_it=False)
    for name, url in lists(draft.slug, "x", "x").items():
        assert client.get(url).status_code in (401, 404), name
    client.force_login(personas.delegate)
    for url in (
        f"/en/consultations/{c.slug}/moderation/",
        f"/api/v1/consultations/{c.slug}/moderation",
    ):
        assert client.get(url).status_code == 404, url
    client.logout()
    # Anonymous readers of a published consultation see its published responses only.
    body = client.get(f"/api/v1/consultations/{c.slug}/submissions").json()
    assert body["count"] == 8 and len(body["items"]) == 8


def test_pages_walk_by_cursor_to_the_end_without_gaps(client, personas):
    c = fill(personas, "walk-one", 130)
    client.force_login(personas.secretariat)
    seen, url = [], f"/api/v1/consultations/{c.slug}/submissions"
    while url:
        body = client.get(url).json()
        seen += [row["receipt"] for row in body["items"]]
        url = body["next"]
    published = Submission.objects.filter(consultation=c, consent_to_publication=True, hidden=False)
    assert seen == list(published.order_by("id").values_list("receipt", flat=True))
    assert body["count"] == 104
    # The moderation queue, newest first: 50 a page on screen, its `next` link leads on there.
    response = client.get(f"/en/consultations/{c.slug}/moderation/")
    assert "?cursor=" in response.content.decode()
    # In the API, 200 a page: all 130 on one, so no `next`.
    api = client.get(f"/api/v1/consultations/{c.slug}/moderation").json()
    assert api["count"] == 130 and api["next"] is None and len(api["items"]) == 130


def test_a_count_is_kept_until_a_write_changes_it(client, personas):
    c = make_consultation(personas, slug="count-one")
    services.submit(personas.anonymous, c, payload(name="one"))
    assert queries.published_count(c) == 1
    with CaptureQueriesContext(connection) as captured:
        assert queries.published_count(c) == 1
    assert len(captured) == 0
    s = services.submit(personas.anonymous, c, payload(name="two")).submission
    assert queries.published_count(c) == 2
    s.consultation = c
    services.hide_submission(personas.secretariat, s, "off topic")
    assert queries.published_count(c) == 1
    assert queries.moderation_count(c, "hidden") == 1


def test_campaign_lists_are_paged_and_cut_the_representative_text(client, personas):
    c = fill(personas, "campaigns-one", 1000)
    body = client.get(f"/api/v1/consultations/{c.slug}/campaigns").json()
    assert body["count"] == 100 and body["pages"] == 2 and len(body["campaigns"]) == 50
    long = [row for row in body["campaigns"] if row["text_truncated"]]
    assert long and all(len(row["text"]) <= queries.CAMPAIGN_TEXT_CHARS + 1 for row in long)
    second = client.get(f"/api/v1/consultations/{c.slug}/campaigns?page=2").json()
    assert len(second["campaigns"]) == 50 and second["page"] == 2
    page = client.get(f"/en/consultations/{c.slug}/campaigns/?page=2").content.decode()
    assert LETTER * 2 not in page


def test_search_finds_a_receipt_and_an_organisation_by_its_start(client, personas):
    c = fill(personas, "search-one", 30)
    s = Submission.objects.filter(consultation=c, consent_to_publication=True).first()
    assert [x.pk for x in queries.published_submissions(c, q=s.receipt.lower())] == [s.pk]
    found = queries.published_submissions(c, q="org:Org 0001")
    assert {x.organisation for x in found} <= {f"Org 0001{i}" for i in range(10)}
    assert found.count() == 8


def test_the_moderation_queue_walks_by_signed_cursor_and_refuses_a_bad_one(client, personas):
    c = fill(personas, "queue-one", 130)
    client.force_login(personas.secretariat)
    seen, url = [], f"/en/consultations/{c.slug}/moderation/"
    while url:
        page = client.get(url).content.decode()
        seen += re.findall(r'<li class="item" id="([^"]+)"', page)
        found = re.search(r'rel="next" href="([^"]+)"', page)
        url = f"/en/consultations/{c.slug}/moderation/" + html.unescape(found[1]) if found else None
    everyone = Submission.objects.filter(consultation=c).order_by("-id")
    assert seen == list(everyone.values_list("receipt", flat=True))
    api = f"/api/v1/consultations/{c.slug}/moderation"
    # A cursor of another list (the published one, oldest first), or a forged one, is refused.
    published = queries.published_submissions(c)
    for bad in ("forged", cursor.cursor_after(published, published[0])):
        response = client.get(api, {"cursor": bad})
        assert response.status_code == 400, bad
        assert response.json()["field"] == "cursor"
    # On the page, a stale cursor shows the first page rather than an error.
    response = client.get(f"/en/consultations/{c.slug}/moderation/?cursor=forged")
    assert response.status_code == 200 and 'aria-current="page"' in response.content.decode()
