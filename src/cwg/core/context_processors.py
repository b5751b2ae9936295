"""Template context shared by every page: navigation, languages, the reader's standing."""

from __future__ import annotations

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


def _first_url(names: tuple[str, ...]) -> str | None:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def navigation(request, user) -> list[dict]:
    from cwg.shell.views.workspace import secretariat_scope

    entries = list(NAV)
    if secretariat_scope(user).any:
        entries.append((_("Workspace"), ("core:workspace",)))
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
