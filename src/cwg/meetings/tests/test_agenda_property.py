"""Whatever the sequence of insertions, moves and removals, the agenda stays numbered 1…n."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cwg.meetings import services
from cwg.meetings.models import AgendaItem

pytestmark = pytest.mark.django_db

steps = st.lists(
    st.tuples(st.sampled_from(["add", "move", "remove"]), st.integers(1, 6), st.integers(1, 6)),
    max_size=8,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=steps)
def test_agenda_numbers_stay_contiguous_and_follow_a_model_list(personas, meeting, steps):
    AgendaItem.objects.filter(meeting=meeting).delete()
    expected: list[str] = []  # titles in agenda order
    for serial, (op, a, b) in enumerate(steps):
        if op == "add" or not expected:
            position = min(a, len(expected) + 1)
            title = f"item {serial}"
            services.add_agenda_item(
                personas.secretariat, meeting, title={"en": title}, number=position
            )
            expected.insert(position - 1, title)
            continue
        source = min(a, len(expected))
        item = AgendaItem.objects.get(meeting=meeting, number=source)
        if op == "remove":
            services.remove_agenda_item(personas.secretariat, item)
            expected.pop(source - 1)
        else:
            target = min(b, len(expected))
            services.update_agenda_item(personas.secretariat, item, number=target)
            expected.insert(target - 1, expected.pop(source - 1))
    stored = list(AgendaItem.objects.filter(meeting=meeting).order_by("number"))
    assert [i.number for i in stored] == list(range(1, len(expected) + 1))
    assert [i.title["en"] for i in stored] == expected
