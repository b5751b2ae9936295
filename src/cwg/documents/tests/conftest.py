"""Fixtures of the documents tests: a temporary media root, a meeting a month ahead, a contribution."""

import pytest

from cwg.documents import services
from cwg.documents.tests import samples
from cwg.documents.tests.helpers import TITLE, meeting_in


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield


@pytest.fixture
def meeting(personas):
    return meeting_in(personas.group, 30)


@pytest.fixture
def document(personas, meeting):
    return services.submit_contribution(
        personas.delegate, meeting=meeting, state=personas.state, title=TITLE, file=samples.pdf()
    )
