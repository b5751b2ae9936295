"""Django application configuration for cwg.decisions."""

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "cwg.decisions"
    label = "decisions"
    default_auto_field = "django.db.models.BigAutoField"
