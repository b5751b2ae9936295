"""The compilation comes out in the language asked for: HTML, DOCX, XLSX and the CSV headers."""

from __future__ import annotations

import io

import pytest

from cwg.consultations import services
from cwg.consultations.tests.conftest import body, make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def compiled(personas):
    # Arabic first among the consultation's languages: the compilation used to come out in it.
    c = make_consultation(personas, languages=("ar", "zh", "en", "fr", "ru", "es"))
    c.topic = {**c.topic, "ar": "تعدد اللغات في الإنترنت"}
    c.save(update_fields=["topic"])
    services.submit(
        None,
        c,
        {
            "name": "Claire Martin",
            "organisation": "Orange",
            "category": "private_sector",
            "country": "FRA",
            "language": "fr",
            "answers": {"1": "Des noms de domaine internationalisés."},
            "consent_to_publication": True,
        },
    )
    services.transition(personas.secretariat, c, "closed")
    return services.transition(personas.secretariat, c, "compiled")


@pytest.mark.parametrize(
    ("page", "asked", "lang", "category", "country", "question"),
    [
        ("en", "", "en", "Private sector", "France", "What can be done for a multilingual"),
        ("fr", "", "fr", "Secteur privé", "France", "What can be done for a multilingual"),
        ("ar", "", "ar", "القطاع الخاص", "فرنسا", "What can be done for a multilingual"),
        ("en", "fr", "fr", "Secteur privé", "France", "What can be done"),
        ("fr", "zh-Hans", "zh-hans", None, "法国", "What can be done"),
    ],
)
def test_the_html_compilation_is_in_the_language_asked_for(
    client, compiled, page, asked, lang, category, country, question
):
    url = f"/{page}/consultations/{compiled.slug}/compilation.html"
    text = body(client.get(url, {"lang": asked} if asked else {})).decode()
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in text
    if category:
        assert f"({category})" in text
    assert country in text and question in text
    # The English fallback of the question is marked as English, the answer as French.
    if lang != "en":
        assert '<p lang="en">What can be done' in text
    assert '<blockquote lang="fr" dir="auto">Des noms de domaine' in text


def test_csv_headers_and_xlsx_sheets_follow_the_language(client, compiled):
    from openpyxl import load_workbook

    base = f"/en/consultations/{compiled.slug}/compilation"
    csv_fr = body(client.get(f"{base}.csv", {"lang": "fr"})).decode("utf-8-sig")
    header = csv_fr.splitlines()[0]
    assert header.startswith("Question,") and "Pays" in header and "Catégorie" in header
    assert "Secteur privé" in csv_fr
    csv_en = body(client.get(f"{base}.csv")).decode("utf-8-sig")
    assert "Country" in csv_en.splitlines()[0] and "Private sector" in csv_en
    book = load_workbook(io.BytesIO(body(client.get(f"{base}.xlsx", {"lang": "fr"}))))
    assert "Private sector" not in [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert book.worksheets[0]["A1"].value == "Thème"


def test_the_docx_compilation_follows_the_language(client, compiled):
    import docx

    response = client.get(f"/en/consultations/{compiled.slug}/compilation.docx", {"lang": "fr"})
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body(response))).paragraphs)
    assert "Compilation des réponses" in text and "Secteur privé" in text


def test_an_unknown_language_is_refused_naming_the_field(client, compiled):
    response = client.get(f"/en/consultations/{compiled.slug}/compilation.html", {"lang": "de"})
    assert response.status_code == 400 and response.json()["field"] == "lang"
    api = client.get(f"/api/v1/consultations/{compiled.slug}/compilation.csv", {"lang": "xx"})
    assert api.status_code == 400 and api.json()["field"] == "lang"
    assert client.get(f"/api/v1/consultations/{compiled.slug}/compilation.csv").status_code == 200
