"""The six languages: navigation, forms, errors and the consultation flow are translated.

Needs the compiled catalogues (scripts/test and scripts/demo run `cwg compilemessages`).
"""

from __future__ import annotations

import pytest
from django.utils import translation

KEY_STRINGS = [
    # navigation and shell
    "Home",
    "Consultations",
    "Meetings",
    "Documents",
    "Member States",
    "Sign in",
    "Sign out",
    "Skip to content",
    "Main navigation",
    "Page not found",
    # the consultation flow
    "Respond to the consultation",
    "Your name",
    "Stakeholder category",
    "Send my response",
    "Your response was received",
    "Receipt number",
    "Keep this number: it proves that your response was received.",
    # forms and errors
    "Submit a contribution",
    "The deadline has passed: your contribution will be received and marked as late.",
    "There is no ITU region with this code.",
    "Your role does not allow this action.",
]

LANGUAGES = ["fr", "es", "ru", "zh-hans", "ar"]
# Words spelt the same in the translation as in English.
SAME_WORD = {"fr": {"Consultations", "Documents"}}


@pytest.mark.parametrize("language", LANGUAGES)
def test_key_strings_are_translated(language):
    with translation.override(language):
        untranslated = [
            s
            for s in KEY_STRINGS
            if translation.gettext(s) == s and s not in SAME_WORD.get(language, set())
        ]
    assert not untranslated, f"{language}: {untranslated}"


def test_french_uses_the_itu_vocabulary():
    with translation.override("fr"):
        assert translation.gettext("Member States") == "États Membres"
        assert translation.gettext("Council Working Groups") == "Groupes de travail du Conseil"
