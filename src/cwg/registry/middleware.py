"""Keeps a signed-in person who owes a second factor to the pages where they give it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from cwg.registry.signin import has_second_factor, requires_second_factor

# Paths a person may reach before the second factor: the step itself, sign-out, and assets.
_OPEN_NAMES = ("account:second_factor", "account:second_factor_setup", "core:logout")
_OPEN_PREFIXES = ("/static/", "/i18n/", "/favicon")


class SecondFactorMiddleware:
    """After the password, secretariat and officers see nothing until their one-time code is in.

    Pages redirect to the code step (or to enrolment when they have no authenticator yet); the
    API answers 403 with a message. Needs django-otp's OTPMiddleware before it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and requires_second_factor(user)
            and not user.is_verified()
            and not self._open(request.path)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Enter the one-time code of your authenticator app first.")},
                    status=403,
                )
            name = (
                "account:second_factor"
                if has_second_factor(user)
                else "account:second_factor_setup"
            )
            return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        if path.startswith(_OPEN_PREFIXES):
            return True
        try:
            return resolve(path).view_name in _OPEN_NAMES
        except Resolver404:
            return False
