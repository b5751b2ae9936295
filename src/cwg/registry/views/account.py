"""Account pages around the sign-in: lock-out, password reset, the second factor, admin sign-in."""

from __future__ import annotations

import hashlib
import time
from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from cwg.core.clients import client_ip
from cwg.registry import services


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a user name and address are locked out (HTTP 429)."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    minutes = max(1, (seconds + 59) // 60)
    response = render(
        request,
        "registry/account/locked_out.html",
        {
            "wait": ngettext(
                "Try again in %(minutes)d minute.", "Try again in %(minutes)d minutes.", minutes
            )
            % {"minutes": minutes}
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def admin_sign_in(request):
    """The admin site signs people in through the site's own sign-in (lock-out, second factor)."""
    if request.user.is_authenticated:
        # Signed in but not staff: sending them to the sign-in again would loop.
        raise Http404
    next_url = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('core:login')}?{urlencode({'next': next_url})}")


# Password reset by e-mail: Django's views with the site's templates ------------------------------


# Reset e-mails per client address and per e-mail address in an hour: enough for someone who
# mistyped, too few to flood a mailbox from one address or from many.
RESETS_PER_HOUR = 5


def _over_reset_limit(request, email: str) -> bool:
    hour = int(time.time() // 3600)
    keys = [
        f"cwg:reset:client:{client_ip(request)}:{hour}",
        f"cwg:reset:email:{hashlib.sha256(email.strip().lower().encode()).hexdigest()}:{hour}",
    ]
    over = False
    for key in keys:
        cache.add(key, 0, timeout=3700)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=3700)
            count = 1
        over = over or count > RESETS_PER_HOUR
    return over


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registry/account/password_reset_form.html"
    email_template_name = "registry/account/password_reset_email.txt"
    subject_template_name = "registry/account/password_reset_subject.txt"
    success_url = reverse_lazy("account:password_reset_done")

    def form_valid(self, form):
        if _over_reset_limit(self.request, form.cleaned_data["email"]):
            form.add_error(
                None,
                _("Too many password reset requests: wait an hour before asking again."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registry/account/password_reset_done.html"

    def get_context_data(self, **kwargs):
        hours = max(1, -(-settings.PASSWORD_RESET_TIMEOUT // 3600))
        return super().get_context_data(**kwargs) | {"link_hours": hours}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registry/account/password_reset_confirm.html"
    success_url = reverse_lazy("account:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password lifts the lock-out its owner may be under.
        from axes.utils import reset as reset_lockouts

        reset_lockouts(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registry/account/password_reset_complete.html"


# The second factor (TOTP) ------------------------------------------------------------------------


class OneTimeCodeForm(forms.Form):
    token = forms.CharField(
        label=_("One-time code"),
        help_text=_("The six digits your authenticator app shows now."),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the digits your authenticator app shows."))
        return token


def _next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    return image.to_string(encoding="unicode")


@login_required
def second_factor_setup(request):
    """Enrolment: scan the code into an authenticator app, then type one code to confirm it."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{reverse('account:second_factor')}?{urlencode({'next': _next(request)})}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = services.start_authenticator(request.user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST":
        signed_in = _sign_in_with_code(
            request,
            form,
            lambda token: (
                device if services.confirm_authenticator(request.user, device, token) else None
            ),
        )
        if signed_in is not None:
            return signed_in
    return render(
        request,
        "registry/account/second_factor_setup.html",
        {
            "form": form,
            "next": _next(request),
            # The SVG is made here from the device's own URL: nothing from the request is in it.
            "qr_svg": mark_safe(_qr_svg(device.config_url)),
            "secret": _spaced_secret(device),
        },
        status=400 if request.method == "POST" else 200,
    )


def _sign_in_with_code(request, form, device_for_code):
    """The redirect onward once the typed code names a device; None (the form then says why)
    when the form is invalid or the code is wrong."""
    if not form.is_valid():
        return None
    device = device_for_code(form.cleaned_data["token"])
    if device is None:
        form.add_error("token", _("This code is wrong or has expired; try the next one."))
        return None
    otp_login(request, device)
    return redirect(_next(request))


def _spaced_secret(device) -> str:
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
def second_factor(request):
    """The step after the password for those who must give a one-time code."""
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(
            f"{reverse('account:second_factor_setup')}?{urlencode({'next': _next(request)})}"
        )
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST":
        # match_token checks each confirmed device, with django-otp's throttle on wrong codes.
        signed_in = _sign_in_with_code(
            request, form, lambda token: match_token(request.user, token)
        )
        if signed_in is not None:
            return signed_in
    return render(
        request,
        "registry/account/second_factor.html",
        {"form": form, "next": _next(request)},
        status=400 if request.method == "POST" else 200,
    )
