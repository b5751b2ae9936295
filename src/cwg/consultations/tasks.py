"""Background work of consultations: campaign detection, full re-runs, and compilations."""

from django_tasks import task

from cwg.consultations import imports
from cwg.consultations.models import Compilation
from cwg.consultations.services import campaigns as campaign_runs
from cwg.consultations.services import compilation
from cwg.meetings.models import Meeting


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


@task()
def build_compilation_files(compilation_id: int, targets: list | None = None) -> str:
    return compilation.run_build(compilation_id, targets).status


@task()
def attach_compilation(compilation_id: int, meeting_id: int, actor_id: int | None) -> str:
    found = Compilation.objects.select_related("consultation").get(pk=compilation_id)
    meeting = Meeting.objects.get(pk=meeting_id)
    actor = compilation.actor_by_id(actor_id)
    return compilation.attach_to_meeting(actor, found.consultation, meeting).symbol
