"""The drafting pages through HTTP: who sees and does what, refusals included."""

import io
import re
import zipfile

import pytest
from django.urls import reverse

from cwg.drafting import services
from cwg.drafting.tests.conftest import propose
from cwg.testing.factories import MeetingFactory

pytestmark = pytest.mark.django_db

MOD = {
    "mark": "MOD",
    "ref": "considering a)",
    "wording": "a) that the network grows fast;",
    "reasons": "Fact.",
}


def as_(client, person):
    client.force_login(person)
    return client


@pytest.fixture
def hidden(personas, text):
    text.access_level = "members"
    text.save(update_fields=["access_level"])
    return text


@pytest.fixture
def rev1(personas, text):
    contribution = propose(personas.delegate, text, "FRA", 1, MOD)
    return services.build_revision(personas.chair, text, accept=[contribution.proposals.get().pk])


def urls(text, number=1):
    return [
        reverse("drafting:text", args=[text.slug]),
        reverse("drafting:matrix", args=[text.slug]),
        reverse("drafting:revision", args=[text.slug, number]),
        reverse("drafting:export", args=[text.slug, number, "docx"]),
        reverse("drafting:export", args=[text.slug, number, "html"]),
        reverse("drafting:diff", args=[text.slug]) + f"?from=0&to={number}",
    ]


def test_a_members_only_text_is_404_to_visitors_and_outsiders(client, personas, hidden, rev1):
    services.agree_revision(personas.chair, rev1, MeetingFactory(group=personas.group))
    for url in urls(hidden):
        assert client.get(url).status_code == 404, url
        assert as_(client, personas.stakeholder).get(url).status_code == 404, url
        client.logout()
    assert hidden.slug.encode() not in client.get(reverse("drafting:list")).content
    for url in urls(hidden):
        assert as_(client, personas.delegate).get(url).status_code == 200, url


def test_a_draft_revision_is_404_to_delegates(client, personas, text, rev1):
    for url in urls(text)[2:]:
        assert as_(client, personas.delegate).get(url).status_code == 404, url
        assert as_(client, personas.chair).get(url).status_code == 200, url


def test_the_matrix_page_shows_proposals_and_filters(client, personas, text, rev1):
    propose(personas.other_delegate, text, "BRA", 2, {**MOD, "wording": "a) that it grows;"})
    page = client.get(reverse("drafting:matrix", args=[text.slug]))
    assert page.status_code == 200
    assert b"Conflicting proposals" in page.content and b"FRA/1/1" in page.content
    only_bra = client.get(reverse("drafting:matrix", args=[text.slug]) + "?state=BRA&mark=MOD")
    assert b"BRA/2/1" in only_bra.content and b"FRA/1/1" not in only_bra.content
    french = client.get(f"/fr/drafting/{text.slug}/matrix/")
    assert french.status_code == 200 and b"Propositions contradictoires" in french.content


def test_a_delegate_proposes_through_the_form(client, personas, text):
    url = reverse("drafting:propose", args=[text.slug])
    as_(client, personas.delegate)
    form = {
        "origin": "FRA",
        "document_number": "4",
        "mark_0": "MOD",
        "ref_0": "considering a)",
        "wording_0": MOD["wording"],
        "reasons_0": "Fact.",
        "mark_1": "ADD",
        "ref_1": "resolves 3",
        "after_1": "resolves 2 b)",
        "wording_1": "3 to publish;",
        "reasons_1": "Openness.",
    }
    assert client.post(url, form).status_code == 302
    assert [p.symbol for p in text.contributions.get().proposals.all()] == ["FRA/4/1", "FRA/4/2"]


def test_a_refused_proposal_says_why_next_to_the_field(client, personas, text):
    url = reverse("drafting:propose", args=[text.slug])
    as_(client, personas.delegate)
    page = client.post(
        url,
        {
            "origin": "FRA",
            "document_number": "4",
            "mark_0": "NOC",
            "ref_0": "resolves 1",
            "reasons_0": "",
        },
    )
    assert page.status_code == 400
    assert "reasons_0" in page.context["form"].errors
    assert not text.contributions.exists()


