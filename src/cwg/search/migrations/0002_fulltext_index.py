"""The engine's full-text index on the normalised terms: FTS5 on SQLite, GIN on PostgreSQL."""

from django.db import migrations

TABLE = "search_searchentry"

# Written out here, not imported: a migration must keep doing what it did when it was written.
INDEX_SQL = {
    "sqlite": (
        # External content: FTS5 keeps only its index; the rows stay in the entry table.
        f"CREATE VIRTUAL TABLE search_fts USING fts5(language, terms, content='{TABLE}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER search_fts_ai AFTER INSERT ON {TABLE} BEGIN "
        "INSERT INTO search_fts(rowid, language, terms) VALUES (new.id, new.language, new.terms); "
        "END",
        f"CREATE TRIGGER search_fts_ad AFTER DELETE ON {TABLE} BEGIN "
        "INSERT INTO search_fts(search_fts, rowid, language, terms) "
        "VALUES ('delete', old.id, old.language, old.terms); END",
        f"CREATE TRIGGER search_fts_au AFTER UPDATE ON {TABLE} BEGIN "
        "INSERT INTO search_fts(search_fts, rowid, language, terms) "
        "VALUES ('delete', old.id, old.language, old.terms); "
        "INSERT INTO search_fts(rowid, language, terms) VALUES (new.id, new.language, new.terms); "
        "END",
    ),
    "postgresql": (
        f"CREATE INDEX search_entry_terms_gin ON {TABLE} "
        "USING gin (to_tsvector('simple'::regconfig, terms))",
    ),
}
DROP_SQL = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS search_fts_ai",
        "DROP TRIGGER IF EXISTS search_fts_ad",
        "DROP TRIGGER IF EXISTS search_fts_au",
        "DROP TABLE IF EXISTS search_fts",
    ),
    "postgresql": ("DROP INDEX IF EXISTS search_entry_terms_gin",),
}



def create(apps, schema_editor):
    for statement in INDEX_SQL.get(schema_editor.connection.vendor, ()):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in DROP_SQL.get(schema_editor.connection.vendor, ()):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entry")]

    operations = [migrations.RunPython(create, drop)]
