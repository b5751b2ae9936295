"""Every language version of every revision has a stable address, which honours access."""

import pytest

from cwg.core.access_levels import AccessLevel
from cwg.documents import services
from cwg.documents.tests import samples

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _body(response) -> bytes:
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_each_version_is_served_at_its_stable_address(client, personas, document):
    services.upload_version(personas.secretariat, document, language="fr", file=samples.text())
    detail = client.get(f"{API}/documents/{document.pk}").json()
    files = [f for revision in detail["revisions"] for f in revision["files"]]
    assert {f["language"] for f in files} == {"en", "fr"}
    for version in files:
        expected = (
            f"{API}/documents/{document.pk}/versions/{version['revision']}/{version['language']}"
        )
        assert version["stable_url"] == expected
        assert _body(client.get(version["stable_url"])) == _body(
            client.get(version["download_url"])
        )


def test_a_missing_or_hidden_version_is_not_found(client, personas, meeting):
    hidden = services.submit_contribution(
        personas.delegate,
        meeting=meeting,
        state=personas.state,
        title={"en": "Confidential"},
        access_level=AccessLevel.MEMBERS,
        file=samples.pdf(),
    )
    revision = hidden.files.get().revision
    url = f"{API}/documents/{hidden.pk}/versions/{revision}/en"
    assert client.get(url).status_code == 404
    assert client.get(f"{API}/documents/{hidden.pk}/versions/{revision}/ru").status_code == 404
    client.force_login(personas.delegate)
    assert client.get(url).status_code == 200
    assert client.get(f"{API}/documents/{hidden.pk}/versions/{revision}/ru").status_code == 404


def test_an_unknown_language_is_a_400_naming_it(client, document):
    response = client.get(f"{API}/documents/{document.pk}/versions/0/xx")
    assert response.status_code == 400
    assert response.json()["field"] == "language"
    for tail in ("-1/en", "x/en", f"{2**40}/en"):
        response = client.get(f"{API}/documents/{document.pk}/versions/{tail}")
        assert response.status_code in (400, 404), tail


def test_each_version_has_a_web_address_that_outlives_later_revisions(client, personas, document):
    first = _body(client.get(f"/en/documents/{document.pk}/versions/0/en/"))
    services.revise(
        personas.delegate,
        document,
        note="Updated figures",
        language="en",
        file=samples.text("rev1.txt", "Revised text"),
    )
    assert _body(client.get(f"/en/documents/{document.pk}/versions/0/en/")) == first
    assert _body(client.get(f"/en/documents/{document.pk}/versions/1/en/")) == b"Revised text"
    page = client.get(f"/en/documents/{document.symbol}/").content.decode()
    assert f"/en/documents/{document.pk}/versions/0/en/" in page
    assert f"/en/documents/{document.pk}/versions/1/en/" in page


def test_a_hidden_or_missing_version_has_no_web_address(client, personas, meeting):
    hidden = services.submit_contribution(
        personas.delegate,
        meeting=meeting,
        state=personas.state,
        title={"en": "Confidential"},
        access_level=AccessLevel.MEMBERS,
        file=samples.pdf(),
    )
    url = f"/en/documents/{hidden.pk}/versions/0/en/"
    assert client.get(url).status_code == 404
    client.force_login(personas.delegate)
    assert client.get(url).status_code == 200
    for missing in ("0/ru", "7/en", "0/xx"):
        assert client.get(f"/en/documents/{hidden.pk}/versions/{missing}/").status_code == 404
    assert client.get(f"/en/documents/{10**9}/versions/0/en/").status_code == 404
