"""Django application configuration for cwg.core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cwg.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.core import checks  # noqa: F401  (registers the system checks)
