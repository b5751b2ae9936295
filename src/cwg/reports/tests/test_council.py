"""Council sessions, submitting the Chair's report to one, the cover it then carries, Council's
outcome on the group page and in the cycle report."""

import datetime as dt
import io
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document as WordDocument

from cwg.core.audit import verify_chain
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.reports import generation, services
from cwg.reports.errors import ReportIncomplete
from cwg.reports.models import CouncilSubmission

pytestmark = pytest.mark.django_db

LETTERS = {"en": "E", "fr": "F", "es": "S", "ru": "R", "ar": "A", "zh": "C"}
ORIGINAL_ENGLISH = {
    "en": "Original: English",
    "fr": "Original : anglais",
    "es": "Original: inglés",
    "ru": "Оригинал: английский",
    "ar": "الأصل: بالإنكليزية",
    "zh": "原文：英文",
}
DOCUMENT_DATE = dt.date(2026, 3, 16)


def _plain(text: str) -> str:
    """Any space (no-break ones too) as one plain space, for comparing extracted text."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def c26(actor):
    session = services.create_council_session(
        actor,
        code="c26",
        start_date="2026-04-28",
        end_date=dt.date(2026, 5, 8),
        venue={"en": "Geneva", "fr": "Genève"},
    )
    item = services.add_council_agenda_item(
        actor, session, number="7", title={"en": "Reports of Council working groups"}
    )
    return session, item


def submit(seed, meetings="22,23", **extra):
    session, item = c26(seed.personas.secretariat)
    options = {
        "session": session,
        "agenda_item": item,
        "meetings": meetings,
        "document_date": DOCUMENT_DATE,
        "original_language": "en",
        **extra,
    }
    return services.submit_to_council(seed.personas.secretariat, seed.group, **options)


# -- records and services


def test_submission_takes_the_session_counter_and_is_audited(seed):
    submission = submit(seed)
    assert submission.symbol == "C26/1"
    assert [submission.symbol_for(lang) for lang in LETTERS] == [
        f"C26/1-{letter}" for letter in LETTERS.values()
    ]
    assert submission.meetings == [22, 23]
    event = AuditEvent.objects.get(action="council.submitted")
    assert event.object_id == str(submission.pk) and event.group_id == seed.group.pk
    assert AuditEvent.objects.filter(action="council_session.created").count() == 1
    assert AuditEvent.objects.filter(action="council_agenda_item.created").count() == 1
    second = services.submit_to_council(
        seed.personas.secretariat,
        seed.group,
        session=submission.session,
        agenda_item=submission.agenda_item,
        meetings="23",
        document_date=DOCUMENT_DATE,
        original_language="fr",
    )
    assert second.symbol == "C26/2"
    assert verify_chain()[1] is None


@pytest.mark.parametrize("persona", ["chair", "vice_chair", "delegate", "council_member"])
def test_only_the_secretariat_submits(seed, persona):
    session, item = c26(seed.personas.secretariat)
    with pytest.raises(NotAllowed):
        services.submit_to_council(
            getattr(seed.personas, persona),
            seed.group,
            session=session,
            agenda_item=item,
            meetings="22,23",
            document_date=DOCUMENT_DATE,
            original_language="en",
        )
    assert not CouncilSubmission.objects.exists()
    with pytest.raises(NotAllowed):
        services.create_council_session(
            seed.personas.delegate, code="C27", start_date="2027-05-01", end_date="2027-05-10"
        )


def test_submission_refuses_bad_input(seed):
    session, item = c26(seed.personas.secretariat)
    base = {
        "session": session,
        "agenda_item": item,
        "meetings": "22,23",
        "document_date": DOCUMENT_DATE,
        "original_language": "en",
    }
    actor, group = seed.personas.secretariat, seed.group
    for change, field in (
        ({"document_date": None}, "date"),
        ({"document_date": "16/03/2026"}, "date"),
        ({"original_language": "de"}, "lang"),
        ({"meetings": "99"}, "meetings"),
    ):
        with pytest.raises(InvalidInput) as caught:
            services.submit_to_council(actor, group, **{**base, **change})
        assert caught.value.field == field
    # The report must be complete on the document's date: meeting 23 had not taken place.
    with pytest.raises(ReportIncomplete):
        services.submit_to_council(actor, group, **{**base, "document_date": dt.date(2026, 1, 1)})
    services.submit_to_council(actor, group, **base)
    with pytest.raises(Conflict):
        services.submit_to_council(actor, group, **base)
    with pytest.raises(Conflict):
        services.create_council_session(
            actor, code="C26", start_date="2026-04-28", end_date="2026-05-08"
        )
    with pytest.raises(InvalidInput):
        services.create_council_session(
            actor, code="Council", start_date="2026-04-28", end_date="2026-05-08"
        )


def test_outcome_is_recorded_by_the_secretariat_and_audited(seed):
    submission = submit(seed)
    with pytest.raises(NotAllowed):
        services.record_council_outcome(
            seed.personas.chair, submission, outcome="took_note", date="2026-05-06"
        )
    with pytest.raises(InvalidInput):
        services.record_council_outcome(
            seed.personas.secretariat, submission, outcome="rejected", date="2026-05-06"
        )
    with pytest.raises(InvalidInput):
        services.record_council_outcome(
            seed.personas.secretariat, submission, outcome="took_note", date="2026-01-01"
        )
    done = services.record_council_outcome(
        seed.personas.secretariat,
        submission,
        outcome="took_note",
        reference="Decision 640",
        date="2026-05-06",
    )
    assert (done.outcome, done.outcome_reference, done.outcome_date) == (
        "took_note",
        "Decision 640",
        dt.date(2026, 5, 6),
    )
    event = AuditEvent.objects.get(action="council.outcome_recorded")
    assert event.before["outcome"] == "" and event.after["outcome"] == "took_note"


# -- the cover in each format and language


def test_the_report_carries_the_council_cover_in_every_language(seed):
    submit(seed)
    for language, letter in LETTERS.items():
        composition = generation.chair_composition(seed.group, "22,23", language)
        assert composition.symbol == f"C26/1-{letter}"
        text = _plain(composition.plain_text())
        assert f"C26/1-{letter}" in text
        assert _plain(ORIGINAL_ENGLISH[language]) in text
    french = generation.chair_composition(seed.group, "22,23", "fr").council
    assert french.session == "Conseil 2026"
    assert french.place_and_days == "Genève, 28 avril 2026 – 8 mai 2026"
    assert french.agenda_item.endswith("7")  # no French title: the number alone
    assert french.date == "16 mars 2026"  # the secretariat's date, not today's
    english = generation.chair_composition(seed.group, "22,23", "en").council
    assert english.agenda_item == "Agenda item: 7 – Reports of Council working groups"
    assert english.document == "Document C26/1-E"


def test_an_unsubmitted_report_has_no_council_block(seed):
    composition = generation.chair_composition(seed.group, "22,23", "en", dt.date(2026, 3, 2))
    assert composition.council is None
    assert "C26" not in composition.plain_text()


@pytest.mark.parametrize("language", ["fr", "en", "ar", "zh"])
def test_pdf_text_has_the_symbol_and_the_original_line(seed, tmp_path, language):
    submit(seed)
    report = generation.produce(generation.chair_composition(seed.group, "22,23", language), "pdf")
    path = tmp_path / "report.pdf"
    path.write_bytes(report.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"C26/1-{LETTERS[language]}" in text
    if language in ("fr", "en"):  # pdftotext reorders right-to-left and CJK lines
        assert _plain(ORIGINAL_ENGLISH[language]) in _plain(text)
    else:
        assert _plain(ORIGINAL_ENGLISH[language]).split()[-1].strip("：") in text


@pytest.mark.parametrize("language", list(LETTERS))
def test_docx_and_html_have_the_cover(seed, language):
    submit(seed)
    composition = generation.chair_composition(seed.group, "22,23", language)
    docx = generation.produce(composition, "docx")
    word = WordDocument(io.BytesIO(docx.content))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    cover = _plain("\n".join(cells))
    assert f"C26/1-{LETTERS[language]}" in cover
    assert _plain(ORIGINAL_ENGLISH[language]) in cover
    assert _plain(composition.council.date) in cover
    html = generation.produce(composition, "html").content.decode()
    assert f"C26/1-{LETTERS[language]}" in html
    assert ORIGINAL_ENGLISH[language].split()[-1].split("：")[-1] in html


# -- the cycle report


def test_cycle_report_says_where_the_records_start_and_lists_outcomes(seed):
    submission = submit(seed)
    services.record_council_outcome(
        seed.personas.secretariat, submission, outcome="took_note", date="2026-05-06"
    )
    english = generation.cycle_composition(seed.group, 2022, 2026, "en", dt.date(2026, 6, 1))
    text = english.plain_text()
    assert "start at meeting 22" in text
    assert "held 2 meetings" not in text
    assert "Topic examined at meeting 22 (meeting 22)" in text
    assert "Meeting 23, decision 1:" in text
    assert "C26/1-E, agenda item 7 (16 March 2026): Council took note (6 May 2026)" in text
    assert [s.number for s in english.sections] == ["1", "2", "3", "4"]
    french = _plain(
        generation.cycle_composition(seed.group, 2022, 2026, "fr", dt.date(2026, 6, 1)).plain_text()
    )
    assert "commencent à la réunion 22" in french
    assert "le Conseil en a pris note" in french
    for language in ("es", "ru", "ar", "zh"):
        text = generation.cycle_composition(
            seed.group, 2022, 2026, language, dt.date(2026, 6, 1)
        ).plain_text()
        assert "22" in text and f"C26/1-{LETTERS[language]}" in text


def test_cycle_report_without_council_records_says_so(seed):
    text = generation.cycle_composition(
        seed.group, 2022, 2026, "en", dt.date(2026, 6, 1)
    ).plain_text()
    assert "No report is recorded as submitted to Council over the period." in text


# -- the group page and the command line


def test_group_page_shows_the_report_sent_to_council(seed, client):
    submission = submit(seed)
    url = reverse("groups:detail", args=[seed.group.slug])
    page = client.get(url).content.decode()
    assert "C26/1" in page and "not yet recorded" in page
    services.record_council_outcome(
        seed.personas.secretariat, submission, outcome="approved", date="2026-05-06"
    )
    page = client.get(url).content.decode()
    assert "C26/1" in page and "approved" in page


def test_command_records_a_session_submits_and_records_the_outcome(seed, tmp_path):
    out = io.StringIO()

    def council(*args):
        call_command("council", *args, stdout=out)

    council("session", "--code", "C26", "--start", "2026-04-28", "--end", "2026-05-08",
            "--venue", "Geneva", "--as", "secretariat")  # fmt: skip
    council("agenda-item", "--session", "C26", "--number", "7", "--title", "Reports",
            "--as", "secretariat")  # fmt: skip
    council("submit", "--group", "GTC-Internet", "--meetings", "22,23", "--session", "c26",
            "--agenda-item", "7", "--date", "2026-03-16", "--original", "fr",
            "--as", "secretariat")  # fmt: skip
    assert "submitted as C26/1" in out.getvalue()
    council("outcome", "--symbol", "C26/1-F", "--outcome", "took_note", "--date", "2026-05-06",
            "--as", "secretariat")  # fmt: skip
    council("list")
    assert "C26/1 cwg-internet meetings 22,23 took_note" in out.getvalue()
    path = tmp_path / "r.docx"
    call_command("report", "chair", "--group", "cwg-internet", "--meetings", "22,23",
                 "--lang", "es", "--out", str(path), stdout=out)  # fmt: skip
    text = _plain("\n".join(
        c.text for t in WordDocument(str(path)).tables for r in t.rows for c in r.cells
    ))  # fmt: skip
    assert "Documento C26/1-S" in text and "Original: francés" in text


@pytest.mark.parametrize(
    "args",
    [
        ("submit", "--group", "cwg-internet", "--meetings", "22,23", "--session", "C99",
         "--agenda-item", "7", "--date", "2026-03-16", "--as", "secretariat"),
        ("outcome", "--symbol", "nonsense", "--outcome", "took_note", "--date", "2026-05-06",
         "--as", "secretariat"),
        ("session", "--code", "C26", "--start", "2026-04-28", "--end", "2026-05-08",
         "--as", "nobody"),
        ("session", "--code", "C26", "--start", "28.4.2026", "--end", "2026-05-08",
         "--as", "secretariat"),
        ("session", "--code", "C26", "--start", "2026-04-28", "--end", "2026-05-08",
         "--as", "delegate"),
    ],
)  # fmt: skip
def test_command_refuses_bad_input_in_one_line(seed, args):
    with pytest.raises(CommandError) as caught:
        call_command("council", *args, stdout=io.StringIO())
    assert "\n" not in str(caught.value)
