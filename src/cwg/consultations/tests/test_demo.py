"""The consultation demo: real past rounds kept honest, demo rounds labelled, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from cwg.consultations.models import Compilation, Consultation, ConsultationState, Submission
from cwg.demo import consultations as demo
from cwg.documents.models import DocumentType
from cwg.groups.models import Group
from cwg.testing.factories import MeetingFactory
from cwg.testing.personas import build_personas

pytestmark = pytest.mark.django_db


def test_demo_loads_real_rounds_and_labelled_demo_rounds(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    group = Group.objects.create(
        slug="cwg-internet", acronym={"en": "CWG-Internet"}, symbol_prefix="CWG-INTERNET",
        holds_open_consultations=True,
    )  # fmt: skip
    personas = build_personas(group)
    m22 = MeetingFactory(
        group=group, number=22, start_date=dt.date(2025, 9, 15), end_date=dt.date(2025, 9, 16)
    )
    m23 = MeetingFactory(
        group=group, number=23, start_date=dt.date(2026, 1, 20), end_date=dt.date(2026, 1, 20)
    )

    created = demo.load(personas.secretariat, generated=30)
    assert created == 14 + 3  # the real rounds, two demo rounds examined at 23, one open
    assert demo.load(personas.secretariat, generated=30) == 0  # idempotent

    multilingual = Consultation.objects.get(slug="cwg-internet-oc-oct2024")
    assert multilingual.state == ConsultationState.EXAMINED
    assert multilingual.examined_at_meeting == m22
    assert multilingual.closes_at.date() == dt.date(2025, 1, 13)
    assert not multilingual.submissions.exists()  # no responses are invented for real rounds

    not_found = Consultation.objects.get(slug="cwg-internet-oc-m03")
    assert "not found" in not_found.topic["en"].lower() and "open-consultations" in not_found.notes
    assert Consultation.objects.get(slug="cwg-internet-oc-feb2024").closes_at is None
    assert Consultation.objects.get(slug="cwg-internet-oc-m08").closes_at.date() == dt.date(
        2017, 1, 11
    )

    round_23 = Consultation.objects.get(slug=demo.DEMO_23_SLUG)
    assert round_23.is_demo and "demo" in round_23.topic["en"].lower()
    assert round_23.state == ConsultationState.EXAMINED and round_23.examined_at_meeting == m23
    assert Submission.objects.filter(consultation=round_23).count() == 30
    document = Compilation.objects.get(consultation=round_23).document
    assert document.document_type == DocumentType.CONSULTATION_COMPILATION
    assert document.meeting == m23
    # The seed says consultations (plural) were examined at each meeting: a second one at 23.
    second = Consultation.objects.get(slug=demo.DEMO_23B_SLUG)
    assert second.is_demo and second.examined_at_meeting == m23
    practice = Consultation.objects.get(slug=demo.DEMO_OPEN_SLUG)
    assert practice.is_demo and practice.state == ConsultationState.OPEN


def test_demo_without_the_group_does_nothing():
    assert demo.load(None) == 0
