"""The Member States directory page: filters, bad input, language, constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
class TestMemberStatesDirectory:
    def test_lists_every_member_state(self, client):
        page = client.get("/en/states/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "ITU has 194 Member States" in html
        assert "194 Member States shown" in html
        assert "Brazil" in html and "France" in html

    def test_filters_by_region(self, client):
        html = client.get("/en/states/?region=B").content.decode()
        assert "France" in html
        assert "Brazil" not in html  # region A

    def test_filters_by_name(self, client):
        html = client.get("/en/states/?q=cote").content.decode()
        assert "Côte" in html
        assert "France" not in html

    def test_unknown_region_is_refused_with_the_message_by_the_field(self, client):
        page = client.get("/en/states/?region=Z")
        assert page.status_code == 400
        html = page.content.decode()
        assert 'id="id_region_error"' in html
        assert "Select a valid choice" in html or "There is no ITU region" in html

    def test_names_in_the_readers_language(self, client):
        html = client.get("/fr/states/?region=B").content.decode()
        assert "Allemagne" in html
        html = client.get("/zh-hans/states/?region=B").content.decode()
        assert "法国" in html

    def test_query_count_is_the_same_for_one_region_and_for_all(self, client):
        client.get("/en/states/")
        with CaptureQueriesContext(connection) as one:
            client.get("/en/states/?region=E")
        with CaptureQueriesContext(connection) as every:
            client.get("/en/states/")
        assert len(one.captured_queries) == len(every.captured_queries) <= 4
