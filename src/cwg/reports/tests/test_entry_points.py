"""The command line, the API and the secretariat's page: who may generate, and bad requests."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document as WordDocument

from cwg.core.audit import verify_chain
from cwg.core.models import AuditEvent
from cwg.documents.models import Document, DocumentFile, DocumentType, ReportState
from cwg.groups.models import Visibility
from cwg.reports import services
from cwg.reports.errors import ReportIncomplete
from cwg.reports.language.typography import plain
from cwg.reports.models import CoverSheet

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/chair"


# -- command line


def test_command_writes_the_report(seed, tmp_path):
    out = tmp_path / "report.docx"
    call_command(
        "report",
        "chair",
        "--group",
        "gtc-INTERNET",  # French acronym, any case
        "--meetings",
        "22,23",
        "--lang",
        "fr",
        "--format",
        "docx",
        "--out",
        str(out),
        "--date",
        "2026-03-02",
        stdout=io.StringIO(),
    )
    text = "\n".join(p.text for p in WordDocument(str(out)).paragraphs)
    assert "vingt-deuxième et vingt-troisième réunions" in text
    cycle = tmp_path / "cycle.html"
    call_command(
        "report",
        "cycle",
        "--group",
        "cwg-internet",
        "--from",
        "2022",
        "--to",
        "2026",
        "--lang",
        "en",
        "--format",
        "html",
        "--out",
        str(cycle),
        stdout=io.StringIO(),
    )
    # The records start at meeting 22: the report says so rather than "held 2 meetings".
    assert "The records of CWG-Internet start at meeting 22;" in plain(cycle.read_text())
    assert "From 2022 to 2026, they cover the following meetings:" in plain(cycle.read_text())


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--group", "nope", "--meetings", "22"], "no group is called 'nope'"),
        (["--group", "CWG-Internet", "--meetings", "22,x"], "meetings must be numbers"),
        (["--group", "CWG-Internet", "--meetings", "22,99"], "CWG-Internet has no meeting 99"),
        (["--group", "CWG-Internet", "--meetings", "22", "--lang", "de"], "unknown language"),
        (["--group", "CWG-Internet", "--meetings", "22", "--format", "odt"], "unknown format"),
    ],
)
def test_command_refuses_bad_arguments_and_writes_nothing(seed, tmp_path, arguments, message):
    out = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match=message):
        call_command("report", "chair", *arguments, "--out", str(out))
    assert list(tmp_path.iterdir()) == []


def test_command_line_argument_errors_are_one_line(capsys):
    from cwg.reports.management.commands.report import Command

    command = Command()
    command._called_from_command_line = True  # as `cwg report …` sets it
    parser = command.create_parser("cwg", "report")
    for arguments in (["chair", "--group", "x", "--out", "y"], [], ["weekly"]):
        with pytest.raises(SystemExit) as exited:
            parser.parse_args(arguments)
        assert exited.value.code == 2
        error = capsys.readouterr().err
        assert error.count("\n") == 1 and "error:" in error, error


def test_command_names_missing_records(seed, tmp_path):
    report = seed.meetings[23].report
    report.state = ReportState.CIRCULATED
    report.save()
    out = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match="the report of meeting 23 is not approved"):
        call_command(
            "report", "chair", "--group", "CWG-Internet", "--meetings", "22,23", "--out", str(out)
        )
    assert list(tmp_path.iterdir()) == []


# -- API


def test_api_gives_the_file_to_secretariat_and_chair(seed, client):
    for person in (seed.personas.secretariat, seed.personas.chair):
        client.force_login(person)
        response = client.get(
            URL, {"group": "CWG-Internet", "meetings": "22,23", "lang": "en", "format": "docx"}
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
        assert 'filename="CWG-INTERNET-CHAIR-22-23-E.docx"' in response["Content-Disposition"]
        text = "\n".join(p.text for p in WordDocument(io.BytesIO(response.content)).paragraphs)
        assert "twenty-second and twenty-third meetings" in text


def test_api_refuses_others(seed, client):
    query = {"group": "CWG-Internet", "meetings": "22,23", "lang": "fr", "format": "html"}
    assert client.get(URL, query).status_code == 403  # anonymous
    for person in (seed.personas.delegate, seed.personas.vice_chair, seed.personas.stakeholder):
        client.force_login(person)
        response = client.get(URL, query)
        assert response.status_code == 403, person
        assert "secretariat and chair" in response.json()["detail"]
    # A members-only group does not exist for an outsider.
    seed.group.visibility = Visibility.MEMBERS
    seed.group.save()
    client.force_login(seed.personas.stakeholder)
    assert client.get(URL, query).status_code == 404


def test_api_bad_request_and_missing_records(seed, client):
    client.force_login(seed.personas.secretariat)
    response = client.get(URL, {"group": "CWG-Internet", "meetings": "22", "format": "odt"})
    assert response.status_code == 400
    assert response.json()["field"] == "format"
    seed.meetings[22].report.delete()
    response = client.get(URL, {"group": "CWG-Internet", "meetings": "22", "format": "html"})
    assert response.status_code == 409
    assert "meeting 22 has no meeting report" in response.json()["detail"]


def test_api_schema_lists_the_report_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/reports/chair", "/api/v1/reports/cycle"} <= set(paths)


def test_api_cycle(seed, client):
    client.force_login(seed.personas.secretariat)
    response = client.get(
        "/api/v1/reports/cycle",
        {"group": "cwg-internet", "from_year": 2025, "to_year": 2026, "format": "html"},
    )
    assert response.status_code == 200
    assert "From 2025 to 2026, they cover the following meetings:" in plain(
        response.content.decode()
    )


# -- secretariat page


def page():
    return reverse("reports:request")


def test_page_lets_the_secretariat_download(seed, client):
    client.force_login(seed.personas.secretariat)
    response = client.get(page())
    assert response.status_code == 200
    assert b"cwg-internet" in response.content
    response = client.post(
        page(),
        {
            "group": "cwg-internet",
            "kind": "chair",
            "meetings": "22,23",
            "language": "ar",
            "file_format": "html",
        },
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-A.html"')
    assert 'dir="rtl"' in response.content.decode()


def test_page_refuses_others_and_shows_missing_records(seed, client):
    assert client.get(page()).status_code == 302  # to sign-in
    client.force_login(seed.personas.delegate)
    assert client.get(page()).status_code == 403
    client.force_login(seed.personas.chair)
    seed.meetings[23].venue = None
    seed.meetings[23].save()
    response = client.post(
        page(),
        {
            "group": "cwg-internet",
            "kind": "chair",
            "meetings": "22,23",
            "language": "fr",
            "file_format": "pdf",
        },
    )
    assert response.status_code == 400
    assert "meeting 23 has no venue" in response.content.decode()
    response = client.post(
        page(), {"group": "cwg-internet", "kind": "chair", "language": "fr", "file_format": "pdf"}
    )
    assert response.status_code == 400


# -- services


def test_store_posts_the_report_as_a_document_in_each_language(seed):
    document = services.store_chair_report(
        seed.personas.secretariat, seed.group, "22,23", ["fr", "en"]
    )
    assert document.document_type == DocumentType.CHAIR_REPORT
    assert set(
        DocumentFile.objects.filter(document=document).values_list("language", flat=True)
    ) == {
        "fr",
        "en",
    }
    assert AuditEvent.objects.filter(action="report.stored", object_id=str(document.pk)).exists()
    assert verify_chain()[1] is None


def test_store_refuses_others_and_stores_nothing_when_records_lack(seed):
    from cwg.core.exceptions import NotAllowed

    with pytest.raises(NotAllowed):
        services.store_chair_report(seed.personas.chair, seed.group, "22,23", ["fr"])
    seed.decision.text = {"fr": seed.decision.text["fr"]}
    seed.decision.noted = {}
    seed.decision.save()
    with pytest.raises(ReportIncomplete, match="the en text of decision 1 of meeting 23"):
        services.store_chair_report(seed.personas.secretariat, seed.group, "22,23", ["fr", "en"])
    assert not Document.objects.filter(document_type=DocumentType.CHAIR_REPORT).exists()


def test_cover_sheet_update_is_audited_and_checked(seed):
    from cwg.core.exceptions import InvalidInput, NotAllowed

    sheet = services.update_cover_sheet(
        seed.personas.secretariat,
        seed.group,
        strategic_plan_links={"en": "Goal 1", "fr": "But 1"},
        document_symbol="C26/35",
    )
    assert CoverSheet.objects.get(pk=sheet.pk).strategic_plan_links == {
        "en": "Goal 1",
        "fr": "But 1",
    }
    event = AuditEvent.objects.get(action="report_cover_sheet.updated")
    assert event.after["document_symbol"] == "C26/35"
    with pytest.raises(InvalidInput, match="unknown language 'de'"):
        services.update_cover_sheet(
            seed.personas.secretariat, seed.group, action_required={"de": "x"}
        )
    with pytest.raises(NotAllowed):
        services.update_cover_sheet(seed.personas.chair, seed.group, document_symbol="X")


# -- cover sheet through the API and the admin, and the background task


def test_cover_sheet_api(seed, client):
    url = "/api/v1/reports/cover-sheets/cwg-internet"
    body = {"strategic_plan_links": {"fr": "Objectif 1"}, "document_symbol": "C26/35"}
    assert client.put(url, body, content_type="application/json").status_code == 401
    client.force_login(seed.personas.chair)
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 403
    assert client.get(url).status_code == 200  # the chair may read what the report will say
    client.force_login(seed.personas.secretariat)
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["document_symbol"] == "C26/35"
    response = client.put(url, {"chair_title": {"xx": "?"}}, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "chair_title"
    before = CoverSheet.objects.get(group=seed.group).strategic_plan_links
    response = client.put(url, {}, content_type="application/json")
    assert response.status_code == 400 and "at least one" in response.json()["detail"]
    response = client.put(url, {"chair_titel": {"fr": "x"}}, content_type="application/json")
    assert response.status_code == 400 and "chair_titel" in response.json()["detail"]
    assert CoverSheet.objects.get(group=seed.group).strategic_plan_links == before
    client.force_login(seed.personas.delegate)
    assert client.get(url).status_code == 403


def test_admin_saves_through_the_audited_service(seed, client):
    seed.personas.secretariat.is_staff = True
    seed.personas.secretariat.is_superuser = True
    seed.personas.secretariat.save()
    client.force_login(seed.personas.secretariat)
    response = client.post(
        "/admin/reports/coversheet/add/",
        {
            "group": seed.group.pk,
            "document_symbol": "C26/40",
            "action_required": '{"en": "The Council is invited to approve."}',
            "strategic_plan_links": "{}",
            "financial_implications": "{}",
            "acknowledgements": "{}",
            "chair_title": "{}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    sheet = CoverSheet.objects.get(group=seed.group)
    assert sheet.action_required == {"en": "The Council is invited to approve."}
    assert AuditEvent.objects.filter(action="report_cover_sheet.updated").count() == 1


def test_background_task_stores_the_report(seed):
    from cwg.reports.tasks import store_chair_report

    result = store_chair_report.enqueue(
        seed.personas.secretariat.pk, seed.group.pk, "22,23", ["fr"], "pdf"
    )
    document = Document.objects.get(document_type=DocumentType.CHAIR_REPORT)
    assert result.return_value == document.symbol
    assert DocumentFile.objects.get(document=document).content_type == "application/pdf"


def test_page_posts_the_report_as_a_document_for_the_secretariat_only(seed, client):
    form = {
        "group": "cwg-internet",
        "kind": "chair",
        "meetings": "22,23",
        "language": "fr",
        "file_format": "docx",
        "store": "on",
    }
    client.force_login(seed.personas.chair)
    assert b'name="store"' not in client.get(page()).content
    response = client.post(page(), form)  # the field is not offered: the report is downloaded
    assert response.status_code == 200 and response["Content-Disposition"]
    assert not Document.objects.filter(document_type=DocumentType.CHAIR_REPORT).exists()
    client.force_login(seed.personas.secretariat)
    response = client.post(page(), form, follow=True)
    document = Document.objects.get(document_type=DocumentType.CHAIR_REPORT)
    assert document.symbol in response.content.decode()
    response = client.post(page(), {**form, "file_format": "html"})
    assert response.status_code == 400


def test_page_speaks_the_reader_s_language(seed, client):
    client.force_login(seed.personas.secretariat)
    response = client.get("/fr/reports/")
    assert response.status_code == 200
    assert '<html lang="fr"' in response.content.decode()
    assert "Generate a report" not in response.content.decode()
