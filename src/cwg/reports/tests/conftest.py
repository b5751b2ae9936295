"""Fixtures of the report tests: the seed's records."""

import pytest

from cwg.reports.tests.records import build_seed


@pytest.fixture
def seed(db):
    return build_seed()
