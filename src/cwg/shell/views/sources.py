"""What the shell pages list, read through the owning apps' query functions.

Each app's read side decides visibility; this module only asks it, and falls back to the same
rule on the models while an app's read side is not there yet.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from cwg.core.access_levels import AccessLevel
from cwg.groups.models import Visibility
from cwg.groups.queries import member_group_ids, visible_groups


def groups(user) -> list:
    return list(visible_groups(user).order_by("slug"))


def upcoming_meetings(user, limit: int = 8) -> list:
    today = timezone.localdate()
    try:
        from cwg.meetings.queries import upcoming_meetings as query
    except ImportError:
        from cwg.meetings.models import Meeting

        qs = Meeting.objects.select_related("group", "venue").filter(end_date__gte=today)
        ids = member_group_ids(user)
        if ids is not None:
            qs = qs.filter(
                Q(access_level=AccessLevel.PUBLIC)
                | Q(access_level=AccessLevel.INHERIT, group__visibility=Visibility.PUBLIC)
                | Q(group_id__in=ids)
            )
        qs = qs.order_by("start_date")
    else:
        qs = query(user, on=today)
    return list(qs.exclude(status="cancelled")[:limit])


def open_consultations(user, limit: int = 8) -> list:
    now = timezone.now()
    try:
        from cwg.consultations.queries import open_consultations as query
    except ImportError:
        from cwg.consultations.models import Consultation, ConsultationState

        qs = Consultation.objects.select_related("group").filter(
            state=ConsultationState.OPEN, opens_at__lte=now, closes_at__gt=now
        )
        ids = member_group_ids(user)
        if ids is not None:
            qs = qs.filter(Q(group__visibility=Visibility.PUBLIC) | Q(group_id__in=ids))
    else:
        qs = query(user, now)
    return list(qs.order_by("closes_at", "id")[:limit])
