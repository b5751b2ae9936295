"""Pages and API of the gap analysis: members read, the secretariat writes, outsiders get 404."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cwg.analysis import services
from cwg.analysis.models import GapAnalysis, Paragraph, Review, SuggestionRun
from cwg.analysis.tests.conftest import OUTCOME
from cwg.testing.factories import GapAnalysisFactory, GroupFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _client(client, person):
    if person is not None:
        client.force_login(person)
    return client


@pytest.fixture
def outsider_workspace(personas, no_embeddings):
    """A workspace of another group, which none of the personas' group roles reach."""
    from cwg.registry.models import Role

    group = GroupFactory()
    clerk = PersonFactory(username="otherclerk", first_name="Olga", last_name="Clerk")
    MembershipFactory(person=clerk, role=Role.SECRETARIAT, group=group)
    return services.create_analysis(clerk, group, title="Elsewhere")


def test_members_see_the_workspace_and_outsiders_get_404(client, personas, workspace):
    url = reverse("analysis:detail", args=[workspace.pk])
    for person in (personas.secretariat, personas.delegate, personas.chair):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert b"WSIS+20 review" in response.content
    client.force_login(personas.stakeholder)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_list_shows_only_the_groups_of_the_reader(client, personas, workspace, outsider_workspace):
    client.force_login(personas.delegate)
    response = client.get(reverse("analysis:list"))
    assert b"WSIS+20 review" in response.content
    assert b"Elsewhere" not in response.content
    assert client.get(reverse("analysis:detail", args=[outsider_workspace.pk])).status_code == 404


def test_secretariat_imports_a_file_and_a_bad_file_is_refused(client, personas, no_embeddings):
    analysis = services.create_analysis(personas.secretariat, personas.group, title="New")
    client.force_login(personas.secretariat)
    url = reverse("analysis:import", args=[analysis.pk])
    bad = SimpleUploadedFile("x.pdf", b"%PDF-1.4 nonsense")
    response = client.post(url, {"file": bad, "language": "en"}, follow=True)
    assert b"not a readable PDF" in response.content
    assert not Paragraph.objects.filter(analysis=analysis).exists()
    good = SimpleUploadedFile("outcome.txt", OUTCOME.encode())
    response = client.post(url, {"file": good, "language": "en"}, follow=True)
    assert b"4 paragraphs imported" in response.content
    assert Paragraph.objects.filter(analysis=analysis).count() == 4


def test_members_cannot_write(client, personas, workspace):
    client.force_login(personas.delegate)
    upload = SimpleUploadedFile("outcome.txt", b"1. Something.")
    assert (
        client.post(reverse("analysis:import", args=[workspace.pk]), {"file": upload}).status_code
        == 404
    )
    assert (
        client.post(
            reverse("analysis:run", args=[workspace.pk]), {"ranker": "bm25", "top": 3}
        ).status_code
        == 404
    )
    paragraph = Paragraph.objects.get(analysis=workspace, reference="1")
    review_url = reverse("analysis:review", args=[workspace.pk, paragraph.pk])
    assert (
        client.post(
            review_url, {"classification": "itu", "mandates": ["C2"], "expected_version": 0}
        ).status_code
        == 404
    )
    assert client.post(reverse("analysis:attach", args=[workspace.pk])).status_code == 404
    assert client.get(reverse("analysis:create")).status_code == 404
    assert not SuggestionRun.objects.exists() and not Review.objects.exists()


def test_run_review_and_results_through_the_pages(
    client, personas, workspace, django_capture_on_commit_callbacks
):
    client.force_login(personas.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("analysis:run", args=[workspace.pk]), {"ranker": "combined", "top": 3}
        )
    assert response.status_code == 302
    run = SuggestionRun.objects.get()
    progress = client.get(reverse("analysis:progress", args=[run.pk]))
    assert b"Finished." in progress.content and b"hx-get" not in progress.content

    paragraph = Paragraph.objects.get(analysis=workspace, reference="2")
    page = client.get(reverse("analysis:paragraph", args=[workspace.pk, paragraph.pk]))
    assert b"C5" in page.content and b"BM25 alone" in page.content
    review_url = reverse("analysis:review", args=[workspace.pk, paragraph.pk])
    response = client.post(
        review_url,
        {
            "classification": "itu",
            "mandates": ["C5"],
            "comment": "ITU leads C5",
            "expected_version": 0,
        },
    )
    assert response.status_code == 302
    stale = client.post(
        review_url,
        {"classification": "gap", "comment": "late", "expected_version": 0},
    )
    assert stale.status_code == 409
    assert b"changed by" in stale.content
    assert Review.objects.get(paragraph=paragraph).classification == "itu"

    results = client.get(reverse("analysis:results", args=[workspace.pk]))
    assert results.status_code == 200
    assert b"Coverage by section" in results.content
    for fmt, marker in (("csv", b"Paragraph"), ("xlsx", b"PK"), ("docx", b"PK")):
        response = client.get(reverse("analysis:export", args=[workspace.pk, fmt]))
        assert response.status_code == 200 and marker in response.content[:20]
    assert client.get(reverse("analysis:export", args=[workspace.pk, "exe"])).status_code == 404


def test_workspace_pages_need_a_bounded_number_of_queries(
    client, personas, no_embeddings, run_now, django_assert_max_num_queries
):
    from cwg.analysis.tests import plan_of_action

    services.load_reference_mandates(personas.secretariat)
    analysis = services.create_analysis(personas.secretariat, personas.group, title="Plan")
    services.import_document(
        personas.secretariat, analysis, data=plan_of_action.as_text(), filename="plan.txt"
    )
    run_now(personas.secretariat, analysis, ranker="bm25")
    client.force_login(personas.delegate)
    # 150 paragraphs with 3 suggestions each: a per-row query would show as hundreds.
    with django_assert_max_num_queries(25):
        assert client.get(reverse("analysis:detail", args=[analysis.pk])).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("analysis:results", args=[analysis.pk])).status_code == 200


