"""Django application configuration for cwg.drafting."""

from django.apps import AppConfig


class DraftingConfig(AppConfig):
    name = "cwg.drafting"
    label = "drafting"
