"""Plain-SQL INSERT of model instances on the hot write paths, each value prepared by its field.

Building an INSERT with the ORM costs more than running it; the audit trail (one event per
write) and consultation submissions (the public, bursty write path) insert this way. Only for
models no signal listens to and whose primary key is an auto-incremented id.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models, transaction

_statements: dict[tuple[str, str, int], tuple[str, list]] = {}
# Rows per multi-row INSERT: a batch of submissions (or of their audit events) is one statement,
# well below SQLite's limit on bound parameters.
CHUNK = 40


def _statement(model: type[models.Model], connection, rows: int) -> tuple[str, list]:
    key = (model._meta.label, connection.vendor, rows)
    found = _statements.get(key)
    if found is None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        row = "({})".format(", ".join(["%s"] * len(fields)))
        sql = "INSERT INTO {} ({}) VALUES {}".format(
            quote(model._meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join([row] * rows),
        )
        if connection.features.can_return_columns_from_insert:
            sql += f" RETURNING {quote(model._meta.pk.column)}"
        found = _statements[key] = (sql, fields)
    return found


# Columns whose text, number, boolean or null value goes to the database as it is: preparing it
# through the field returns the same value, at a cost that dominates a bulk insert.
_PLAIN_FIELDS = frozenset(
    {
        "CharField", "TextField", "SlugField", "BooleanField", "IntegerField", "BigIntegerField",
        "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
        "PositiveSmallIntegerField", "ForeignKey",
    }
)  # fmt: skip
_plain: dict[models.Field, tuple[type, ...]] = {}


def _prepared(field: models.Field, value, connection):
    plain = _plain.get(field)
    if plain is None:
        kind = field.get_internal_type() if type(field).__module__.startswith("django.") else ""
        if kind == "BooleanField":
            plain = (bool, type(None))
        elif kind in ("CharField", "TextField", "SlugField"):
            plain = (str, type(None))
        elif kind in _PLAIN_FIELDS:
            plain = (int, type(None))  # not bool: an integer column takes no boolean
        else:
            plain = ()
        _plain[field] = plain
    if type(value) in plain:
        return value
    return field.get_db_prep_save(value, connection)


def insert(instances: Sequence[models.Model]) -> None:
    """INSERT the instances (all of one model) in the current transaction and set their ids.

    Several rows go in one statement where the database returns their ids in order
    (PostgreSQL, SQLite 3.35+), as Django's bulk_create relies on; else one statement each.
    """
    if not instances:
        return
    connection = transaction.get_connection()
    model = type(instances[0])
    together = connection.features.can_return_rows_from_bulk_insert
    size = CHUNK if together else 1
    with connection.cursor() as cursor:
        for start in range(0, len(instances), size):
            chunk = instances[start : start + size]
            sql, fields = _statement(model, connection, len(chunk))
            values = [
                _prepared(f, f.pre_save(instance, True), connection)
                for instance in chunk
                for f in fields
            ]
            cursor.execute(sql, values)
            if together:
                ids = [row[0] for row in cursor.fetchall()]
            elif connection.features.can_return_columns_from_insert:
                ids = [cursor.fetchone()[0]]
            else:
                ids = [cursor.lastrowid]
            for instance, pk in zip(chunk, ids, strict=True):
                instance.pk = pk
                instance._state.adding = False
                instance._state.db = connection.alias
