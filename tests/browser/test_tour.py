"""Every domain page a delegate meets, in English and Arabic: it opens, and axe-core finds no
serious or critical violation on it."""

from __future__ import annotations

import pytest

from cwg.testing.personas import PASSWORD

PAGES = [
    ("meeting", "/{lang}/meetings/{next_meeting}/"),
    ("meetings", "/{lang}/meetings/"),
    ("documents", "/{lang}/documents/"),
    ("consultations", "/{lang}/consultations/"),
    ("consultation", "/{lang}/consultations/meaningful-connectivity/"),
    ("published-responses", "/{lang}/consultations/meaningful-connectivity/submissions/"),
    ("decisions", "/{lang}/decisions/group/cwg-internet/"),
    ("action-tracker", "/{lang}/decisions/group/cwg-internet/actions/"),
    ("gap-analyses", "/{lang}/analysis/"),
    ("search", "/{lang}/search/?q=connectivity"),
    ("member-states", "/{lang}/states/"),
    ("profile", "/{lang}/profile/"),
]


# Arabic re-checks the pages whose layout has the most to mirror.
ARABIC = {"meeting", "consultation", "documents", "decisions", "gap-analyses"}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_delegate_tours_the_pages(visit, scenario, language):
    visit.sign_in("delegate", PASSWORD)
    for name, pattern in PAGES:
        if language == "ar" and name not in ARABIC:
            continue
        path = pattern.format(lang=language, next_meeting=scenario.next_meeting.pk)
        response = visit.go(path)
        assert response.status == 200, (path, response.status)
        visit.shoot(f"tour-{name}-{language}")
        visit.assert_accessible()
