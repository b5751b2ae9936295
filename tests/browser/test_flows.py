"""The walks of the acceptance: a stakeholder answers a consultation, a delegate submits a
contribution, the secretariat approves a meeting report and generates the Chair's report."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_stakeholder_answers_a_consultation_and_gets_a_receipt(visit, scenario):
    page = visit.page
    visit.go("/en/")
    page.get_by_role("link", name=re.compile("Expanding Internet connectivity")).click()
    expect(page.locator("h1")).to_contain_text("Expanding Internet connectivity")
    expect(page.locator("main")).to_contain_text("main barriers to meaningful connectivity")
    visit.shoot("consultation-en")
    visit.assert_accessible()

    page.get_by_role("link", name=re.compile("Respond", re.I)).first.click()
    expect(page.locator("h1")).to_have_text("Respond to the consultation")
    visit.assert_accessible()
    # Sent empty, the form says what is missing next to each field.
    page.wait_for_timeout(1100)  # a person takes more than a second; faster is refused as a bot
    page.get_by_role("button", name="Send my response").click()
    expect(page.locator("#id_name_error")).to_be_visible()
    visit.shoot("consultation-form-errors")
    visit.assert_accessible()

    page.get_by_label(re.compile(r"^Your name")).fill("Amara Okafor")
    page.get_by_label(re.compile(r"^Organisation")).fill("Lagos Digital Rights Initiative")
    page.get_by_label(re.compile(r"^Stakeholder category")).select_option("civil_society")
    page.locator("#id_country").select_option(label="Nigeria")
    page.get_by_label(re.compile(r"^Language of your response")).select_option("en")
    page.get_by_label(re.compile("^Question 1")).fill(
        "The cost of devices and data, and the lack of local content."
    )
    page.get_by_label(re.compile("^Question 2")).fill(
        "Open access to backbone infrastructure and universal service funds."
    )
    page.get_by_label(re.compile("I agree that my response is published")).check()
    visit.shoot("consultation-form-filled")
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Send my response").click()

    expect(page.locator("h1")).to_have_text("Your response was received")
    receipt = page.locator(".receipt-number").inner_text().strip()
    assert len(receipt) >= 6, receipt
    visit.shoot("consultation-receipt")
    visit.assert_accessible()

    from cwg.consultations.models import Submission

    stored = Submission.objects.get(receipt=receipt)
    assert stored.name == "Amara Okafor"
    assert stored.consent_to_publication is True


def test_a_delegate_submits_a_contribution(visit, scenario, tmp_path):
    page = visit.page
    visit.sign_in("delegate", PASSWORD)
    visit.go("/en/groups/cwg-internet/")
    page.get_by_role("link", name="Submit a contribution to meeting 23").click()
    expect(page.locator("h1")).to_have_text("Submit a contribution")
    visit.shoot("contribution-form")
    visit.assert_accessible()

    contribution = tmp_path / "france-connectivity.txt"
    contribution.write_text(
        "Contribution de la France : connectivité utile et accès abordable.", encoding="utf-8"
    )
    page.get_by_label("Title", exact=False).first.fill("Meaningful connectivity in rural areas")
    page.locator("input[type=file]").set_input_files(str(contribution))
    page.locator("main form button[type=submit]").click()

    expect(page.locator("main")).to_contain_text("Meaningful connectivity in rural areas")
    expect(page.locator("main")).to_contain_text("CWG-INTERNET-23/")
    visit.shoot("contribution-document")
    visit.assert_accessible()

    from cwg.documents.models import Document

    document = Document.objects.get(meeting=scenario.next_meeting)
    assert document.submitted_by == scenario.personas.delegate
    assert list(document.source_states.all()) == [scenario.personas.state]


def test_the_secretariat_approves_a_report_and_generates_the_chairs_report(visit, scenario):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cwg.documents.models import MeetingReport, ReportState
    from cwg.documents.services import reports as report_services

    secretariat = scenario.personas.secretariat
    report = report_services.create_report(
        secretariat,
        scenario.earlier_meeting,
        title={"en": "Report of the twenty-first meeting"},
        file=SimpleUploadedFile("report.txt", b"Report of meeting 21", content_type="text/plain"),
    )
    report_services.change_state(secretariat, report, ReportState.CIRCULATED)

    page = visit.page
    visit.sign_in("secretariat", PASSWORD)
    page.get_by_role("link", name="Workspace").click()
    workspace_report = page.get_by_role("link", name=re.compile("CWG-INTERNET-21"))
    expect(workspace_report).to_be_visible()
    workspace_report.click()
    expect(page.locator("h1")).to_have_text("Report of meeting 21")
    visit.shoot("report-approval")
    visit.assert_accessible()

    # Approving without naming the meeting is refused, with the reason next to the field.
    page.get_by_label(re.compile("^New state")).select_option("approved")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_approved_at_meeting_error")).to_be_visible()
    visit.shoot("report-approval-error")
    # The report of meeting 21 is approved at meeting 22, on its last day.
    held = scenario.held_meeting
    page.get_by_label(re.compile("^New state")).select_option("approved")
    page.get_by_label(re.compile("^Approved at meeting")).select_option(str(held.pk))
    page.get_by_label(re.compile("^Date of approval")).fill(held.end_date.isoformat())
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
    visit.shoot("report-approved")

    page.get_by_role("link", name="Workspace").click()
    page.get_by_role("link", name=re.compile("Chair's report of CWG-Internet")).click()
    visit.shoot("chair-report-form")
    visit.assert_accessible()
    # Meeting 22 has no report yet: the page says what the records lack.
    page.get_by_label(re.compile("^Meetings")).fill("21,22")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("meeting 22 has no meeting report")
    visit.shoot("chair-report-refused")
    visit.assert_accessible()
    page.get_by_label(re.compile("^Meetings")).fill("21")
    with page.expect_download() as download_info:
        page.locator("main form button[type=submit]").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx"), download.suggested_filename
    assert MeetingReport.objects.get(pk=report.pk).state == ReportState.APPROVED


def test_a_stakeholder_answers_in_arabic_right_to_left(visit, scenario):
    page = visit.page
    visit.go("/ar/")
    page.get_by_role("link", name="توسيع نطاق التوصيلية بالإنترنت").click()
    page.get_by_role("link", name="الرد على هذه المشاورة").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("الرد على المشاورة")
    expect(page.locator("label[for=id_name]")).to_contain_text("اسمك")
    page.locator("#id_name").fill("ليلى حداد")
    page.locator("#id_category").select_option(label="الأوساط الأكاديمية")  # academia
    page.locator("#id_country").select_option(label="مصر")  # Egypt, named in Arabic
    page.locator("#id_language").select_option("ar")
    page.locator("textarea").first.fill("تكلفة الأجهزة والبيانات هي العائق الرئيسي.")
    visit.shoot("consultation-form-ar")
    visit.assert_accessible()
    page.wait_for_timeout(1100)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("تم استلام ردك")
    expect(page.locator("main")).to_contain_text("رقم إشعار الاستلام")
    visit.shoot("consultation-receipt-ar")
    visit.assert_accessible()
