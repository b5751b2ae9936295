"""Scans persist the detector as one chunk per batch, resume after a crash, and never run in a
web request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cwg.consultations.models import (
    Campaign,
    CampaignDetectorChunk,
    CampaignJob,
    JobStatus,
    Submission,
)
from cwg.consultations.services import campaigns as campaign_runs
from cwg.consultations.tests.conftest import (
    LETTER,
    UNIQUE,
    campaign_tests,
    fill,
    make_consultation,
    variants,
)
from cwg.consultations.tests.test_web_form import form_data, form_url

pytestmark = campaign_tests

SECOND = (
    "Rural broadband must be funded by a universal service fund that every operator pays into, "
    "and regulators should publish coverage maps each year so citizens can check the progress."
)


class Crash(BaseException):
    """The worker process dying (not an error the scan could record)."""


def _texts() -> list[str]:
    second = [SECOND, SECOND + " Thanks.", SECOND + " Regards.", SECOND]
    texts = []
    for a, b in zip(variants(8), second * 2, strict=True):
        texts += [a, b]
    return texts + UNIQUE


def _groups(consultation) -> list[list[str]]:
    return sorted(
        sorted(Submission.objects.filter(campaign=c).values_list("name", flat=True))
        for c in Campaign.objects.filter(consultation=consultation)
    )


def test_each_batch_appends_one_chunk_and_a_crashed_run_resumes_to_the_same_result(
    personas, monkeypatch
):
    monkeypatch.setattr(campaign_runs, "BATCH", 3)
    consultation = make_consultation(personas)
    fill(personas, consultation, _texts())
    job = campaign_runs.request_full_run(personas.secretariat, consultation)
    campaign_runs.run_full(job.pk)
    expected = _groups(consultation)
    assert len(expected) == 2
    chunks = list(CampaignDetectorChunk.objects.filter(consultation=consultation))
    assert [c.seq for c in chunks] == list(range(1, len(chunks) + 1))
    assert len(chunks) == -(-Submission.objects.filter(consultation=consultation).count() // 3)

    # Run again, and crash after the fourth chunk is stored.
    original = campaign_runs.append_detector_chunk
    saved = []

    def crashing(consultation, detector, cursor):
        original(consultation, detector, cursor)
        saved.append(cursor)
        if len(saved) == 4:
            raise Crash

    monkeypatch.setattr(campaign_runs, "append_detector_chunk", crashing)
    job = CampaignJob.objects.create(
        consultation=consultation, kind="full", created_at=job.created_at
    )
    with pytest.raises(Crash):
        campaign_runs.run_full(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert CampaignDetectorChunk.objects.filter(consultation=consultation).count() == 4
    monkeypatch.setattr(campaign_runs, "append_detector_chunk", original)
    campaign_runs.run_full(job.pk)  # the stalled run is queued again: it resumes
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert _groups(consultation) == expected
    assert CampaignDetectorChunk.objects.filter(consultation=consultation).count() == len(chunks)


@pytest.fixture
def queued_tasks(settings):
    """Tasks are queued for a worker and not run (as with any backend but the immediate one)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def test_the_run_button_and_submissions_queue_scans_and_never_run_them(
    client, personas, queued_tasks, django_capture_on_commit_callbacks
):
    consultation = make_consultation(personas)
    client.force_login(personas.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consultations:run_campaigns", args=[consultation.slug]))
    assert response.status_code == 302
    job = CampaignJob.objects.get(consultation=consultation)
    assert job.status == JobStatus.QUEUED  # nothing ran in the request
    assert [r.task.name for r in queued_tasks.results] == ["rerun_campaigns"]

    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(consultation), form_data(answer_1=LETTER))
    assert response.status_code == 302
    assert Submission.objects.filter(consultation=consultation).exists()
    assert "scan_new_submissions" in [r.task.name for r in queued_tasks.results]
    assert not CampaignDetectorChunk.objects.exists()
    assert CampaignJob.objects.filter(consultation=consultation).count() == 1
