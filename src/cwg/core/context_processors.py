"""Template context shared by every page: navigation, languages, the reader's standing."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cwg.core.i18n import document_language

# Main navigation: (label, URL names tried in order). An entry whose page does not exist (yet)
# is left out rather than linking to a 404.
NAV = [
    (_("Home"), ("core:home",)),
    (_("Consultations"), ("consultations:list", "consultations:index")),
    (_("Meetings"), ("meetings:list", "meetings:index")),
    (_("Documents"), ("documents:list", "documents:index")),
    (_("Member States"), ("registry:states",)),
    (_("Search"), ("search:search", "search:index")),
]


# Entries an app above core adds with add_navigation_entry (in its AppConfig.ready), each shown only
# to the readers its predicate accepts: core lists them without importing the app.
_EXTRA_ENTRIES: list[tuple[str, tuple[str, ...], Callable[[object], bool]]] = []


def add_navigation_entry(label, url_names: tuple[str, ...], shown_to: Callable[[object], bool]):
    """Adds a main-navigation entry after the fixed ones, for the users `shown_to` accepts."""
    entry = (label, tuple(url_names), shown_to)
    if entry not in _EXTRA_ENTRIES:
        _EXTRA_ENTRIES.append(entry)


def _first_url(names: tuple[str, ...]) -> str | None:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def navigation(request, user) -> list[dict]:
    entries = list(NAV)
    entries += [(label, names) for label, names, shown_to in _EXTRA_ENTRIES if shown_to(user)]
    items = []
    path = request.path
    for label, names in entries:
        url = _first_url(names)
        if url is None:
            continue
        home = names[0] == "core:home"
        current = path == url if home else path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items


def platform(request):
    current = translation.get_language()
    languages = [
        {
            "code": code,
            "name": name,
            "bidi": translation.get_language_info(code)["bidi"],
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    user = getattr(request, "user", None)
    return {
        "document_language": document_language(),
        "ui_languages": languages,
        "main_nav": navigation(request, user),
    }
