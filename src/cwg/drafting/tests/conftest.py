"""Fixtures of the drafting tests: the shared sample resolution (cwg.testing.drafting) as a text."""

import pytest

from cwg.testing.drafting import propose, sample_text, two_states

__all__ = ["propose"]


@pytest.fixture
def text(personas):
    return sample_text(personas)


@pytest.fixture
def contributions(personas, text):
    """France's and Brazil's contributions, Brazil also making France's change on considering a)."""
    return two_states(personas, text, brazil_agrees=True)
