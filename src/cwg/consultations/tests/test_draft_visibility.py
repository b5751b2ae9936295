"""A draft consultation is seen by the group's secretariat and officers only; once open, by
whoever may see its group (docs/visibility.md)."""

import pytest

from cwg.consultations import services
from cwg.consultations.tests.conftest import make_consultation
from cwg.testing.personas import NAMES

pytestmark = pytest.mark.django_db

OFFICERS = {"chair", "vice_chair", "secretariat"}


@pytest.mark.parametrize("opened", [False, True], ids=["draft", "open"])
@pytest.mark.parametrize("name", NAMES)
def test_a_consultation_is_seen_as_its_state_allows(client, personas, name, opened):
    consultation = make_consultation(personas, slug="round-one", open_it=False)
    if opened:
        services.transition(personas.secretariat, consultation, "open")
    if name != "anonymous":
        client.force_login(getattr(personas, name))
    allowed = opened or name in OFFICERS
    status = 200 if allowed else 404

    assert client.get("/api/v1/consultations/round-one").status_code == status
    assert client.get("/en/consultations/round-one/").status_code == status
    listed = client.get("/api/v1/consultations").content.decode()
    assert ("round-one" in listed) is allowed
    index = client.get("/en/consultations/").content.decode()
    assert ("round-one" in index) is allowed
