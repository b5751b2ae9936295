"""Multilingual text kept as {language: text} and picked for a reader's language."""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.utils import translation

from cwg.core.exceptions import InvalidInput

# Django's language codes for the UI differ from the document language codes for Chinese.
UI_TO_DOCUMENT_LANGUAGE = {"zh-hans": "zh", "zh-hant": "zh"}
UI_LANGUAGE = {"zh": "zh-hans"}  # the UI language code of a document language code
FALLBACK_ORDER = ("en", "fr", "es", "ru", "zh", "ar")
# The six UN languages, each named in itself (as a reader looks for their own).
LANGUAGE_NAMES = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}


def document_language(code: str | None = None) -> str:
    """The document language (ar, zh, en, fr, ru, es) for a UI language code."""
    code = (code or translation.get_language() or settings.LANGUAGE_CODE).lower()
    code = UI_TO_DOCUMENT_LANGUAGE.get(code, code.split("-")[0])
    return code if code in settings.UN_LANGUAGES else "en"


class Picked(NamedTuple):
    """A text picked for a reader, with the document language it is written in."""

    text: str
    language: str  # document language code (ar, zh, en, fr, ru, es); "" when there is no text
    wanted: str  # the document language the reader asked for

    @property
    def is_fallback(self) -> bool:
        """True when the text is in another language than the reader's (WCAG 3.1.2)."""
        return bool(self.text) and self.language != self.wanted

    @property
    def html_lang(self) -> str:
        """The value of an HTML lang attribute for the text's language."""
        return "zh-Hans" if self.language == "zh" else self.language

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"


def pick_with_language(
    texts: dict | None, language: str | None = None, *, fallback: bool = True
) -> Picked:
    """The text in the given language, else in the first language available, and its language."""
    wanted = document_language(language)
    if not texts:
        return Picked("", "", wanted)
    if texts.get(wanted):
        return Picked(texts[wanted], wanted, wanted)
    if not fallback:
        return Picked("", "", wanted)
    for code in FALLBACK_ORDER:
        if texts.get(code):
            return Picked(texts[code], code, wanted)
    code, value = next(((code, value) for code, value in texts.items() if value), ("", ""))
    return Picked(value, code, wanted)


def pick(texts: dict | None, language: str | None = None, *, fallback: bool = True) -> str:
    """The text in the given language, else in the first language available."""
    return pick_with_language(texts, language, fallback=fallback).text


def validate_texts(texts: dict, *, required: tuple[str, ...] = ()) -> dict:
    """Check a {language: text} mapping; raise InvalidInput naming the bad language."""

    if not isinstance(texts, dict):
        raise InvalidInput("texts must be an object mapping a language code to a text")
    for code, value in texts.items():
        if code not in settings.UN_LANGUAGES:
            raise InvalidInput(
                f"unknown language {code!r}; use one of {', '.join(settings.UN_LANGUAGES)}"
            )
        if not isinstance(value, str):
            raise InvalidInput(f"the {code} text must be a string")
    for code in required:
        if not (texts.get(code) or "").strip():
            raise InvalidInput(f"the {code} text is required")
    return {code: value.strip() for code, value in texts.items() if value.strip()}


def remember_language(response, code: str) -> None:
    """Set the language cookie on a response the way Django's set_language view does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
