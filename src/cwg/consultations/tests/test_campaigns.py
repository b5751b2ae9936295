"""Campaign detection wired to submissions: incremental scans, full re-runs, progress, pages."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache

from cwg.consultations import services
from cwg.consultations.models import (
    Campaign,
    CampaignDetectorChunk,
    CampaignDetectorState,
    CampaignJob,
    JobStatus,
    Submission,
)
from cwg.consultations.services import campaigns as campaign_runs
from cwg.consultations.services import compilation
from cwg.consultations.tests.conftest import (
    LETTER,
    UNIQUE,
    campaign_tests,
    fill,
    make_consultation,
    rerun_campaigns,
    variants,
)
from cwg.testing.factories import CampaignJobFactory

pytestmark = campaign_tests


def test_submissions_are_scanned_incrementally(personas, django_capture_on_commit_callbacks):
    c = make_consultation(personas)
    with django_capture_on_commit_callbacks(execute=True):
        fill(personas, c, variants(6) + UNIQUE)
    campaign = Campaign.objects.get(consultation=c)
    assert campaign.size == 6 and campaign.exact_duplicates >= 1
    assert Submission.objects.filter(campaign=campaign).count() == 6
    assert (
        not Submission.objects.filter(campaign__isnull=True, answers__1__in=UNIQUE)
        .filter(campaign__isnull=False)
        .exists()
    )
    state = CampaignDetectorState.objects.get(consultation=c)
    assert state.last_submission_id == Submission.objects.latest("id").id
    assert CampaignDetectorChunk.objects.filter(consultation=c).exists()

    # A later arrival joins the same campaign through the persisted detector.
    with django_capture_on_commit_callbacks(execute=True):
        fill(personas, c, [LETTER + " Greetings from Dakar."])
    campaign.refresh_from_db()
    assert campaign.size == 7
    assert CampaignJob.objects.filter(consultation=c, status=JobStatus.DONE).exists()


def test_full_rerun_through_the_api_and_progress(
    client, personas, django_capture_on_commit_callbacks
):
    c = make_consultation(personas)
    fill(personas, c, variants(5) + UNIQUE)
    url = f"/api/v1/consultations/{c.slug}/campaigns/runs"
    assert client.post(url).status_code == 401
    client.force_login(personas.delegate)
    assert client.post(url).status_code == 403
    client.force_login(personas.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 202
    job = CampaignJob.objects.get(pk=response.json()["id"])
    assert job.status == JobStatus.DONE and job.processed == 8 and job.percent == 100
    progress = client.get(f"{url}/{job.pk}").json()
    assert progress["status"] == "done" and progress["total"] == 8
    listing = client.get(f"/api/v1/consultations/{c.slug}/campaigns").json()
    assert [row["size"] for row in listing["campaigns"]] == [5]
    page = client.get(f"/en/consultations/{c.slug}/campaigns/")
    assert (
        page.status_code == 200
        and "protect an open, multilingual Internet" in page.content.decode()
    )
    box = client.get(f"/en/consultations/{c.slug}/campaigns/jobs/{job.pk}/")
    assert box.status_code == 200 and "progress" in box.content.decode()
    # "See the result": from the polled box, the page again at its fresh result; on the page
    # itself, where the result is right below, no link to the page it is on.
    fresh = f"/en/consultations/{c.slug}/campaigns/?after={job.pk}#campaign-results"
    assert f'href="{fresh}"' in box.content.decode()
    assert "See the result" not in page.content.decode()
    assert 'id="campaign-results"' in page.content.decode()


def test_a_running_job_refuses_a_second_one(personas):
    c = make_consultation(personas)
    from django.utils import timezone

    CampaignJobFactory(consultation=c, kind="full", status="running", created_at=timezone.now())
    from cwg.core.exceptions import Conflict

    with pytest.raises(Conflict, match="already running"):
        campaign_runs.request_full_run(personas.secretariat, c)


def render(consultation, fmt: str, language: str = "en") -> bytes:
    out = io.BytesIO()
    compilation.write(consultation, fmt, language, out)
    return out.getvalue()


def csv_rows(consultation) -> list[list[str]]:
    text = render(consultation, "csv").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_campaigns_are_summarised_once_in_the_compilation(personas):
    c = make_consultation(personas)
    fill(personas, c, variants(5) + UNIQUE)
    rerun_campaigns(personas, c)
    services.transition(personas.secretariat, c, "closed")
    services.transition(personas.secretariat, c, "compiled")
    c.refresh_from_db()
    data = c.compilation.summary
    assert data["totals"]["campaigns"] == 1 and data["totals"]["in_campaigns"] == 5
    rows = csv_rows(c)[1:]
    assert len([r for r in rows if r[1] == "answer"]) == 3  # the unique texts, one by one
    assert [r[9] for r in rows if r[1] == "campaign"] == ["5"]


def test_a_stalled_run_is_resumed_from_its_last_batch(personas, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    c = make_consultation(personas)
    fill(personas, c, variants(4) + UNIQUE)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    job = CampaignJobFactory(
        consultation=c, kind="full", status="running", created_at=long_ago, heartbeat_at=long_ago
    )
    with django_capture_on_commit_callbacks(execute=True):
        resumed = campaign_runs.request_full_run(personas.secretariat, c)
    assert resumed.pk == job.pk
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.processed == 7
    assert Campaign.objects.get(consultation=c).size == 4


def _arrivals_during_the_scan(monkeypatch, capture, personas, consultation, texts):
    """After the first scan has read its last batch, while it sums up its campaigns, new
    submissions are stored and their follow-ups (queueing a scan) run at once, as they would
    in another process: the scan's own reads can no longer see them."""
    detector = campaign_runs.engine_module().IncrementalDetector
    original = detector.result
    arrived = []

    def result(self):
        if not arrived:
            arrived.append(True)
            with capture(execute=True):
                fill(personas, consultation, texts)
        return original(self)

    monkeypatch.setattr(detector, "result", result)
    return arrived


