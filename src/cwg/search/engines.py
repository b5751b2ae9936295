"""The two full-text engines behind one interface, chosen by the connection's vendor."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from cwg.search.normalise import LANGUAGES

TABLE = "search_searchentry"

# Query variants: ((languages…), [terms…]) — the query as each group of languages reads it.
Variants = dict[tuple[str, ...], list[str]]

# What ranking, counting and facets read of each match; the page fetches its own hits in full.
FIELDS = ("id", "kind", "language", "group_id", "meeting_id", "year", "date")
# PostgreSQL ranks the first matches its index finds, this many per cap (see `best`).
RANK_WINDOW = 2


def _quoted(values) -> str:
    return " OR ".join(f'"{value}"' for value in values)


def _fts5_expression(variants: Variants) -> str:
    """One FTS5 MATCH expression; terms are word characters only, quoted as phrases.

    Each language's posting list holds a sixth of the index, so a variant read alike by most
    languages names the few others it excludes (`NOT`), and one read alike by all names none:
    the same matches, reading far fewer postings (p50 1.1 → 0.14 ms at 20,000 entries).
    """
    parts = []
    for languages, terms in variants.items():
        words = " AND ".join(f'"{term}"' for term in terms)
        others = [language for language in LANGUAGES if language not in languages]
        if not others:
            parts.append(f"(terms : ({words}))")
        elif len(others) < len(languages):
            parts.append(f"(terms : ({words}) NOT language : ({_quoted(others)}))")
        else:
            parts.append(f"(language : ({_quoted(languages)}) AND terms : ({words}))")
    return " OR ".join(parts)


def _sqlite(entries: QuerySet, variants: Variants) -> QuerySet:
    # A join (not a subquery per row) so that bm25 is computed once per match.
    return entries.extra(
        tables=["search_fts"],
        where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
        params=[_fts5_expression(variants)],
        # bm25: lower is better; the language column carries no weight.
        select={"score": "bm25(search_fts, 0.0, 1.0)"},
    )


def _postgresql(entries: QuerySet, variants: Variants) -> QuerySet:
    # A stored generated column (migration 0003): ranking reads it instead of re-parsing terms.
    vector = f"{TABLE}.terms_vector"
    conditions, params, ranks, rank_params = [], [], [], []
    for languages, terms in variants.items():
        query = "plainto_tsquery('simple'::regconfig, %s)"
        if set(languages) >= set(LANGUAGES):
            # Read alike by every language: no language condition, which would make the planner
            # intersect the GIN index with an index scan of every entry (0.1 s at 200,000).
            conditions.append(f"({vector} @@ {query})")
            params += [" ".join(terms)]
            ranks.append(f"WHEN TRUE THEN ts_rank({vector}, {query})")
            rank_params += [" ".join(terms)]
            continue
        # `language || ''`: an expression, not the column, so that the planner reads the GIN
        # matches and checks their language, instead of intersecting them with an index scan
        # of every entry in those languages (40 ms at 200,000 entries).
        conditions.append(f"({TABLE}.language || '' = ANY(%s) AND {vector} @@ {query})")
        params += [list(languages), " ".join(terms)]
        ranks.append(f"WHEN {TABLE}.language = ANY(%s) THEN ts_rank({vector}, {query})")
        rank_params += [list(languages), " ".join(terms)]
    matches = RawSQL(" OR ".join(conditions), params, output_field=BooleanField())
    # Negated so that, as with bm25, lower is better.
    score = RawSQL(f"-(CASE {' '.join(ranks)} ELSE 0 END)", rank_params, output_field=FloatField())
    return entries.filter(matches).annotate(score=score)


def matching(entries: QuerySet, variants: Variants) -> QuerySet:
    """The entries matching one of the query's variants, annotated with `score` (lower first)."""
    if not variants:
        return entries.none()
    if connection.vendor == "postgresql":
        return _postgresql(entries, variants)
    return _sqlite(entries, variants)


