"""Plain-SQL INSERT of model instances on the hot write paths, each value prepared by its field.

Building an INSERT with the ORM costs more than running it; the audit trail (one event per
write) and consultation submissions (the public, bursty write path) insert this way. Only for
models no signal listens to and whose primary key is an auto-incremented id.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models, transaction

_statements: dict[tuple[str, str], tuple[str, list]] = {}


def _statement(model: type[models.Model], connection) -> tuple[str, list]:
    key = (model._meta.label, connection.vendor)
    found = _statements.get(key)
    if found is None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(model._meta.db_table),
            ", ".join(quote(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )
        if connection.features.can_return_columns_from_insert:
            sql += f" RETURNING {quote(model._meta.pk.column)}"
        found = _statements[key] = (sql, fields)
    return found


def insert(instances: Sequence[models.Model]) -> None:
    """INSERT each instance (all of one model) in the current transaction and set its id."""
    if not instances:
        return
    connection = transaction.get_connection()
    sql, fields = _statement(type(instances[0]), connection)
    returning = connection.features.can_return_columns_from_insert
    with connection.cursor() as cursor:
        for instance in instances:
            values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
            cursor.execute(sql, values)
            instance.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
            instance._state.adding = False
            instance._state.db = connection.alias
