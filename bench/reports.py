"""Time the Chair's report in DOCX, PDF and HTML, per language, over 4 meetings and 40 documents.

Builds its own temporary SQLite database (migrated, then filled with CWG-Internet-like records:
4 meetings, 40 documents of which 36 contributions, an approved report per meeting, one
consultation and one decision per meeting), then times, for each of the six languages:

- facts: gathering the records (the database reads);
- compose: writing the text in the language;
- html, pdf, docx: producing the file from the composed text.

Floors measured in the same run, for scale: WeasyPrint printing a one-line HTML page in the
same fonts, and python-docx saving a one-paragraph document.

    uv run python bench/reports.py              # 5 runs per measure, median shown
    uv run python bench/reports.py --runs 11
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

LANGUAGES = ["fr", "en", "es", "ru", "ar", "zh"]


def median_ms(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build_records():
    """4 meetings (22 to 25) and 40 documents: 4 reports and 36 contributions."""
    import datetime as dt

    from cwg.consultations.models import Consultation
    from cwg.decisions.models import Decision
    from cwg.documents.models import DocumentType, MeetingReport, ReportState
    from cwg.reports.tests.records import DECISION, NOTED, build_seed
    from cwg.testing.factories import DocumentFactory, MeetingFactory

    seed = build_seed(contributions=9)
    meetings = dict(seed.meetings)
    for number, (start, end) in {
        24: (dt.date(2026, 4, 20), dt.date(2026, 4, 22)),
        25: (dt.date(2026, 9, 30), dt.date(2026, 10, 2)),
    }.items():
        meeting = MeetingFactory(
            group=seed.group,
            number=number,
            start_date=start,
            end_date=end,
            venue=seed.venue,
            status="held",
        )
        meetings[number] = meeting
        report = DocumentFactory(meeting=meeting, document_type=DocumentType.MEETING_REPORT)
        MeetingReport.objects.create(
            meeting=meeting, document=report, state=ReportState.APPROVED, approved_on=end
        )
        Consultation.objects.create(
            group=seed.group,
            slug=f"bench-consultation-{number}",
            topic={"en": "topic"},
            state="examined",
            examined_at_meeting=meeting,
        )
        Decision.objects.create(
            meeting=meeting,
            number=1,
            status="approved",
            noted=NOTED,
            text=DECISION,
            addressee_kind="secretariat",
        )
    for number in (23, 24, 25):
        for _ in range(9):
            DocumentFactory(meeting=meetings[number], document_type=DocumentType.CONTRIBUTION)
    from cwg.documents.models import Document

    assert Document.objects.filter(group=seed.group).count() == 40
    return seed.group


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="cwg-bench-reports-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["CWG_MEDIA_ROOT"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwg.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    from cwg.reports.compose import compose
    from cwg.reports.facts import chair_report_facts
    from cwg.reports.outputs import render
    from cwg.reports.tests.records import ISSUED_ON

    group = build_records()
    numbers = [22, 23, 24, 25]
    issued_on = ISSUED_ON.replace(year=2026, month=11, day=27)

    # Warm up (font discovery, template loading) so the first language is not penalised.
    facts = chair_report_facts(group, numbers, issued_on)
    render(compose(facts, "fr"), "pdf")

    from weasyprint import HTML

    def pdf_floor():
        HTML(string="<p style=\"font-family: 'Noto Sans'\">Rapport</p>").write_pdf()

    def docx_floor():
        from docx import Document

        document = Document()
        document.add_paragraph("Rapport")
        document.save(io.BytesIO())

    floors = {"pdf": median_ms(pdf_floor, args.runs), "docx": median_ms(docx_floor, args.runs)}

    connection.queries_log.clear()
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        chair_report_facts(group, numbers, issued_on)
    facts_ms = median_ms(lambda: chair_report_facts(group, numbers, issued_on), args.runs)

    print(f"Chair's report over 4 meetings and 40 documents; median of {args.runs} runs, ms")
    print(f"facts (database reads): {facts_ms:.1f} ms in {len(captured)} queries")
    header = f"{'lang':<5}{'compose':>9}{'html':>9}{'pdf':>9}{'docx':>9}{'pages':>7}{'pdf KB':>8}{'docx KB':>9}"
    print(header)
    for language in LANGUAGES:
        composition = compose(facts, language)
        pdf_bytes = render(composition, "pdf")
        docx_bytes = render(composition, "docx")
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(pdf_bytes)).pages)
        row = [
            median_ms(lambda language=language: compose(facts, language), args.runs),
            median_ms(lambda c=composition: render(c, "html"), args.runs),
            median_ms(lambda c=composition: render(c, "pdf"), args.runs),
            median_ms(lambda c=composition: render(c, "docx"), args.runs),
        ]
        print(
            f"{language:<5}"
            + "".join(f"{value:>9.1f}" for value in row)
            + f"{pages:>7}{len(pdf_bytes) / 1024:>8.0f}{len(docx_bytes) / 1024:>9.0f}"
        )
    print(
        f"floor{'':>9}{'':>9}{floors['pdf']:>9.1f}{floors['docx']:>9.1f}"
        "   (one-line PDF by WeasyPrint; one-paragraph DOCX by python-docx)"
    )

    import shutil

    soffice = shutil.which("soffice")
    if soffice:
        import subprocess

        source = Path(folder) / "report-fr.docx"
        source.write_bytes(render(compose(facts, "fr"), "docx"))
        start = time.perf_counter()
        result = subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
            capture_output=True,
            timeout=180,
            env={**os.environ, "HOME": folder},
        )
        converted = (Path(folder) / "report-fr.pdf").exists()
        print(
            f"LibreOffice opened the DOCX and printed it to PDF: {'yes' if converted else 'NO'} "
            f"({(time.perf_counter() - start) * 1000:.0f} ms, exit {result.returncode})"
        )
    else:
        print("LibreOffice not installed: DOCX not opened in it")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
