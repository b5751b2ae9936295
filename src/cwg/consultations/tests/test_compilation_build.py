"""The compilation is built in the background as stored files: a fixed number of queries, flat
memory, rebuilt only when the data changed, never inside a state change, served only to readers."""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import tracemalloc

import docx
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cwg.consultations import services
from cwg.consultations.models import (
    Compilation,
    CompilationFile,
    ConsultationState,
    Submission,
)
from cwg.consultations.services import compilation
from cwg.consultations.services import compilation_source as source_module
from cwg.consultations.tests.conftest import (
    body,
    make_consultation,
    open_members_round,
    payload,
)
from cwg.core.models import AuditEvent
from cwg.documents.models import Document, DocumentType
from cwg.groups.models import Visibility
from cwg.registry.access import forget_standing
from cwg.registry.models import Membership, MemberState, OrganisationCategory, Role
from cwg.testing.factories import GroupFactory, MeetingFactory

pytestmark = pytest.mark.django_db

CATEGORIES = [OrganisationCategory.CIVIL_SOCIETY, OrganisationCategory.PRIVATE_SECTOR]


def add_responses(consultation, n: int, *, start: int = 0) -> None:
    """`n` published responses stored directly (the intake's own tests cover its checks)."""
    country = MemberState.objects.get(iso3="FRA")
    now = timezone.now()
    Submission.objects.bulk_create(
        [
            Submission(
                consultation=consultation,
                receipt=f"BULK-{consultation.pk}-{start + i:07d}",
                submitted_at=now,
                name=f"Respondent {start + i}",
                organisation="Org",
                category=CATEGORIES[i % 2],
                country=country if i % 3 else None,
                country_other="" if i % 3 else "Somewhere",
                language="en",
                answers={"1": f"Answer {start + i} " + "words " * 40, "2": "Second."},
                consent_to_publication=True,
            )
            for i in range(n)
        ],
        batch_size=500,
    )


def written(consultation, fmt: str, language: str = "en", **settings) -> bytes:
    out = io.BytesIO()
    compilation.write(consultation, fmt, language, out, **settings)
    return out.getvalue()


def queries_to_write(consultation, fmt: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        written(consultation, fmt)
    return len(captured.captured_queries)


@pytest.mark.parametrize("fmt", ["csv", "docx", "html", "xlsx"])
def test_the_gather_takes_as_many_queries_for_1000_responses_as_for_10(personas, fmt):
    small = make_consultation(personas, slug="small-round")
    large = make_consultation(personas, slug="large-round")
    add_responses(small, 10)
    add_responses(large, 1000)
    assert queries_to_write(small, fmt) == queries_to_write(large, fmt)


def peak_while_writing(consultation, fmt: str) -> int:
    # Into a file, as the worker does: the output is not the build's memory.
    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        try:
            compilation.write(consultation, fmt, "en", out)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["csv", "docx", "html", "xlsx"])
def test_memory_stays_flat_when_the_responses_grow_fourfold(personas, monkeypatch, fmt):
    monkeypatch.setattr(source_module, "BATCH", 100)
    n = make_consultation(personas, slug="n-round")
    four_n = make_consultation(personas, slug="four-n-round")
    add_responses(n, 600)
    add_responses(four_n, 2400)
    written(n, fmt)  # imports and caches warmed before measuring
    small, large = peak_while_writing(n, fmt), peak_while_writing(four_n, fmt)
    assert large < 1.6 * small, (small, large)


def compiled_consultation(personas, client=None, **kwargs):
    c = make_consultation(personas, **kwargs)
    services.submit(personas.anonymous, c, payload())
    services.transition(personas.secretariat, c, "closed")
    return services.transition(personas.secretariat, c, "compiled")


def test_compiling_builds_each_format_in_each_language_once(personas):
    c = compiled_consultation(personas)
    record = Compilation.objects.get(consultation=c)
    assert record.status == "done" and record.generated_at and record.percent == 100
    kinds = set(record.files.values_list("format", "language"))
    assert kinds == {(f, lang) for f in compilation.FORMATS for lang in ("en", "fr")}
    assert record.summary["totals"]["submissions"] == 1
    stamps = dict(record.files.values_list("id", "generated_at"))

    # Nothing changed: asking again builds nothing.
    again = compilation.request_compilation(personas.secretariat, c)
    assert dict(again.files.values_list("id", "generated_at")) == stamps
    assert AuditEvent.objects.filter(action="consultation.compilation.request").count() == 1

    # A response hidden by the moderators changes the data: the files are built again.
    services.hide_submission(personas.secretariat, c.submissions.get(), "spam")
    rebuilt = compilation.request_compilation(personas.secretariat, c)
    assert rebuilt.fingerprint != record.fingerprint
    assert all(
        f.generated_at > stamps[f.pk] and f.fingerprint == rebuilt.fingerprint
        for f in rebuilt.files.all()
    )
    assert rebuilt.summary["totals"] == {**rebuilt.summary["totals"], "submissions": 0, "hidden": 1}


def test_a_new_annex_setting_rebuilds_with_a_sample_per_category(personas):
    c = make_consultation(personas)
    add_responses(c, 30)
    services.transition(personas.secretariat, c, "closed")
    services.transition(personas.secretariat, c, "compiled")
    full = docx.Document(
        CompilationFile.objects.get(
            compilation__consultation=c, format="docx", language="en"
        ).file.open("rb")
    )
    assert sum(p.text.startswith("Answer ") for p in full.paragraphs) == 30
    record = compilation.request_compilation(personas.secretariat, c, annex="sample", sample=4)
    assert (record.annex, record.annex_sample, record.status) == ("sample", 4, "done")
    sampled = record.files.get(format="docx", language="en")
    paragraphs = [p.text for p in docx.Document(sampled.file.open("rb")).paragraphs]
    # Two questions, two categories: four answers each, and the count of what was left out.
    assert sum(p.startswith("Answer ") for p in paragraphs) == 4 * 2
    assert "4 of the 15 answers from the category “Civil society” are reproduced." in paragraphs


