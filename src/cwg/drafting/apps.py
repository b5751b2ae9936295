"""Django application configuration for cwg.drafting."""

from django.apps import AppConfig


class DraftingConfig(AppConfig):
    name = "cwg.drafting"
    label = "drafting"

    def ready(self):
        from cwg.drafting import history

        history.register()  # which of its records readers may see in the audit trail
