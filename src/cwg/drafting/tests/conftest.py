"""Fixtures of the drafting tests: a small resolution (made up for the tests) loaded as a text."""

import pytest

from cwg.drafting import services

SAMPLE = """RESOLUTION 999 (Test)
A sample resolution for the tests
The Conference,
considering
a) that the network grows;
b) that States cooperate,
resolves
1 to keep the group at work;
2 to report to the Council;
a) every year;
b) in six languages,
instructs the Secretary-General
1 to support the group.
"""


@pytest.fixture
def text(personas):
    text = services.create_text(
        personas.secretariat, personas.group, slug="res-999", title={"en": "Resolution 999"}
    )
    services.load_version(personas.secretariat, text, SAMPLE, "en")
    return text


def propose(person, text, origin, number, *items, supporters=()):
    return services.submit_proposals(
        person,
        text,
        origin=origin,
        document_number=number,
        items=list(items),
        supporters=supporters,
    )
