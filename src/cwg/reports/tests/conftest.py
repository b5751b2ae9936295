"""Fixtures of the report tests: the seed's records, and stored files kept in a temporary folder."""

import pytest

from cwg.reports.tests.records import build_seed


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def seed(db):
    return build_seed()
