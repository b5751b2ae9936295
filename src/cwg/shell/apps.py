"""The site shell: home, profile and the secretariat's workspace, reading every domain app (top layer)."""

from django.apps import AppConfig


class ShellConfig(AppConfig):
    name = "cwg.shell"
    label = "shell"
    verbose_name = "Site shell"
