"""Fixtures of the meetings tests: a meeting of the personas' group, and a quick member check."""

import datetime as dt

import pytest
from django.utils import timezone

from cwg.testing.factories import MeetingFactory


@pytest.fixture
def meeting(personas):
    start = timezone.localdate() + dt.timedelta(days=30)
    return MeetingFactory(
        group=personas.group, number=23, start_date=start, end_date=start + dt.timedelta(days=1)
    )
