"""Background work of consultations: campaign detection as submissions arrive, and full re-runs."""

from django_tasks import task

from cwg.consultations import imports
from cwg.consultations.services import campaigns as campaign_runs


@task()
def scan_new_submissions(consultation_id: int) -> int:
    job = campaign_runs.run_incremental(consultation_id)
    return job.processed if job else 0


@task()
def rerun_campaigns(job_id: int) -> str:
    return campaign_runs.run_full(job_id).status


@task()
def import_responses(import_id: int) -> str:
    return imports.run_import(import_id).status
