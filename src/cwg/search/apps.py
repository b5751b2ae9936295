"""Django application configuration for cwg.search."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cwg.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cwg.search import signals

        signals.connect()
