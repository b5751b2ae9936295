"""Django application configuration for cwg.consultations."""

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "cwg.consultations"
    label = "consultations"
    default_auto_field = "django.db.models.BigAutoField"