def _where(entries: QuerySet) -> tuple[str, list]:
    """The WHERE condition of `entries` (a filter on the entry table alone) as SQL and params."""
    query = entries.query
    sql, params = query.get_compiler(connection=connection).compile(query.where)
    return sql, list(params)


def _sqlite_best(entries: QuerySet, variants: Variants, cap: int) -> tuple[list[tuple], bool]:
    # FTS5 ranks every match in its own index, as fast as the bare table does (`ORDER BY rank`
    # with a LIMIT); only those candidates are then read from the entry table and checked by
    # the reader's visibility filter, in growing batches until more than `cap` remain or the
    # matches run out. CROSS JOIN keeps the candidates driving the join: each entry is read by
    # its id, never a scan of every entry of a kind.
    where, params = _where(entries)
    columns = ", ".join(f'{TABLE}."{column}"' for column in FIELDS)
    sql = (
        "WITH candidate AS MATERIALIZED (SELECT rowid AS id, rank FROM search_fts "
        "WHERE search_fts MATCH %s AND rank MATCH 'bm25(0.0, 1.0)' ORDER BY rank LIMIT %s OFFSET %s) "
        f"SELECT (SELECT count(*) FROM candidate), {columns} FROM candidate "
        f"CROSS JOIN {TABLE} ON {TABLE}.id = candidate.id WHERE {where or '1'} "
        f"ORDER BY candidate.rank, {TABLE}.date IS NULL, {TABLE}.date DESC, {TABLE}.id"
    )
    expression = _fts5_expression(variants)
    found, offset, batch = (
        [],
        0,
        (cap + 1) * 3 // 2,
    )  # a first batch enough when most matches are visible
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, [expression, batch, offset, *params])
            rows = cursor.fetchall()
            if rows:
                candidates = rows[0][0]
            else:
                cursor.execute(
                    "SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                    "LIMIT %s OFFSET %s)",
                    [expression, batch, offset],
                )
                candidates = cursor.fetchone()[0]
            found.extend(row[1:] for row in rows)
            exhausted = candidates < batch
            if exhausted or len(found) > cap:
                break
            offset += batch
            batch *= 2
    return found[:cap], exhausted and len(found) <= cap


def _postgresql_best(entries: QuerySet, variants: Variants, cap: int) -> tuple[list[tuple], bool]:
    # The GIN index finds the matches without ranking them; ts_rank reads each one's vector,
    # so ranking every match of a common word costs tens of milliseconds. Only the first
    # RANK_WINDOW × cap matches found are read and ranked: beyond that the order is the best of
    # those, not of every match (a GIN index cannot give the globally best without ranking all).
    window = RANK_WINDOW * cap
    inner = _postgresql(entries, variants).order_by().values_list(*FIELDS, "score")
    sql, params = inner[: window + 1].query.sql_with_params()
    columns = ", ".join(f'found."{column}"' for column in FIELDS)
    # The planner prices the per-candidate visibility probes high enough to compile the query
    # to machine code, which costs more (60 ms) than running it: not for this statement.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            f"SELECT {columns} FROM ({sql}) AS found "
            "ORDER BY found.score, found.date DESC NULLS LAST, found.id LIMIT %s",
            [*params, cap + 1],
        )
        rows = cursor.fetchall()
    return rows[:cap], len(rows) <= cap


def best(
    entries: QuerySet, variants: Variants, cap: int, language: str | None = None
) -> tuple[list[tuple], bool]:
    """Up to `cap` entries of `entries` matching the query, best first, as `FIELDS` tuples (ties
    by newest, then first indexed), and whether they are every match (False: there are more)."""
    if language:
        # Only that language's reading of the query: the index skips every other language's
        # postings (`entries` is filtered on the language too; this only narrows the search).
        read = [terms for languages, terms in variants.items() if language in languages]
        variants = {(language,): read[0]} if read else {}
    if not variants:
        return [], True
    if connection.vendor == "postgresql":
        return _postgresql_best(entries, variants, cap)
    return _sqlite_best(entries, variants, cap)
