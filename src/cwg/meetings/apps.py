"""Django application configuration for cwg.meetings, with the page parts it adds below it."""

from cwg.core import sections


class MeetingsConfig(sections.SectionsAppConfig):
    name = "cwg.meetings"
    label = "meetings"
    sections = {
        "group_page": "cwg.meetings.queries.group_page_meetings",
        "group_links": "cwg.meetings.permissions.group_page_links",
    }

    def ready(self):
        super().ready()
        from cwg.meetings import history

        history.register()  # which of its records readers may see in the audit trail
