"""Django application configuration for cwg.meetings."""

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "cwg.meetings"
    label = "meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.meetings import history

        history.register()  # which of its records readers may see in the audit trail
