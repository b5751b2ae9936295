"""The round trip of a page whose form a service acts on: refusals shown on the form, 400 until it succeeds."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.shortcuts import render

from cwg.core.exceptions import DomainError


def show_domain_error(form, error: DomainError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    own = getattr(form, "add_domain_error", None)
    if own is not None:
        # A form whose fields are named otherwise than the service's arguments maps them itself.
        own(error)
        return
    field = error.field if error.field in form.fields else None
    if field is None and error.field:
        # A service names the value ("text"); the form may ask for it one language at a time
        # ("text_en"): the refusal goes to the first of those.
        field = next((name for name in form.fields if name.startswith(f"{error.field}_")), None)
    form.add_error(field, error.message)


def form_page(
    request,
    form,
    act: Callable[[object], HttpResponse],
    template: str,
    context: dict | None = None,
) -> HttpResponse:
    """Hand a valid posted form to `act`, which returns the page to go to once the service agreed.

    Otherwise (a first visit, an invalid form, or a `DomainError` from `act`) show the form again with
    its errors: 200 on the first visit, 400 after a refused post, so that nothing half-done looks
    like a success.
    """
    if request.method == "POST" and form.is_valid():
        try:
            return act(form)
        except DomainError as error:
            show_domain_error(form, error)
    return render(
        request,
        template,
        {"form": form, **(context or {})},
        status=400 if request.method == "POST" else 200,
    )
