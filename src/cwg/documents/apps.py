"""Django application configuration for cwg.documents."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cwg.documents"
    label = "documents"
    default_auto_field = "django.db.models.BigAutoField"
