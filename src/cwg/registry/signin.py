"""Sign-in protection: the lock-out backend and who must give a second factor."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings

from cwg.registry.access import standing
from cwg.registry.models import Role

# Roles whose holders may change the record of a group: they sign in with a one-time code too.
SECOND_FACTOR_ROLES = frozenset({Role.SECRETARIAT, Role.CHAIR, Role.VICE_CHAIR})


class LockOutBackend(AxesStandaloneBackend):
    """django-axes' lock-out check for every sign-in that comes with a request.

    Sign-ins without a request (the shell, test clients, data loaders) reach no door an attacker
    can knock on, so they are not counted; axes itself would refuse them outright.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def requires_second_factor(user) -> bool:
    """True for the secretariat, chairs and vice-chairs, staff and superusers when 2FA is on."""
    if not settings.CWG_REQUIRE_2FA or not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(SECOND_FACTOR_ROLES & roles for roles in standing(user).roles_by_group.values())


def has_second_factor(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
