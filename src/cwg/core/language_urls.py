"""Language in the address: usual spellings redirected, the switcher, the language after sign-in."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from cwg.core.i18n import remember_language

# A first path segment that looks like a language tag (en, zh-cn, zh_Hans, fr-CA, es-419 …).
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
# Every Chinese spelling reaches the one Chinese the site has; Django would refuse Traditional.
CHINESE = re.compile(r"^zh(?:-|$)")


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def normalise_language(code: str | None) -> str | None:
    """The site's code for a usual spelling of one of its languages (zh, zh-CN, FR, ar-EG …)."""
    if not code or not LANGUAGE_TAG.match(code):
        return None
    value = code.lower().replace("_", "-")
    codes = site_languages()
    if value in codes:
        return value
    if CHINESE.match(value):
        return next((c for c in codes if c.startswith("zh")), None)
    base = value.split("-")[0]
    return base if base in codes else None


def _split_language(path: str) -> tuple[str | None, str]:
    """(the language segment as written, the rest) of a path such as /fr/meetings/."""
    first, _slash, rest = path.lstrip("/").partition("/")
    if first and normalise_language(first):
        return first, rest
    return None, path.lstrip("/")


def with_language(url: str, language: str) -> str:
    """The same address under another language prefix; translate_url for unprefixed paths."""
    parts = urlsplit(url)
    written, rest = _split_language(parts.path)
    if written is None:
        if parts.path in ("", "/"):
            return urlunsplit((parts.scheme, parts.netloc, f"/{language}/", parts.query, ""))
        return translate_url(url, language)
    return urlunsplit((parts.scheme, parts.netloc, f"/{language}/{rest}", parts.query, ""))


class LanguageUrlMiddleware:
    """Sends /zh/…, /FR/…, /ar-EG/… to the page under the site's own language code, and after
    a sign-in sends the person to their preferred language (set by `signed_in`).

    Placed before LocaleMiddleware, so the page is found under the language it is redirected to.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            written, rest = _split_language(request.path_info)
            if written is not None and written not in site_languages():
                url = f"{request.META.get('SCRIPT_NAME', '')}/{normalise_language(written)}/{rest}"
                query = request.META.get("QUERY_STRING", "")
                return HttpResponseRedirect(url + (f"?{query}" if query else ""))
        response = self.get_response(request)
        language = getattr(request, "signed_in_language", None)
        if language:
            if response.status_code in (301, 302, 303) and response.get("Location"):
                response["Location"] = with_language(response["Location"], language)
            remember_language(response, language)
        return response


def signed_in(sender, request, user, **kwargs):
    """user_logged_in receiver: remember the person's preferred language for the redirect."""
    language = normalise_language(getattr(user, "preferred_language", ""))
    if request is not None and language:
        request.signed_in_language = language
        translation.activate(language)


@require_POST
def set_language(request):
    """The language switcher's target: the same page in the chosen language, remembered.

    Django's own view resolves `next` in the language of the cookie, so a page under another
    prefix than the last one chosen (a shared /en/ link) was not found and the reader stayed put.
    """
    language = normalise_language(request.POST.get("language"))
    next_url = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if language is None:
        return HttpResponseRedirect(next_url)
    response = HttpResponseRedirect(with_language(next_url, language))
    remember_language(response, language)
    return response
