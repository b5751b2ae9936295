"""Django application configuration for cwg.reports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cwg.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.core.sections import add_section
        from cwg.reports import permissions

        add_section("group_links", permissions.group_page_links)
