"""Django application configuration for cwg.core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cwg.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from cwg.core import checks  # noqa: F401  (registers the system checks)
        from cwg.core.language_urls import signed_in

        user_logged_in.connect(signed_in, dispatch_uid="cwg.core.language_after_sign_in")
        from cwg.core.middleware import note_sign_in

        user_logged_in.connect(note_sign_in, dispatch_uid="cwg.core.note_sign_in")
