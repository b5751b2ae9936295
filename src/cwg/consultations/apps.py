"""Django application configuration for cwg.consultations."""

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "cwg.consultations"
    label = "consultations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.consultations import history

        history.register()  # which of its records readers may see in the audit trail
        from cwg.consultations.sources import find_response
        from cwg.core import sources

        sources.register("response", find_response)  # a drafted text may cite a response