def test_the_state_changes_only_queue_the_work(personas, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    c = make_consultation(personas)
    services.submit(personas.anonymous, c, payload())
    services.transition(personas.secretariat, c, "closed")
    services.transition(personas.secretariat, c, "compiled")
    record = Compilation.objects.get(consultation=c)
    assert record.status == "queued" and not record.files.exists()
    meeting = MeetingFactory(group=personas.group)
    examined = services.transition(personas.secretariat, c, "examined", meeting=meeting)
    assert examined.state == ConsultationState.EXAMINED
    assert not Document.objects.filter(document_type=DocumentType.CONSULTATION_COMPILATION)
    queued = [r.task.name for r in default_task_backend.results]
    assert queued == ["build_compilation_files", "attach_compilation"]

    # The worker runs them later: the files, then the meeting's document.
    for result in default_task_backend.results:
        result.task.call(*result.args, **result.kwargs)
    assert Compilation.objects.get(consultation=c).document.meeting == meeting


def test_the_secretariat_sees_the_progress_and_asks_for_a_sample(client, personas):
    c = compiled_consultation(personas)
    client.force_login(personas.secretariat)
    page = client.get(f"/en/consultations/{c.slug}/").content.decode()
    assert "progress-box" in page and "Update the compilation" in page
    Compilation.objects.filter(consultation=c).update(status="running", total=10, processed=4)
    box = client.get(f"/en/consultations/{c.slug}/compilation/progress/").content.decode()
    assert "40% done" in box
    Compilation.objects.filter(consultation=c).update(status="done")
    response = client.post(
        f"/en/consultations/{c.slug}/compilation/build/", {"annex": "sample", "sample": "3"}
    )
    assert response.status_code == 302
    assert Compilation.objects.get(consultation=c).annex_sample == 3
    # Readers see the files but neither the progress nor the button.
    client.force_login(personas.delegate)
    page = client.get(f"/en/consultations/{c.slug}/").content.decode()
    assert "progress-box" not in page and "Update the compilation" not in page
    assert client.get(f"/en/consultations/{c.slug}/compilation/progress/").status_code == 404
    build = client.post(f"/en/consultations/{c.slug}/compilation/build/", {"annex": "all"})
    assert build.status_code in (403, 404)


def test_files_are_served_with_their_time_to_readers_only(client, personas):
    group = GroupFactory(visibility=Visibility.MEMBERS)
    Membership.objects.create(person=personas.secretariat, role=Role.SECRETARIAT, group=group)
    forget_standing(personas.secretariat)
    c = open_members_round(personas, group)
    services.transition(personas.secretariat, c, "closed")
    services.transition(personas.secretariat, c, "compiled")
    urls = [f"/en/consultations/{c.slug}/compilation.{fmt}" for fmt in compilation.FORMATS]
    urls += [f"/api/v1/consultations/{c.slug}/compilation.csv"]
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(personas.stakeholder)
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(personas.secretariat)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and response["Last-Modified"], url
        assert response["X-Generated-At"]
    assert body(client.get(urls[0])).startswith(b"<!doctype html>")


def test_a_language_not_built_yet_is_built_when_first_asked(client, personas):
    c = compiled_consultation(personas)
    assert not CompilationFile.objects.filter(language="ar").exists()
    response = client.get(f"/en/consultations/{c.slug}/compilation.html", {"lang": "ar"})
    assert response.status_code == 200 and b'<html lang="ar" dir="rtl">' in body(response)
    assert CompilationFile.objects.filter(language="ar", format="html").count() == 1


def test_the_command_writes_the_compilation(personas, tmp_path):
    c = make_consultation(personas)
    add_responses(c, 5)
    out = tmp_path / "c.xlsx"
    call_command(
        "consultations",
        "compile",
        "--consultation",
        c.slug,
        "--format",
        "xlsx",
        "--lang",
        "fr",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    from openpyxl import load_workbook

    assert load_workbook(out).worksheets[0]["A1"].value == "Thème"
    csv_out = tmp_path / "c.csv"
    call_command(
        "consultations",
        "compile",
        "--consultation",
        c.slug,
        "--format",
        "csv",
        "--out",
        str(csv_out),
        stdout=io.StringIO(),
    )
    assert csv_out.read_text(encoding="utf-8-sig").count("\nanswer,") == 0
    assert csv_out.read_text(encoding="utf-8-sig").count(",answer,") == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--consultation", "nope", "--format", "csv"], "no consultation 'nope'"),
        (["--consultation", "internet-2025", "--format", "csv", "--lang", "de"], "lang:"),
    ],
)
def test_the_command_refuses_bad_input_with_status_2(personas, tmp_path, args, message):
    make_consultation(personas)
    with pytest.raises(CommandError, match=message) as refused:
        call_command("consultations", "compile", *args, "--out", str(tmp_path / "x"))
    assert refused.value.returncode == 2
    assert not (tmp_path / "x").exists()


def test_the_command_line_says_one_line_on_an_unknown_format(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cwg",
            "consultations",
            "compile",
            "--consultation",
            "x",
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "x"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "invalid choice: 'pdf'" in result.stderr.strip().splitlines()[-1]
    assert "Traceback" not in result.stderr
