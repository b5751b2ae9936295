"""Search results mark a document title shown in another language than the page."""

import pytest

from cwg.core.access_levels import AccessLevel
from cwg.testing.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_an_english_title_on_an_arabic_page_is_marked_and_a_translated_one_is_not(client, personas):
    meeting = MeetingFactory(group=personas.group)
    english = DocumentFactory(meeting=meeting, title={"en": "Broadband governance note"})
    both = DocumentFactory(
        meeting=meeting,
        title={"en": "Broadband governance plan", "ar": "خطة حوكمة النطاق العريض"},
    )
    page = client.get("/ar/search/", {"q": "broadband"}).content.decode()
    assert english.symbol in page and both.symbol in page
    assert '<span lang="en" dir="ltr"><a href' in page and "Broadband governance note" in page
    arabic = client.get("/ar/search/", {"q": "النطاق"}).content.decode()
    assert "خطة حوكمة النطاق العريض" in arabic and '<span lang="ar"' not in arabic
    english_page = client.get("/en/search/", {"q": "broadband"}).content.decode()
    assert '<span lang="en"' not in english_page


def test_a_members_only_title_stays_hidden_from_outsiders(client, personas):
    hidden = DocumentFactory(
        meeting=MeetingFactory(group=personas.group),
        title={"en": "Broadband members note"},
        access_level=AccessLevel.MEMBERS,
    )
    page = client.get("/ar/search/", {"q": "broadband"}).content.decode()
    assert hidden.symbol not in page and "Broadband members note" not in page
