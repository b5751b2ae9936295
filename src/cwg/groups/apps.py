"""Django application configuration for cwg.groups."""

from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "cwg.groups"
    label = "groups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.groups import history

        history.register()  # which of its records readers may see in the audit trail
