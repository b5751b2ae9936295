"""Word documents with real tracked changes: export a revision, read it back as proposals,
also after LibreOffice has converted it; the commands that do it for scripts."""

import io
import shutil
import subprocess
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from cwg.core.exceptions import Conflict, InvalidInput
from cwg.drafting import services, tracking
from cwg.drafting.models import Proposal
from cwg.testing.drafting import tracked_insertion, two_states, word_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def rev1(personas, text):
    fra, bra = two_states(personas, text)
    ids = [p.pk for c in (fra, bra) for p in c.proposals.all()]
    return services.build_revision(personas.chair, text, accept=ids)


def expected(text):
    return sorted(
        (p.contribution.origin, p.mark, p.target_ref, p.wording)
        for p in Proposal.objects.filter(contribution__text=text).select_related(
            "contribution", "provision"
        )
    )


def read_back(text, data):
    return sorted(
        (d["author"], d["mark"], d["ref"], d.get("wording", ""))
        for d in tracking.proposals_from_docx(text, data)
    )


def test_the_export_has_word_tracked_changes_by_state(rev1):
    data = tracking.docx_bytes(rev1)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert '<w:ins w:id="' in xml and 'w:author="FRA"' in xml and 'w:author="BRA"' in xml
    assert "<w:delText" in xml and 'w:date="20' in xml


def test_the_round_trip_gives_back_the_proposals(text, rev1):
    assert read_back(text, tracking.docx_bytes(rev1)) == expected(text)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_round_trip_through_libreoffice(tmp_path, text, rev1):
    source = tmp_path / "rev1.docx"
    source.write_bytes(tracking.docx_bytes(rev1))
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert read_back(text, (out / "rev1.docx").read_bytes()) == expected(text)


def test_import_makes_the_delegates_proposals(personas, text):
    provision = text.provisions.get(ref="considering b)")
    data = tracked_insertion(provision, "b) that States ", "closely ", "cooperate,", "BRA")
    contribution = services.import_tracked(
        personas.other_delegate, text, data, document_number=9, reasons="From Word."
    )
    proposals = list(contribution.proposals.all())
    assert [(p.symbol, p.mark, p.wording) for p in proposals] == [
        ("BRA/9/1", "MOD", "b) that States closely cooperate,")
    ]


def test_import_refuses_what_the_state_proposed_already(personas, text, rev1):
    with pytest.raises(Conflict):
        services.import_tracked(
            personas.other_delegate,
            text,
            tracking.docx_bytes(rev1),
            document_number=9,
            reasons="From Word.",
        )
    assert not text.contributions.filter(document_number=9).exists()


def test_a_file_that_is_no_docx_is_refused(personas, text):
    with pytest.raises(InvalidInput) as refused:
        services.import_tracked(
            personas.delegate, text, b"not a zip", document_number=2, reasons="r"
        )
    assert refused.value.field == "file"


def test_the_commands_export_and_import(personas, text, rev1, tmp_path):
    out = tmp_path / "r.docx"
    call_command("drafting", "export", "--text", text.slug, "--format", "docx", "--out", str(out))
    assert out.read_bytes()[:2] == b"PK"
    html = tmp_path / "r.html"
    call_command(
        "drafting",
        "export",
        "--text",
        text.slug,
        "--rev",
        "1",
        "--format",
        "html",
        "--out",
        str(html),
    )
    assert "<ins" in html.read_text()
    pdf = tmp_path / "r.pdf"
    call_command("drafting", "export", "--text", text.slug, "--format", "pdf", "--out", str(pdf))
    assert pdf.read_bytes()[:4] == b"%PDF"
    provision = text.provisions.get(ref="considering b)")
    edited = tmp_path / "edited.docx"
    edited.write_bytes(
        word_file(
            f'<w:p><w:bookmarkStart w:id="1" w:name="cwg_p{provision.pk}"/>'
            '<w:del w:id="2" w:author="BRA"><w:r><w:delText>b) that States cooperate,</w:delText></w:r></w:del></w:p>'
        )
    )
    stdout = io.StringIO()
    call_command(
        "drafting",
        "import",
        "--text",
        text.slug,
        "--file",
        str(edited),
        "--as",
        personas.other_delegate.username,
        "--document-number",
        "5",
        stdout=stdout,
    )
    assert "BRA/5/1" in stdout.getvalue()
    assert text.contributions.get(document_number=5).proposals.get().mark == "SUP"


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--text", "nope", "--out", "x.docx"],
        ["export", "--text", "res-999", "--rev", "9", "--out", "x.docx"],
        ["import", "--text", "res-999", "--file", "/nonexistent.docx", "--as", "delegate"],
        ["import", "--text", "res-999", "--file", __file__, "--as", "nobody"],
        ["import", "--text", "res-999", "--file", __file__, "--as", "chair"],
    ],
)
def test_the_commands_refuse_bad_input_with_exit_2(personas, text, rev1, args):
    with pytest.raises(CommandError) as refused:
        call_command("drafting", *args)
    assert refused.value.returncode == 2


def test_the_api_imports_a_word_file_with_tracked_changes(client, personas, text):
    url = f"/api/v1/drafting/texts/{text.slug}/proposals/import"
    provision = text.provisions.get(ref="considering b)")
    data = tracked_insertion(provision, "b) that States ", "closely ", "cooperate,", "BRA")

    def post(**fields):
        upload = SimpleUploadedFile("bra.docx", fields.pop("data", data))
        return client.post(url, {"file": upload, "reasons": "From Word.", **fields})

    assert post(document_number=9).status_code == 401
    client.force_login(personas.chair)
    assert post(document_number=9).status_code == 403  # not a delegate
    client.force_login(personas.other_delegate)
    refused = post(document_number=9, data=b"not a zip")
    assert refused.status_code == 400 and refused.json()["field"] == "file"
    created = post(document_number=9)
    assert created.status_code == 201 and created.json()["proposals"] == ["BRA/9/1"]
    proposal = text.contributions.get().proposals.get()
    assert (proposal.mark, proposal.wording) == ("MOD", "b) that States closely cooperate,")
    assert post(document_number=9).status_code == 409  # the number is taken