def test_create_page(client, personas):
    client.force_login(personas.secretariat)
    url = reverse("analysis:create")
    assert client.get(url).status_code == 200
    assert client.post(url, {"group": personas.group.pk, "title": ""}).status_code == 400
    response = client.post(url, {"group": personas.group.pk, "title": "Second review"})
    assert response.status_code == 302
    assert GapAnalysis.objects.filter(title="Second review").exists()


def test_mandate_catalogue_is_public_and_loading_is_for_the_secretariat(client, personas):
    services.load_reference_mandates(personas.secretariat)
    response = client.get(reverse("analysis:mandates"))
    assert response.status_code == 200
    assert b"Take appropriate action on spam" in response.content
    assert b"Load or refresh" not in response.content
    client.force_login(personas.delegate)
    assert client.post(reverse("analysis:load_mandates")).status_code == 404


# ---- API ------------------------------------------------------------------------------------


def test_api_lists_paragraphs_and_records_a_review(client, personas, workspace):
    client.force_login(personas.secretariat)
    response = client.get(f"/api/v1/analyses/{workspace.pk}/paragraphs")
    assert response.status_code == 200
    paragraphs = response.json()
    assert [p["reference"] for p in paragraphs] == ["1", "2", "3", "4"]
    target = paragraphs[0]["id"]
    url = f"/api/v1/analyses/{workspace.pk}/paragraphs/{target}/review"
    body = {"classification": "itu", "mandates": ["C2"], "comment": "", "expected_version": 0}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    assert response.json()["review"]["version"] == 1
    again = client.post(url, json.dumps(body), content_type="application/json")
    assert again.status_code == 409
    assert again.json()["field"] == "expected_version"
    bad = client.post(
        url,
        json.dumps({**body, "classification": "x", "expected_version": 1}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "classification"


def test_api_refuses_members_writes_and_hides_from_outsiders(client, personas, workspace):
    client.force_login(personas.delegate)
    assert client.get(f"/api/v1/analyses/{workspace.pk}/coverage").status_code == 200
    response = client.post(
        f"/api/v1/analyses/{workspace.pk}/runs",
        json.dumps({"ranker": "bm25"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    client.force_login(personas.stakeholder)
    assert client.get(f"/api/v1/analyses/{workspace.pk}").status_code == 404
    client.logout()
    assert client.get(f"/api/v1/analyses/{workspace.pk}").status_code == 401
    assert client.get("/api/v1/mandates").status_code == 200


def test_resolution_clauses_upload_is_for_the_secretariat(client, personas):
    from cwg.analysis.models import Mandate
    from cwg.testing.factories import ResolutionFactory

    resolution = ResolutionFactory(instrument="C", number="1305", year=2019)
    url = reverse("analysis:resolution_clauses")
    text = b"1. The group identifies issues.\n\n2. The group consults stakeholders.\n"
    client.force_login(personas.delegate)
    response = client.post(
        url, {"resolution": resolution.pk, "file": SimpleUploadedFile("r.txt", text)}
    )
    assert response.status_code == 404
    client.force_login(personas.secretariat)
    page = client.get(reverse("analysis:mandates"))
    assert b"Add a resolution" in page.content
    response = client.post(
        url, {"resolution": resolution.pk, "file": SimpleUploadedFile("r.txt", text)}, follow=True
    )
    assert b"2 clauses of RES-C-1305-2019 loaded" in response.content
    assert Mandate.objects.get(code="RES-C-1305-2019").passages.count() == 2


def test_api_imports_a_document_and_refuses_a_bad_one(client, personas, no_embeddings):
    analysis = services.create_analysis(personas.secretariat, personas.group, title="API")
    url = f"/api/v1/analyses/{analysis.pk}/document"
    client.force_login(personas.delegate)
    refused = client.post(url, {"file": SimpleUploadedFile("o.txt", OUTCOME.encode())})
    assert refused.status_code == 403
    client.force_login(personas.secretariat)
    bad = client.post(url, {"file": SimpleUploadedFile("o.pdf", b"%PDF-1.4 junk")})
    assert bad.status_code == 400 and bad.json()["field"] == "file"
    assert not Paragraph.objects.filter(analysis=analysis).exists()
    good = client.post(url, {"file": SimpleUploadedFile("o.txt", OUTCOME.encode())})
    assert good.status_code == 200 and good.json()["paragraphs"] == 4
    annex = client.post(f"/api/v1/analyses/{analysis.pk}/annex")
    assert annex.status_code == 200 and annex.json()["symbol"]


def test_the_import_instant_is_written_like_every_other_instant(client, personas):
    import datetime as dt

    from django.utils import translation

    from cwg.core.templatetags.cwg_ui import local_datetime

    instant = dt.datetime(2026, 2, 3, 14, 5, tzinfo=dt.UTC)
    analysis = GapAnalysisFactory(
        group=personas.group,
        title="WSIS+20 outcome document",
        source_filename="outcome.docx",
        source_kind="docx",
        imported_at=instant,
    )
    client.force_login(personas.delegate)
    for language in ("en", "fr"):
        body = client.get(f"/{language}/analysis/{analysis.pk}/").content.decode()
        with translation.override(language):
            assert local_datetime(instant) in body
        assert "2026-02-03 14:05" not in body
