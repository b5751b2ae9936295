"""Fixtures of the decisions tests: a meeting held today and a draft decision taken at it."""

import pytest
from django.utils import timezone

from cwg.decisions import services
from cwg.testing.factories import GroupFactory, MeetingFactory


@pytest.fixture
def held(personas):
    today = timezone.localdate()
    return MeetingFactory(group=personas.group, number=23, start_date=today, end_date=today)


@pytest.fixture
def wsis(db):
    return GroupFactory(slug="cwg-wsis-sdg", acronym={"en": "CWG-WSIS&SDG"})


@pytest.fixture
def decision(personas, held, wsis):
    return services.record_decision(
        personas.secretariat,
        held,
        text={"en": "Share the results with CWG-WSIS&SDG", "fr": "Partager les résultats"},
        noted={"en": "Members noted the compilation."},
        addressee_kind="group",
        addressee_group=wsis.slug,
        deliverable={"en": "A liaison note"},
    )