def _every_submission_was_scanned(consultation) -> None:
    state = CampaignDetectorState.objects.get(consultation=consultation)
    newest = Submission.objects.filter(consultation=consultation).latest("id").id
    assert state.last_submission_id == newest


def test_arrivals_while_a_scan_runs_are_scanned_when_it_ends(
    personas, django_capture_on_commit_callbacks, monkeypatch
):
    c = make_consultation(personas)
    during = [LETTER + " Sent while the scan ran.", LETTER + " Also sent while the scan ran."]
    arrived = _arrivals_during_the_scan(
        monkeypatch, django_capture_on_commit_callbacks, personas, c, during + UNIQUE[:1]
    )
    with django_capture_on_commit_callbacks(execute=True):
        fill(personas, c, variants(4))
    assert arrived
    _every_submission_was_scanned(c)
    campaign = Campaign.objects.get(consultation=c)
    assert campaign.size == 6
    assert Submission.objects.filter(consultation=c, campaign=campaign).count() == 6
    # No scan was left holding the lock or the queue marker.
    assert cache.get(f"cwg:campaign-scan-running:{c.pk}") is None
    assert cache.get(f"cwg:campaign-scan:{c.pk}") is None


def test_arrivals_during_a_full_run_are_scanned_when_it_ends(
    personas, django_capture_on_commit_callbacks, monkeypatch
):
    c = make_consultation(personas)
    with django_capture_on_commit_callbacks(execute=True):
        fill(personas, c, variants(3))
    during = [LETTER + " Sent during the full run."]
    arrived = _arrivals_during_the_scan(
        monkeypatch, django_capture_on_commit_callbacks, personas, c, during
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = campaign_runs.request_full_run(personas.secretariat, c)
    job.refresh_from_db()
    assert arrived and job.status == JobStatus.DONE
    _every_submission_was_scanned(c)
    assert Campaign.objects.get(consultation=c).size == 4


def test_an_arrival_whose_scan_cannot_be_queued_leaves_the_next_arrival_free_to_queue(
    personas, monkeypatch
):
    from types import SimpleNamespace

    from cwg.consultations import tasks

    queued = []

    def refuse(consultation_id):
        raise ConnectionError("queue unavailable")

    monkeypatch.setattr(tasks, "scan_new_submissions", SimpleNamespace(enqueue=refuse))
    campaign_runs.schedule_incremental(4242)
    monkeypatch.setattr(tasks, "scan_new_submissions", SimpleNamespace(enqueue=queued.append))
    campaign_runs.schedule_incremental(4242)
    campaign_runs.schedule_incremental(4242)
    assert queued == [4242]


PERSONAL = (
    "Our village library runs the only public computers for forty kilometres. "
    "Most visitors write in Quechua and the keyboards do not have the letters they need. "
    "We have asked three ministries for help and received no answer at all. "
    "The volunteers maintain the machines themselves on weekends. "
    "We would welcome any guidance on fonts and input methods for our language."
)


def test_tiers_are_stored_and_the_compilation_counts_partial_use_apart(client, personas):
    c = make_consultation(personas)
    first, second, _ = LETTER.split(". ", 2)
    quoting = f"{PERSONAL} {first}. {second}."
    receipts = fill(personas, c, [*variants(5), quoting, *UNIQUE])
    rerun_campaigns(personas, c)
    campaign = Campaign.objects.get(consultation=c)
    assert (campaign.size, campaign.copies, campaign.near_copies, campaign.partial_use) == (
        5,
        2,
        3,
        1,
    )
    rows = {s.receipt: s for s in Submission.objects.filter(consultation=c)}
    assert [rows[r].campaign_tier for r in receipts[:5]] == ["exact"] * 2 + ["near"] * 3
    assert all(rows[r].campaign_id == campaign.pk for r in receipts[:5])
    partial = rows[receipts[5]]
    assert partial.campaign is None and partial.quoted_campaign == campaign
    assert partial.campaign_tier == "partial" and 0.1 <= partial.campaign_share < 0.5
    assert all(rows[r].campaign_tier == "" for r in receipts[6:])
    client.force_login(personas.secretariat)
    listing = client.get(f"/api/v1/consultations/{c.slug}/campaigns").json()["campaigns"]
    assert [(row["copies"], row["near_copies"], row["partial_use"]) for row in listing] == [
        (2, 3, 1)
    ]

    services.transition(personas.secretariat, c, "closed")
    services.transition(personas.secretariat, c, "compiled")
    c.refresh_from_db()
    assert c.compilation.summary["totals"]["in_campaigns"] == 5
    answers = {r[2]: r for r in csv_rows(c)[1:] if r[1] == "answer"}
    assert answers[receipts[5]][10] == "partial"  # still reproduced on its own
    html = render(c, "html").decode()
    assert "2 exact copies, 3 near copies; 1 more responses quote it in part." in html
    assert f"{receipts[5]} — quotes a campaign in part" in html
    csv_text = render(c, "csv").decode("utf-8-sig")
    assert "Campaign tier" in csv_text.splitlines()[0]
    assert ",partial," in csv_text
    import io

    import docx
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(render(c, "xlsx")))["Campaigns"]
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    cells = dict(zip(header, row, strict=True))
    assert (cells["Exact copies"], cells["Near copies"], cells["Partial use"]) == (2, 3, 1)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(render(c, "docx"))).paragraphs]
    assert "2 exact copies, 3 near copies; 1 more responses quote it in part." in paragraphs


def test_a_state_saved_by_an_older_engine_is_rebuilt_from_every_submission(
    personas, django_capture_on_commit_callbacks
):
    c = make_consultation(personas)
    with django_capture_on_commit_callbacks(execute=True):
        fill(personas, c, variants(4))
    # An older version kept the detector as one blob, and no chunks.
    CampaignDetectorChunk.objects.filter(consultation=c).delete()
    CampaignDetectorState.objects.filter(consultation=c).update(data=b"format 2 bytes")
    with django_capture_on_commit_callbacks(execute=True):
        fill(personas, c, [LETTER + " Greetings from Dakar."])
    campaign = Campaign.objects.get(consultation=c)
    assert campaign.size == 5
    assert CampaignJob.objects.filter(consultation=c, status=JobStatus.FAILED).count() == 0
