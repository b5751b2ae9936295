"""Moving the agenda item ↔ document link from meetings to documents keeps every link."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cwg.testing.factories import AgendaItemFactory, DocumentFactory, MeetingFactory

BEFORE = [("meetings", "0003_meeting_deadline_reminder_sent_on_meeting_title_and_more")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_links_made_before_the_move_are_read_after_it():
    meeting = MeetingFactory()
    document = DocumentFactory(group=meeting.group, meeting=meeting)
    item = AgendaItemFactory(meeting=meeting, number=1)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        # The link as meetings declared it before the move.
        old.get_model("meetings", "AgendaItem").objects.get(pk=item.pk).documents.add(document.pk)
    finally:
        _migrate(latest)
    assert list(item.documents.all()) == [document]
    assert list(document.agenda_items.all()) == [item]
