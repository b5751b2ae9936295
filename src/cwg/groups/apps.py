"""Django application configuration for cwg.groups."""

from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "cwg.groups"
    label = "groups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cwg.groups import history

        history.register()  # which of its records readers may see in the audit trail

        from cwg.core.templatetags.cwg_ui import register
        from cwg.groups.citations import cite

        @register.filter(name="cite")
        def cite_filter(resolution, language=None):
            """{{ resolution|cite }}: the resolution cited the ITU way in the reader's language."""
            return cite(resolution, language) if resolution is not None else ""
