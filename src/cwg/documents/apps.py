"""Django application configuration for cwg.documents."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cwg.documents"
    label = "documents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.documents import history

        history.register()  # which of its records readers may see in the audit trail
