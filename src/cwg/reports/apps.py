"""Django application configuration for cwg.reports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cwg.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.reports import history

        history.register()  # which of its records readers may see in the audit trail
