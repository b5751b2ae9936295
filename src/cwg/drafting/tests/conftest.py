"""Fixtures of the drafting tests: the shared sample resolution (cwg.testing.drafting) as a text,
and the records a revision may quote."""

import pytest

from cwg.consultations.models import ConsultationState
from cwg.decisions.models import DecisionStatus
from cwg.testing.drafting import propose, sample_text, two_states
from cwg.testing.factories import ConsultationFactory, DecisionFactory, MeetingFactory

# A rewording of "resolves 1" that quotes the group's decision.
REWORDED = "1 to keep the group at work, as the group decided;"

__all__ = ["propose"]


@pytest.fixture
def text(personas):
    return sample_text(personas)


@pytest.fixture
def contributions(personas, text):
    """France's and Brazil's contributions, Brazil also making France's change on considering a)."""
    return two_states(personas, text, brazil_agrees=True)


@pytest.fixture
def decision(personas):
    return DecisionFactory(
        meeting=MeetingFactory(group=personas.group), status=DecisionStatus.APPROVED
    )


@pytest.fixture
def consultation(personas):
    return ConsultationFactory(group=personas.group, state=ConsultationState.CLOSED)
