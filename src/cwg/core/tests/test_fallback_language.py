"""A multilingual text shown in another language than the page says which language it is in."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from cwg.core.i18n import pick_with_language


def render(source: str, page_language: str, **context) -> str:
    with translation.override(page_language):
        return Template("{% load cwg_ui %}" + source).render(Context(context))


def test_the_picked_text_carries_its_language():
    texts = {"en": "Geneva", "fr": "Genève"}
    assert pick_with_language(texts, "fr") == ("Genève", "fr", "fr")
    picked = pick_with_language(texts, "ar")
    assert (picked.text, picked.language, picked.is_fallback) == ("Geneva", "en", True)
    assert (picked.html_lang, picked.direction) == ("en", "ltr")
    assert pick_with_language({"zh": "日内瓦"}, "en").html_lang == "zh-Hans"
    assert pick_with_language({"ar": "جنيف"}, "en").direction == "rtl"
    assert not pick_with_language({}, "ar").is_fallback


def test_an_english_fallback_on_an_arabic_page_is_marked_as_english():
    html = render("{{ texts|pick_lang }}", "ar", texts={"en": "Geneva & more", "fr": "Genève"})
    assert html == '<span lang="en" dir="ltr">Geneva &amp; more</span>'


def test_a_translated_text_is_not_marked():
    html = render("{{ texts|pick_lang }}", "ar", texts={"en": "Geneva", "ar": "جنيف"})
    assert html == "جنيف"
    assert "lang=" not in render("{{ texts|pick_lang }}", "zh-hans", texts={"zh": "日内瓦"})


def test_the_note_names_the_language_in_the_readers_language():
    texts = {"en": "A resolution"}
    french = render('{{ texts|pick_lang:"note" }}', "fr", texts=texts)
    assert french == (
        '<span lang="en" dir="ltr">A resolution</span> <span class="lang-note">(anglais)</span>'
    )
    arabic = render('{{ texts|pick_lang:"note" }}', "ar", texts=texts)
    assert '<span class="lang-note">(الإنجليزية)</span>' in arabic
    assert render('{{ texts|pick_lang:"note" }}', "en", texts=texts) == "A resolution"


def test_a_block_of_text_gets_the_attributes_on_its_element():
    source = (
        "{% picked texts as p %}<div{{ p|lang_attrs }}>{{ p.text|linebreaks }}</div>"
        "{{ p|language_note }}"
    )
    html = render(source, "ar", texts={"fr": "Un\n\ndeux <b>"})
    assert html == (
        '<div lang="fr" dir="ltr"><p>Un</p>\n\n<p>deux &lt;b&gt;</p></div>'
        ' <span class="lang-note">(الفرنسية)</span>'
    )
    assert render(source, "fr", texts={"fr": "Un"}) == "<div><p>Un</p></div>"
