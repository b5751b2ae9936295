"""Bulk import of responses: `cwg consultations import`, all or none, one audit event each."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from cwg.consultations import imports
from cwg.consultations.models import ResponseImport, Submission, SubmissionOrigin
from cwg.consultations.tests.conftest import make_consultation, payload
from cwg.core.exceptions import InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.testing.factories import ResponseImportFactory

pytestmark = pytest.mark.django_db


def write_lines(path, rows) -> str:
    path.write_text(
        "\n".join(row if isinstance(row, str) else json.dumps(row) for row in rows) + "\n",
        encoding="utf-8",
    )
    return str(path)


def run(consultation, path, username="secretariat"):
    call_command(
        "consultations", "import", "--consultation", consultation.slug, "--in", path,
        "--as", username,
    )  # fmt: skip


def test_import_stores_each_response_with_receipt_origin_consent_date_and_audit(
    personas, tmp_path, capsys
):
    c = make_consultation(personas)
    events_before = AuditEvent.objects.count()
    rows = [
        payload(
            name=f"Letter {i}",
            submitted_at="2025-03-01T10:00:00Z",
            consent_to_publication=i % 2 == 0,
        )
        for i in range(7)
    ]
    rows.append(payload(name="Undated", country="", country_other="Kosovo", language="fr"))
    run(c, write_lines(tmp_path / "in.jsonl", [*rows[:4], "", *rows[4:]]))
    assert "imported 8 responses" in capsys.readouterr().out
    stored = list(Submission.objects.filter(consultation=c).order_by("id"))
    assert len(stored) == 8 and len({s.receipt for s in stored}) == 8
    assert all(s.origin == SubmissionOrigin.IMPORTED for s in stored)
    assert all(s.receipt.startswith(f"{personas.group.symbol_prefix}-") for s in stored)
    assert [s.consent_to_publication for s in stored[:3]] == [True, False, True]
    assert stored[0].submitted_at.isoformat() == "2025-03-01T10:00:00+00:00"
    assert "-2025-" in stored[0].receipt
    assert stored[-1].country_other == "Kosovo" and stored[-1].language == "fr"
    assert "letter 0" in stored[0].search_text
    events = AuditEvent.objects.filter(action="consultation.submission.import")
    assert AuditEvent.objects.count() - events_before == 8 == events.count()
    assert {e.object_id for e in events} == {str(s.pk) for s in stored}
    # Nothing of the respondent's receipt enters the trail.
    assert not any(s.receipt in json.dumps(e.after) for e in events for s in stored)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "line 3: not valid JSON"),
        ("[1, 2]", "line 3: a line must be a JSON object"),
        (json.dumps(payload(category="pirates")), "line 3: unknown stakeholder category"),
        (json.dumps(payload(language="de")), "line 3: this consultation takes responses in"),
        (json.dumps(payload(answers={"9": "x"})), "line 3: answers: this consultation has no question 9"),
        (json.dumps(payload(answers={})), "line 3: answer at least one question"),
        (json.dumps(payload(country="XXX")), "line 3: 'XXX' is not the ISO code"),
        (json.dumps(payload(submitted_at="yesterday")), "line 3: submitted_at must be a date"),
        (json.dumps(payload(submitted_at="2999-01-01T00:00:00Z")), "line 3: submitted_at is in the future"),
    ],
)  # fmt: skip
def test_a_bad_line_is_named_and_nothing_is_stored(personas, tmp_path, bad, message):
    c = make_consultation(personas)
    events_before = AuditEvent.objects.count()
    path = write_lines(tmp_path / "in.jsonl", [payload(name="ok 1"), payload(name="ok 2"), bad])
    with pytest.raises(CommandError, match=message) as caught:
        run(c, path)
    assert caught.value.returncode == 2
    assert "\n" not in str(caught.value)
    assert not Submission.objects.filter(consultation=c).exists()
    assert AuditEvent.objects.count() == events_before


def test_a_bad_line_after_a_written_batch_still_leaves_nothing(personas, monkeypatch):
    c = make_consultation(personas)
    monkeypatch.setattr(imports, "BATCH", 3)
    lines = [json.dumps(payload(name=f"n{i}")) for i in range(7)] + ['{"name": ""}']
    with pytest.raises(InvalidInput, match="line 8: name is required"):
        imports.import_responses(personas.secretariat, c, lines)
    assert not Submission.objects.filter(consultation=c).exists()


def test_import_is_refused_to_others_and_to_unknown_users_and_consultations(personas, tmp_path):
    c = make_consultation(personas)
    path = write_lines(tmp_path / "in.jsonl", [payload()])
    for who in ("delegate", "chair"):
        with pytest.raises(CommandError, match="Only the group's secretariat") as caught:
            run(c, path, who)
        assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="no active user named 'nobody'"):
        run(c, path, "nobody")
    with pytest.raises(CommandError, match="no consultation 'nope'"):
        call_command("consultations", "import", "--consultation", "nope", "--in", path, "--as", "x")
    with pytest.raises(CommandError, match="cannot read"):
        run(c, str(tmp_path / "missing.jsonl"))
    with pytest.raises(NotAllowed):
        imports.import_responses(personas.anonymous, c, [json.dumps(payload())])
    assert not Submission.objects.filter(consultation=c).exists()


def test_a_draft_consultation_takes_no_import_and_an_empty_file_is_refused(personas, tmp_path):
    draft = make_consultation(personas, slug="draft-one", open_it=False)
    with pytest.raises(CommandError, match="open or closed"):
        run(draft, write_lines(tmp_path / "in.jsonl", [payload()]))
    c = make_consultation(personas)
    with pytest.raises(CommandError, match="holds no response"):
        run(c, write_lines(tmp_path / "empty.jsonl", [""]))


def test_imported_receipts_never_collide_with_stored_ones(personas, monkeypatch):
    c = make_consultation(personas)
    first = imports.import_responses(personas.secretariat, c, [json.dumps(payload())])
    taken = Submission.objects.get(receipt=first.receipts_sample[0]).receipt
    drawn = iter([taken, taken, "CWG-X-2025-AAAA-BBBB"])
    real = imports.intake.new_receipt
    monkeypatch.setattr(imports.intake, "new_receipt", lambda *a: next(drawn, None) or real(*a))
    imports.import_responses(personas.secretariat, c, [json.dumps(payload())])
    assert Submission.objects.filter(consultation=c).count() == 2
    assert Submission.objects.filter(receipt="CWG-X-2025-AAAA-BBBB").exists()


# In the browser ---------------------------------------------------------------------------------


def upload(client, c, rows, name="responses.jsonl"):
    body = "\n".join(row if isinstance(row, str) else json.dumps(row) for row in rows).encode()
    file = SimpleUploadedFile(name, body, content_type="application/json")
    return client.post(f"/en/consultations/{c.slug}/import/", {"file": file})


def test_the_secretariat_imports_a_file_in_the_browser_and_follows_its_progress(
    client, personas, django_capture_on_commit_callbacks
):
    c = make_consultation(personas)
    client.force_login(personas.secretariat)
    assert client.get(f"/en/consultations/{c.slug}/import/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, c, [payload(name=f"Post {i}") for i in range(3)])
    assert response.status_code == 302
    job = ResponseImport.objects.get(consultation=c)
    assert response["Location"].endswith(f"/import/{job.pk}/")
    assert job.status == "done" and job.imported == 3 and job.total == 3
    page = client.get(response["Location"]).content.decode()
    assert "Finished." in page and "<progress" in page
    progress = client.get(f"/en/consultations/{c.slug}/import/{job.pk}/progress/")
    assert progress.status_code == 200 and "Finished." in progress.content.decode()
    assert Submission.objects.filter(consultation=c, origin="imported").count() == 3
    assert "responses.jsonl" in client.get(f"/en/consultations/{c.slug}/import/").content.decode()


def test_a_file_with_bad_lines_lists_each_with_its_number_and_imports_nothing(
    client, personas, django_capture_on_commit_callbacks
):
    c = make_consultation(personas)
    client.force_login(personas.secretariat)
    rows = [payload(), "{oops", payload(), payload(category="pirates"), payload()]
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, c, rows)
    job = ResponseImport.objects.get(consultation=c)
    assert job.status == "failed"
    assert [e["line"] for e in job.errors] == [2, 4]
    page = client.get(response["Location"]).content.decode()
    assert "Line 2" in page and "Line 4" in page and "unknown stakeholder category" in page
    assert not Submission.objects.filter(consultation=c).exists()


def test_the_import_pages_are_refused_to_others(client, personas):
    c = make_consultation(personas)
    client.force_login(personas.secretariat)
    empty = upload(client, c, [""])
    assert empty.status_code == 400 and "empty" in empty.content.decode()
    job = ResponseImportFactory(consultation=c)
    for who in (personas.delegate, personas.chair, None):
        client.logout()
        if who:
            client.force_login(who)
        for url in (
            f"/en/consultations/{c.slug}/import/",
            f"/en/consultations/{c.slug}/import/{job.pk}/",
            f"/en/consultations/{c.slug}/import/{job.pk}/progress/",
        ):
            assert client.get(url).status_code == 404, (who, url)
        assert upload(client, c, [payload()]).status_code == 404
    assert not Submission.objects.filter(consultation=c).exists()
