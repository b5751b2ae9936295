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
