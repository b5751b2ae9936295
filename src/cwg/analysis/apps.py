"""Django application configuration for cwg.analysis."""

from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "cwg.analysis"
    label = "analysis"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.analysis import history

        history.register()  # which of its records readers may see in the audit trail
