"""The round trip of a page whose form a service acts on: refusals shown on the form or the page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render

from cwg.core.exceptions import DomainError


def show_domain_error(form, error: DomainError) -> None:
    """Show a service's refusal next to the field it names, or above the form.

    A form may map the service's names to its fields itself with `add_domain_error(error)`.
    """
    own = getattr(form, "add_domain_error", None)
    if own is not None:
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
    its errors: 200 on the first visit, 400 after a refused post (413 or 503 for those refusals),
    so that nothing half-done looks like a success.
    """
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            return act(form)
        except DomainError as error:
            show_domain_error(form, error)
            # Too large (413) and a full file store (503) keep their own status: the client
            # is to send less, or the same again later.
            if error.status_code in (413, 503):
                status = error.status_code
    return render(request, template, {"form": form, **(context or {})}, status=status)


def act_and_go_back(
    request,
    act: Callable[[], object],
    *,
    done: str,
    back: HttpResponse,
    form=None,
    invalid: str = "",
) -> HttpResponse:
    """A small form posted from a record's page: run `act`, say on that page how it went, go back.

    An invalid `form` is not acted on and `invalid` is said instead; a `DomainError` from `act`
    is said as it is.
    """
    if form is not None and not form.is_valid():
        # The page goes back to the record: the reasons travel in the message, field by field.
        labelled = len(form.fields) > 1
        reasons = [
            f"{form.fields[name].label}: {error}"
            if labelled and name in form.fields
            else str(error)
            for name, errors in form.errors.items()
            for error in errors
        ]
        messages.error(request, " ".join([str(invalid), *reasons]).strip())
        return back
    try:
        act()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return back
