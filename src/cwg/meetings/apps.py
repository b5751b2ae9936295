"""Django application configuration for cwg.meetings, with the page parts it adds below it."""

from cwg.core.sections import SectionsAppConfig


class MeetingsConfig(SectionsAppConfig):
    name = "cwg.meetings"
    label = "meetings"
    sections = {
        "group_page": "cwg.meetings.queries.group_page_meetings",
        "group_links": "cwg.meetings.permissions.group_page_links",
    }
