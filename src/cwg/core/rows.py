"""Plain-SQL INSERT of model instances on the hot write paths, each value prepared by its field.

Building an INSERT with the ORM costs more than running it; the audit trail (one event per
write) and consultation submissions (the public, bursty write path) insert this way. Only for
models no signal listens to and whose primary key is an auto-incremented id.
"""

from __future__ import annotations

import datetime
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


def _plain_types(field: models.Field) -> tuple[type, ...]:
    """The types of value this field's column takes as they are (none for the other fields)."""
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
    return plain


def _prepared(field: models.Field, value, connection):
    if type(value) in _plain_types(field):
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
    if len(instances) >= COPY_FROM and connection.vendor == "postgresql":
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        ids = copy_values(
            model,
            fields,
            ([f.pre_save(instance, True) for f in fields] for instance in instances),
            len(instances),
        )
        for instance, pk in zip(instances, ids, strict=True):
            instance.pk = pk
            instance._state.adding = False
            instance._state.db = connection.alias
        return
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


# From this many rows on, PostgreSQL takes them through COPY: a multi-row INSERT of thousands of
# placeholders is parsed again on every statement (by the driver, then the server), COPY is not.
COPY_FROM = 200


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` ids of the model's sequence, in increasing order (PostgreSQL).

    Drawn in one statement; for the audit trail, while the chain head is held, so that the ids
    follow the chain's order as ids given by INSERT would."""
    connection = transaction.get_connection()
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


def copy_values(model: type[models.Model], fields, values, count: int) -> list[int]:
    """Write `count` rows (`values`: for each row, the raw value of each of `fields`) with
    PostgreSQL's COPY, under ids reserved first; return the ids, in the rows' order."""
    connection = transaction.get_connection()
    ids = reserve_ids(model, count)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in [model._meta.pk, *fields])
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    # The test of `_prepared`, made once per column: the loop below runs once per value.
    # COPY takes an aware date and time as it is (the field would hand back the same object).
    moment = datetime.datetime
    columns_plain = [(f, _plain_types(f), isinstance(f, models.DateTimeField)) for f in fields]
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for pk, row in zip(ids, values, strict=False):
            prepared = [pk]
            for (field, plain, is_moment), value in zip(columns_plain, row, strict=True):
                if type(value) in plain or (
                    is_moment and type(value) is moment and value.tzinfo is not None
                ):
                    prepared.append(value)
                else:
                    prepared.append(field.get_db_prep_save(value, connection))
            copy.write_row(prepared)
            written += 1
    if written != count:
        raise ValueError(f"{written} rows given for {count} ids")
    return ids
