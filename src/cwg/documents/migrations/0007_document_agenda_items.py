"""Documents declare the agenda items that examine them, on the table meetings already had.

Only Django's state changes: meetings/0004 stopped declaring the link from AgendaItem, and the
table meetings_agendaitem_documents (columns agendaitem_id, document_id) keeps its rows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0006_search_text"),
        ("meetings", "0004_agenda_item_documents_move_to_documents"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="document",
                    name="agenda_items",
                    field=models.ManyToManyField(
                        blank=True,
                        db_table="meetings_agendaitem_documents",
                        related_name="documents",
                        to="meetings.agendaitem",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
