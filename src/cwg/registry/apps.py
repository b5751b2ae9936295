"""Django application configuration for cwg.registry."""

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "cwg.registry"
    label = "registry"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.registry import history

        history.register()  # which of its records readers may see in the audit trail
