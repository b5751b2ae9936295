"""Django application configuration for cwg.meetings."""

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "cwg.meetings"
    label = "meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.core.sections import add_section
        from cwg.meetings import permissions, queries

        add_section("group_page", queries.group_page_meetings)
        add_section("group_links", permissions.group_page_links)
