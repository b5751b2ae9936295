"""The agenda item ↔ document link is now declared by the documents app (Document.agenda_items).

Only Django's state changes: the table meetings_agendaitem_documents and its rows stay as they are,
and documents/0007 declares the same table from its side.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_meeting_deadline_reminder_sent_on_meeting_title_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="agendaitem", name="documents")],
            database_operations=[],
        ),
    ]
