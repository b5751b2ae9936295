"""Background work of the gap analysis: ranking the paragraphs of a document against mandates."""

from django_tasks import task

from cwg.analysis import services


@task()
def run_suggestions_task(run_id: int) -> str:
    return services.execute_run(run_id).status
