"""Texts read into provisions that keep their structure, in several language versions."""

import io
import zipfile

import docx
import pytest

from cwg.core.exceptions import InvalidInput, NotAllowed
from cwg.drafting import services
from cwg.testing.archives import docx_bomb

pytestmark = pytest.mark.django_db


def refs(text):
    return [(p.ref, p.kind) for p in text.provisions.order_by("position")]


def test_the_structure_is_kept(text):
    assert refs(text) == [
        ("title", "title"),
        ("title (2)", "title"),
        ("title (3)", "title"),
        ("considering", "heading"),
        ("considering a)", "paragraph"),
        ("considering b)", "paragraph"),
        ("resolves", "heading"),
        ("resolves 1", "paragraph"),
        ("resolves 2", "paragraph"),
        ("resolves 2 a)", "subitem"),
        ("resolves 2 b)", "subitem"),
        ("instructs the Secretary-General", "heading"),
        ("instructs the Secretary-General 1", "paragraph"),
    ]


def test_a_second_language_fills_the_same_provisions(personas, text):
    from cwg.testing.drafting import SAMPLE

    french = SAMPLE.replace("that the network grows", "que le réseau croît")
    services.load_version(personas.secretariat, text, french, "fr")
    provision = text.provisions.get(ref="considering a)")
    assert provision.wording("fr") == "a) que le réseau croît;"
    assert provision.wording("en") == "a) that the network grows;"


def test_a_version_with_other_provisions_is_refused(personas, text):
    with pytest.raises(InvalidInput) as refused:
        services.load_version(personas.secretariat, text, "Only a title", "fr")
    assert refused.value.field == "file"
    assert "fr" not in text.provisions.first().body


def test_a_docx_is_read(personas):
    document = docx.Document()
    for line in ("RESOLUTION 1", "considering", "a) that one;", "resolves", "1 to act."):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    text = services.create_text(
        personas.secretariat, personas.group, slug="from-docx", title={"en": "From Word"}
    )
    services.load_file(personas.secretariat, text, "r.docx", buffer.getvalue(), "en")
    assert [p.ref for p in text.provisions.all()] == [
        "title",
        "considering",
        "considering a)",
        "resolves",
        "resolves 1",
    ]


def test_only_the_secretariat_loads_texts(personas):
    with pytest.raises(NotAllowed):
        services.create_text(personas.delegate, personas.group, slug="x", title={"en": "X"})


def test_an_odt_is_read(personas):
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        "<text:h>RESOLUTION 2</text:h><text:p>considering</text:p>"
        "<text:p>a) that <text:span>two</text:span>;</text:p><text:p>resolves</text:p>"
        "<text:p>1 to act.</text:p></office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    text = services.create_text(
        personas.secretariat, personas.group, slug="from-odt", title={"en": "From ODT"}
    )
    services.load_file(personas.secretariat, text, "r.odt", buffer.getvalue(), "en")
    assert text.provisions.get(ref="considering a)").wording() == "a) that two;"


def test_a_bomb_is_refused_whole(personas):
    text = services.create_text(
        personas.secretariat, personas.group, slug="bomb", title={"en": "Bomb"}
    )
    with pytest.raises(InvalidInput) as refused:
        services.load_file(personas.secretariat, text, "r.docx", docx_bomb(), "en")
    assert refused.value.field == "file"
    assert not text.provisions.exists()
