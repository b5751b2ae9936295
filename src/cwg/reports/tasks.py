"""Background work of reports: generating the Chair's report and posting it as a document."""

from django.contrib.auth import get_user_model
from django_tasks import task

from cwg.groups.models import Group
from cwg.reports import services


@task()
def store_chair_report(
    actor_id: int, group_id: int, meetings: str, languages: list[str], file_format: str = "docx"
) -> str:
    """Returns the symbol of the stored document."""
    actor = get_user_model().objects.get(pk=actor_id)
    group = Group.objects.get(pk=group_id)
    document = services.store_chair_report(
        actor, group, meetings, languages, file_format=file_format
    )
    return document.symbol
