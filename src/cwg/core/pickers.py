"""Pickers: a field that takes a record's displayed name (or id) and the JSON search behind it."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from cwg.core.i18n import document_language

QUERY_MAX_LENGTH = 100
RESULTS_LIMIT = 20


def name_key(text: str) -> str:
    """A key that sorts and matches names as a reader expects: accents and case set aside.

    "Égypte" sorts with the Es and "cote d'ivoire" finds "Côte d'Ivoire"; scripts without
    accents (Arabic, Chinese, Cyrillic) keep their own code-point order.
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().replace("’", "'").split())


def sorted_by_name(items: Iterable, name: Callable[[object], str]) -> list:
    return sorted(items, key=lambda item: (name_key(name(item)), name(item)))


@dataclass(frozen=True)
class Choice:
    """One search result: the id, the name shown and typed, and a line that tells it apart."""

    id: str
    label: str
    hint: str = ""
    # The language of the label or hint when it is not the reader's (an English fallback on an
    # Arabic page): the list marks it with lang, as the pages do (WCAG 3.1.2).
    label_lang: str = ""
    hint_lang: str = ""

    def as_json(self) -> dict:
        answer = {"id": self.id, "label": self.label, "hint": self.hint}
        if self.label_lang:
            answer["lang"] = self.label_lang
        if self.hint_lang:
            answer["hint_lang"] = self.hint_lang
        return answer


def other_language(picked) -> str:
    """The language of a picked text when it is a fallback, else ""."""
    return picked.language if picked.text and picked.language != picked.wanted else ""


def matches(query: str, *names: str) -> bool:
    """Every word of the query begins a word of, or is inside, one of the names."""
    words = name_key(query).split()
    folded = [name_key(n) for n in names if n]
    return all(any(word in n for n in folded) for word in words)


class QueryError(ValueError):
    pass


def read_query(request) -> str:
    values = request.GET.getlist("q")
    if len(values) > 1:
        raise QueryError(gettext("Send one search text."))
    query = values[0] if values else ""
    if len(query) > QUERY_MAX_LENGTH:
        raise QueryError(
            gettext("The search text is limited to %(n)s characters.") % {"n": QUERY_MAX_LENGTH}
        )
    if any(unicodedata.category(ch) == "Cc" for ch in query):
        raise QueryError(gettext("The search text contains a character that is not allowed."))
    return query.strip()


def search_response(request, search: Callable[[object, str, str], list[Choice]]) -> JsonResponse:
    """The JSON answer of a picker: up to RESULTS_LIMIT choices the reader may see, or a 400."""
    if request.method != "GET":
        return JsonResponse(
            {"detail": gettext("Use GET."), "code": "MethodNotAllowed", "field": None}, status=405
        )
    try:
        query = read_query(request)
    except QueryError as error:
        return JsonResponse(
            {"detail": str(error), "code": "InvalidInput", "field": "q"}, status=400
        )
    language = document_language()
    results = search(request.user, query, language)[:RESULTS_LIMIT]
    response = JsonResponse({"results": [choice.as_json() for choice in results]})
    # What a reader may see depends on who they are: never share the answer between readers.
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Cookie, Accept-Language"
    return response


class PickerInput(forms.TextInput):
    """A text input that picker.js turns into a combobox searching `url_name`; plain text without JS."""

    template_name = "django/forms/widgets/text.html"

    def __init__(self, url_name: str, attrs=None):
        super().__init__(attrs)
        self.url_name = url_name

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        extra = {
            "data-picker": reverse(self.url_name),
            "autocomplete": "off",
            "spellcheck": "false",
            "maxlength": str(QUERY_MAX_LENGTH),
            "data-picker-found": gettext("%n found: use the arrow keys to choose."),
            "data-picker-none": gettext("Nothing found."),
        }
        context["widget"]["attrs"] = {**extra, **context["widget"]["attrs"]}
        return context


class PickerField(forms.CharField):
    """Text naming one record as the reader sees it (or its id), resolved to the record.

    `resolve(user, text, language)` gives the record, or raises forms.ValidationError with a
    message for people; the form hands its reader to the field with `bind_reader`.
    """

    default_error_messages = {
        "unknown": gettext_lazy("Nothing called “%(value)s” was found: choose one from the list."),
    }

    def __init__(self, *, url_name: str, resolve: Callable, **kwargs):
        kwargs.setdefault("max_length", QUERY_MAX_LENGTH)
        kwargs.setdefault("widget", PickerInput(url_name))
        super().__init__(**kwargs)
        self.resolve = resolve
        self.user = None

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        found = self.resolve(self.user, text, document_language())
        if found is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        return found


def bind_reader(form: forms.BaseForm, user) -> None:
    """Let every picker of the form resolve names as this reader may see them."""
    for field in form.fields.values():
        if isinstance(field, PickerField):
            field.user = user


def resolve_among(candidates: Iterable[tuple[object, Iterable[str]]], text: str):
    """The one candidate one of whose names is the text (accents and case aside).

    Several candidates with that name: a ValidationError asking to choose.
    """
    key = name_key(text)
    found = [obj for obj, names in candidates if any(name_key(n) == key for n in names if n)]
    if len({getattr(obj, "pk", id(obj)) for obj in found}) > 1:
        raise forms.ValidationError(
            gettext("Several records are called “%(value)s”: choose one from the list."),
            code="ambiguous",
            params={"value": text},
        )
    return found[0] if found else None


class ReaderForm(forms.Form):
    """A form whose pickers resolve names as its reader (`reader=request.user`) may see them."""

    def __init__(self, *args, reader=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reader = reader
        bind_reader(self, reader)


def filterable(widget: forms.Widget) -> forms.Widget:
    """Mark a long list so that picker.js puts a type-to-search box above it."""
    widget.attrs["data-filter"] = gettext_lazy("Type to narrow the list")
    return widget
