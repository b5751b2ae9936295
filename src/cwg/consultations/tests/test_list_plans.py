"""Lists of responses reach their rows through an index, and keep the counts readers follow."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cwg.consultations import imports, queries
from cwg.consultations.tests.conftest import make_consultation, payload

pytestmark = pytest.mark.django_db


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


def test_the_hidden_responses_are_found_through_the_hidden_index(personas):
    if connection.vendor != "sqlite":
        pytest.skip("the plan of SQLite is fixed by its indexes; PostgreSQL's by its statistics")
    c = make_consultation(personas)
    qs = queries.moderation_queue(c, show="hidden")[:51]
    # Not the (consultation, id) index, walked through every response to find the hidden ones.
    assert "submission_hidden_id (consultation_id=? AND hidden=?)" in _plan(qs)


def test_an_organisation_s_count_is_kept_between_views(personas):
    c = make_consultation(personas)
    lines = [json.dumps(payload(organisation=f"Org {i % 3}")) for i in range(9)]
    imports.import_responses(personas.secretariat, c, lines, scan=False)
    assert queries.published_count(c, {"q": "org:Org 1"}) == 3
    with CaptureQueriesContext(connection) as captured:
        assert queries.published_count(c, {"q": "org:Org 1"}) == 3
    assert len(captured) == 0
    # Words typed are counted afresh.
    queries.published_count(c, {"q": "multilingual"})
    with CaptureQueriesContext(connection) as captured:
        queries.published_count(c, {"q": "multilingual"})
    assert len(captured) == 1
    # A new response is counted at once.
    imports.import_responses(personas.secretariat, c, [lines[1]], scan=False)
    assert queries.published_count(c, {"q": "org:Org 1"}) == 4


def test_an_import_on_sqlite_reads_with_a_large_page_cache_and_gives_it_back(personas):
    if connection.vendor != "sqlite":
        pytest.skip("the page cache of SQLite")
    c = make_consultation(personas)

    def cache_size() -> int:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            return cursor.fetchone()[0]

    before = cache_size()
    seen = []

    def watch(execute, sql, params, many, context):
        # The cache in force while the responses themselves are written, read beside the
        # statement on the raw connection (not through this wrapper).
        if "INSERT" in sql and "consultations_submission" in sql:
            seen.append(connection.connection.execute("PRAGMA cache_size").fetchone()[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        imports.import_responses(personas.secretariat, c, [json.dumps(payload())], scan=False)
    seen = seen[:1]
    assert seen == [-imports.IMPORT_CACHE_KIB]
    assert cache_size() == before != seen[0]
