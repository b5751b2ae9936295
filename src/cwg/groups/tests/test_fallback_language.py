"""The group page marks the texts it shows in another language than the page (WCAG 3.1.2)."""

from __future__ import annotations

import pytest
from django.test import Client

from cwg.groups.models import GroupResolution, ResolutionRole, Visibility
from cwg.testing.factories import GroupFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


def group_with_basis(name: dict, title: dict, **texts):
    texts.setdefault("mandate", {"en": "Study the issues."})
    group = GroupFactory(name=name, **texts)
    resolution = ResolutionFactory(title=title)
    GroupResolution.objects.create(
        group=group, resolution=resolution, role=ResolutionRole.ESTABLISHES, summary={}
    )
    return group


def test_an_arabic_page_marks_english_fallback_text_as_english():
    group = group_with_basis({"en": "Working group on tests"}, {"en": "A resolution on tests"})
    html = Client().get(f"/ar/groups/{group.slug}/").content.decode()
    assert '<span lang="en" dir="ltr">Working group on tests</span>' in html
    assert '<span lang="en" dir="ltr">A resolution on tests</span>' in html
    assert '<div class="prose" lang="en" dir="ltr"><p>Study the issues.</p></div>' in html
    assert 'class="lang-note">(الإنجليزية)</span>' in html


def test_a_translated_record_carries_no_language_mark():
    group = group_with_basis(
        {"en": "Working group on tests", "ar": "فريق العمل المعني بالاختبارات"},
        {"en": "A resolution on tests", "ar": "قرار بشأن الاختبارات"},
        acronym={"en": "CWG-T", "ar": "فريق-ت"},
        mandate={"en": "Study the issues.", "ar": "دراسة المسائل."},
    )
    html = Client().get(f"/ar/groups/{group.slug}/").content.decode()
    assert "فريق العمل المعني بالاختبارات" in html
    assert "قرار بشأن الاختبارات" in html
    assert '<span lang="en"' not in html
    assert "Working group on tests" not in html
    assert '<div class="prose" dir="auto"><p>دراسة المسائل.</p></div>' in html


def test_a_hidden_group_is_not_found():
    group = GroupFactory(visibility=Visibility.MEMBERS)
    assert Client().get(f"/ar/groups/{group.slug}/").status_code == 404
