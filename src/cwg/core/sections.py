"""Parts of a page that apps above the page's own app contribute, so the lower app never imports them.

A page (e.g. "group_page") is composed by its own app, which calls `collect(page, **inputs)`. An app
higher in the layers lists its providers in its AppConfig (a `SectionsAppConfig` with
`sections = {page: "dotted.path.to.provider"}`), or calls `add_section(page, provider)`; a
provider takes the page's inputs plus `so_far` (what earlier providers gave) and returns a dict.
Providers run in the order added, which is the INSTALLED_APPS order: lower apps first, so a higher
app's provider may use what a lower one added (decisions use the meetings that meetings listed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.apps import AppConfig
from django.utils.module_loading import import_string

_PROVIDERS: dict[str, list[Callable[..., dict]]] = defaultdict(list)


def add_section(page_name: str, provider: Callable[..., dict]) -> None:
    """Adds `provider` to `page_name` once (AppConfig.ready may run twice in some test set-ups)."""
    if provider not in _PROVIDERS[page_name]:
        _PROVIDERS[page_name].append(provider)


def collect(page_name: str, /, **inputs) -> dict:
    """The merged dicts of every provider of `page_name`, in the order they were added."""
    so_far: dict = {}
    for provider in _PROVIDERS[page_name]:
        so_far.update(provider(**inputs, so_far=so_far) or {})
    return so_far


class SectionsAppConfig(AppConfig):
    """An app config that adds its `sections` ({page: dotted path of a provider}) when ready.

    Subclass it as `sections.SectionsAppConfig` (import the module, not the class): Django picks
    the only AppConfig class found in an apps.py, and an imported one would make two.
    """

    default_auto_field = "django.db.models.BigAutoField"
    sections: dict[str, str] = {}

    def ready(self):
        for page_name, provider in self.sections.items():
            add_section(page_name, import_string(provider))
