"""The audit chain links each entry to the one before and shows tampering."""

import pytest

from cwg.core.audit import record, verify_chain
from cwg.core.models import AuditEvent


@pytest.mark.django_db
def test_chain_verifies_and_names_the_first_tampered_entry(personas):
    group = personas.group
    first = record(personas.secretariat, "group.update", group, before={"a": 1}, after={"a": 2})
    second = record(personas.secretariat, "group.update", group, before={"a": 2}, after={"a": 3})
    record(personas.chair, "group.update", group, before={"a": 3}, after={"a": 4})
    assert second.previous_hash == first.entry_hash
    checked, broken = verify_chain()
    assert (checked, broken) == (3, None)

    AuditEvent.objects.filter(pk=second.pk).update(after={"a": 99})
    checked, broken = verify_chain()
    assert broken is not None and broken.event_id == second.pk
    assert checked == 1


@pytest.mark.django_db
def test_several_events_appended_at_once_chain_one_after_the_other(personas):
    from cwg.core.audit import record_each
    from cwg.core.models import AuditChainHead

    group = personas.group
    before = record(personas.secretariat, "group.update", group, after={"a": 1})
    events = record_each(
        [
            {"actor": None, "action": "thing.create", "object_type": "x.thing", "object_id": i}
            for i in (7, 8, 9)
        ]
    )
    assert [e.object_id for e in AuditEvent.objects.filter(action="thing.create")] == [
        "7",
        "8",
        "9",
    ]
    assert events[0].previous_hash == before.entry_hash
    assert [e.previous_hash for e in events[1:]] == [e.entry_hash for e in events[:2]]
    head = AuditChainHead.objects.get()
    assert (head.event_id, head.entry_hash) == (events[-1].pk, events[-1].entry_hash)
    assert head.event_count == AuditEvent.objects.count()
    assert verify_chain() == (AuditEvent.objects.count(), None)
    assert record_each([]) == []
