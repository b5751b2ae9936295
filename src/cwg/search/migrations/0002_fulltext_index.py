"""The engine's full-text index on the normalised terms: FTS5 on SQLite, GIN on PostgreSQL."""

from django.db import migrations

from cwg.search.engines import DROP_SQL, INDEX_SQL


def create(apps, schema_editor):
    for statement in INDEX_SQL.get(schema_editor.connection.vendor, ()):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in DROP_SQL.get(schema_editor.connection.vendor, ()):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entry")]

    operations = [migrations.RunPython(create, drop)]
