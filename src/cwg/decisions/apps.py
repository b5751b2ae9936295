"""Django application configuration for cwg.decisions."""

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "cwg.decisions"
    label = "decisions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.decisions import history

        history.register()  # which of its records readers may see in the audit trail