def test_only_delegates_reach_the_proposal_pages(client, personas, text):
    for name in ("propose", "import"):
        url = reverse(f"drafting:{name}", args=[text.slug])
        client.logout()
        assert client.get(url).status_code == 302  # sign in first
        for person in (personas.chair, personas.secretariat, personas.stakeholder):
            assert as_(client, person).get(url).status_code == 404
        assert as_(client, personas.delegate).get(url).status_code == 200


def test_the_chair_builds_and_agrees_a_revision(client, personas, text):
    contribution = propose(personas.delegate, text, "FRA", 1, MOD)
    url = reverse("drafting:new_revision", args=[text.slug])
    assert as_(client, personas.delegate).get(url).status_code == 404
    as_(client, personas.chair)
    response = client.post(url, {"accept": [str(contribution.proposals.get().pk)]})
    assert response.status_code == 302
    meeting = MeetingFactory(group=personas.group)
    agree = reverse("drafting:agree", args=[text.slug, 1])
    assert as_(client, personas.delegate).post(agree, {"meeting": meeting.pk}).status_code == 404
    as_(client, personas.chair).post(agree, {"meeting": meeting.pk})
    assert text.revisions.get().status == "agreed"
    docx = client.get(reverse("drafting:export", args=[text.slug, 1, "docx"]))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_contribution_downloads_in_itu_layout_with_tracked_changes(client, personas, hidden):
    propose(
        personas.delegate,
        hidden,
        "FRA",
        3,
        MOD,
        {"mark": "SUP", "ref": "resolves 1", "reasons": "Done."},
    )
    url = reverse("drafting:contribution_docx", args=[hidden.slug, "FRA", 3])
    assert client.get(url).status_code == 404
    assert as_(client, personas.stakeholder).get(url).status_code == 404
    response = as_(client, personas.other_delegate).get(url)
    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert "FRA/3/1" in xml and "FRA/3/2" in xml and "Reasons: Fact." in xml
    assert '<w:ins w:id="' in xml and 'w:author="FRA"' in xml and "<w:delText" in xml
    assert (
        client.get(reverse("drafting:contribution_docx", args=[hidden.slug, "FRA", 4])).status_code
        == 404
    )


def test_the_api_exports_a_revision_and_refuses_a_bad_format(client, personas, text, rev1):
    url = f"/api/v1/drafting/texts/{text.slug}/revisions/1/export"
    assert client.get(url).status_code == 404  # a draft: not for visitors
    as_(client, personas.chair)
    assert client.get(url).content[:2] == b"PK"
    assert b"<ins" in client.get(url, {"format": "html"}).content
    refused = client.get(url, {"format": "odt"})
    assert refused.status_code == 400 and refused.json()["field"] == "format"
    assert client.get(f"/api/v1/drafting/texts/{text.slug}/revisions/9/export").status_code == 404


def _words(html: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html.decode()).split())


def test_the_pages_print_a_provisions_label_once(client, personas, text, rev1):
    as_(client, personas.chair)
    revision = _words(client.get(reverse("drafting:revision", args=[text.slug, 1])).content)
    assert "considering a) that the network grows fast;" in revision
    assert "a) a)" not in revision and "resolves 2 2 to report" not in revision
    original = _words(client.get(reverse("drafting:text", args=[text.slug])).content)
    assert "considering b) that States cooperate," in original
    assert "b) b)" not in original and "resolves 2 b) b)" not in original


def test_the_group_page_leads_members_to_the_drafting_room(client, personas, hidden):
    group_page = reverse("groups:detail", args=[personas.group.slug])
    room = reverse("drafting:list") + f"?group={personas.group.slug}"
    assert room.encode() not in client.get(group_page).content  # a members-only text
    assert room.encode() not in as_(client, personas.stakeholder).get(group_page).content
    page = as_(client, personas.delegate).get(group_page)
    assert room.encode() in page.content and b"Drafting room (1)" in page.content
    listed = client.get(room)
    assert b"Resolution 999" in listed.content
    elsewhere = client.get(reverse("drafting:list") + "?group=another-group")
    assert b"Resolution 999" not in elsewhere.content
