"""Words found only in an uploaded file's body are searchable, for those who may see the document."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cwg.core.access_levels import AccessLevel
from cwg.documents import services
from cwg.documents.models import DocumentType, SourceKind
from cwg.testing.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _txt(body: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("body.txt", body.encode(), content_type="text/plain")


def _post(personas, body: str, **extra):
    return services.submit_document(
        personas.secretariat,
        group=personas.group,
        meeting=MeetingFactory(group=personas.group),
        document_type=DocumentType.INFORMATION,
        source_kind=SourceKind.SECRETARIAT,
        title={"en": "Information note"},
        file=_txt(body),
        **extra,
    )


def _symbols(client, q: str) -> tuple[list[str], int]:
    body = client.get("/api/v1/search", {"q": q}).json()
    return [hit["symbol"] for hit in body["hits"]], body["total"]


def test_a_word_of_the_file_body_is_found(client, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = _post(personas, "The zorblaxian interconnection agreement")
    assert _symbols(client, "zorblaxian") == ([document.symbol], 1)


def test_a_members_only_file_body_is_never_a_hit_for_outsiders(
    client, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = _post(personas, "Quixotical spectrum notes", access_level=AccessLevel.MEMBERS)
    assert _symbols(client, "quixotical") == ([], 0)
    client.force_login(personas.stakeholder)
    assert _symbols(client, "quixotical") == ([], 0)
    client.force_login(personas.delegate)
    assert _symbols(client, "quixotical") == ([document.symbol], 1)


def test_a_revision_replaces_the_text_that_is_searched(
    client, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = _post(personas, "Original wording: flumpet")
    with django_capture_on_commit_callbacks(execute=True):
        services.revise(personas.secretariat, document, file=_txt("Revised wording: gromble"))
    assert _symbols(client, "flumpet") == ([], 0)
    assert _symbols(client, "gromble")[1] == 1
