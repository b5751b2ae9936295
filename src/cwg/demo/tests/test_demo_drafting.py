"""The demo's Resolution 102 in the drafting room: only its number and title, labelled so."""

import pytest

from cwg import demo
from cwg.drafting.models import Text

pytestmark = pytest.mark.django_db


def test_res_102_is_loaded_once_and_labelled_as_partial(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo.load_demo()
    text = Text.objects.get(slug="res-102")
    assert text.revision_label == "Rev. Bucharest, 2022"
    assert "Only the resolution's number and title" in text.completeness_note
    assert [p.kind for p in text.provisions.all()] == ["title", "title"]
    demo.load_demo()
    assert Text.objects.filter(slug="res-102").count() == 1
    assert text.provisions.count() == 2
    page = client.get("/en/drafting/res-102/")
    assert page.status_code == 200 and b"Only part of this text is loaded" in page.content
