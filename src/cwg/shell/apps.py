"""The site shell: home, profile and the secretariat's workspace, reading every domain app (top layer)."""

from django.apps import AppConfig


class ShellConfig(AppConfig):
    name = "cwg.shell"
    label = "shell"
    verbose_name = "Site shell"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from cwg.core.context_processors import add_navigation_entry
        from cwg.shell.views.workspace import may_open_workspace

        add_navigation_entry(_("Workspace"), ("core:workspace",), may_open_workspace)
