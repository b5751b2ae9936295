"""A text agreed by the group, annexed to its reports with its marks: the secretariat's choice
through the service, the page, the API and the command line; a text not agreed is refused."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cwg.core.exceptions import InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.drafting import services as drafting_services
from cwg.groups.models import Visibility
from cwg.reports import generation, services
from cwg.reports.language.typography import plain
from cwg.reports.models import ReportAnnex
from cwg.testing.drafting import agreed_revision, sample_text, two_states

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(seed):
    text = sample_text(seed.personas, group=seed.group)
    agreed_revision(seed.personas, text, seed.meetings[23])  # agreed at a meeting of the seed
    return text


@pytest.fixture
def draft(seed):
    """A text whose only revision is still the chair's draft."""
    text = sample_text(seed.personas, slug="res-998", group=seed.group)
    fra, _ = two_states(seed.personas, text)
    drafting_services.build_revision(
        seed.personas.chair, text, accept=[p.pk for p in fra.proposals.all()]
    )
    return text


def chair_report(seed, language="en", file_format="html", **options):
    composition = generation.chair_composition(seed.group, "22,23", language, **options)
    return generation.produce(composition, file_format)


def test_the_annex_carries_the_agreed_text_with_its_marks_in_every_format(seed, agreed):
    services.annex_text(seed.personas.secretariat, seed.group, "chair", agreed.slug)
    html = chair_report(seed).content.decode()
    assert "Annex 1" in html and "Rev.1, as agreed by the group" in html
    assert (
        '<span class="mark">MOD</span> considering a) that the network '
        "<del>grows;</del><ins>grows fast;</ins>"
    ) in html
    assert '<span class="mark">SUP</span> resolves 2 <del>b) in six languages,</del>' in html
    assert '<span class="mark">ADD</span> resolves <ins>3 to publish its results;</ins>' in html
    docx = chair_report(seed, file_format="docx").content
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert "<w:u " in xml and "<w:strike/>" in xml and "Annex 1" in xml
    assert "w:pageBreakBefore" in xml
    pdf = chair_report(seed, file_format="pdf").content
    assert pdf.startswith(b"%PDF")
    # The Chair's report only: the report to the Plenipotentiary Conference is chosen apart.
    cycle = generation.cycle_composition(seed.group, 2025, 2026, "en")
    assert cycle.annexes == []


def test_the_annex_speaks_the_reports_language(seed, agreed):
    services.annex_text(seed.personas.secretariat, seed.group, "cycle", agreed.slug)
    french = generation.cycle_composition(seed.group, 2025, 2026, "fr")
    lines = plain(french.plain_text())
    assert "Annexe 1" in lines and "Rév.1, telle qu'approuvée par le groupe" in lines
    # Agreed in English only: the French report says so, in French.
    assert "Texte approuvé en anglais seulement." in lines
    arabic = generation.produce(generation.cycle_composition(seed.group, 2025, 2026, "ar"), "html")
    assert "الملحق 1" in plain(arabic.content.decode())


def test_only_an_agreed_text_is_annexed(seed, draft):
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.annex_text(seed.personas.secretariat, seed.group, "chair", draft.slug)
    assert refused.value.field == "text"
    assert "no revision agreed by the group" in refused.value.message
    with pytest.raises(InvalidInput) as unknown:
        services.annex_text(seed.personas.secretariat, seed.group, "chair", "no-such-text")
    assert unknown.value.field == "text"
    with pytest.raises(InvalidInput) as kind:
        services.annex_text(seed.personas.secretariat, seed.group, "minutes", draft.slug)
    assert kind.value.field == "kind"
    assert not ReportAnnex.objects.exists() and AuditEvent.objects.count() == before


def test_a_members_only_text_is_never_annexed_to_a_public_report(seed, agreed, tmp_path):
    agreed.access_level = "members"
    agreed.save(update_fields=["access_level"])
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.annex_text(seed.personas.secretariat, seed.group, "chair", agreed.slug)
    assert refused.value.field == "text" and "members only" in refused.value.message
    assert not ReportAnnex.objects.exists() and AuditEvent.objects.count() == before
    # Annexed while public, then restricted: the report, written later, refuses to carry it.
    agreed.access_level = "inherit"
    agreed.save(update_fields=["access_level"])
    services.annex_text(seed.personas.secretariat, seed.group, "chair", agreed.slug)
    agreed.access_level = "members"
    agreed.save(update_fields=["access_level"])
    with pytest.raises(InvalidInput):
        chair_report(seed)


def test_only_the_secretariat_chooses_annexes_and_it_is_audited(seed, agreed):
    for person in (seed.personas.chair, seed.personas.delegate):
        with pytest.raises(NotAllowed):
            services.annex_text(person, seed.group, "chair", agreed.slug)
    annex = services.annex_text(seed.personas.secretariat, seed.group, "chair", agreed.slug)
    event = AuditEvent.objects.filter(action="report_annex.added").get()
    assert event.after == {"kind": "chair", "text": agreed.slug}
    with pytest.raises(NotAllowed):
        services.remove_annex(seed.personas.chair, seed.group, "chair", agreed.slug)
    services.remove_annex(seed.personas.secretariat, seed.group, "chair", agreed.slug)
    assert not ReportAnnex.objects.filter(pk=annex.pk).exists()
    assert AuditEvent.objects.filter(action="report_annex.removed").count() == 1


def test_the_command_annexes_a_text_to_one_file(seed, agreed, draft, tmp_path):
    out = tmp_path / "cycle.html"
    arguments = ["report", "cycle", "--group", "cwg-internet", "--from", "2025", "--to", "2026"]
    call_command(
        *arguments, "--format", "html", "--out", str(out), "--annex-text", agreed.slug,
        stdout=io.StringIO(),
    )  # fmt: skip
    assert "Annex 1" in out.read_text()
    assert not ReportAnnex.objects.exists()  # for this file only
    refused = tmp_path / "refused.html"
    with pytest.raises(CommandError, match="only an agreed text can be annexed"):
        call_command(
            *arguments, "--out", str(refused), "--annex-text", draft.slug, stdout=io.StringIO()
        )
    assert not refused.exists()


def test_the_api_annexes_lists_and_removes(seed, agreed, draft, client):
    url = f"/api/v1/reports/annexes/{seed.group.slug}"
    body = {"kind": "chair", "text": agreed.slug}
    assert client.post(url, body, content_type="application/json").status_code == 401
    client.force_login(seed.personas.chair)
    assert client.post(url, body, content_type="application/json").status_code == 403
    assert client.get(url).status_code == 200  # the chair drafts the reports: sees the list
    client.force_login(seed.personas.secretariat)
    refused = client.post(url, {**body, "text": draft.slug}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == "text"
    assert "only an agreed text" in refused.json()["detail"]
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["text"] == agreed.slug
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 409
    assert [a["text"] for a in client.get(url).json()] == [agreed.slug]
    assert client.delete(f"{url}/chair/{agreed.slug}").status_code == 204
    assert client.delete(f"{url}/chair/{agreed.slug}").status_code == 400
    assert client.get(url).json() == []


def test_the_page_lets_the_secretariat_choose(seed, agreed, draft, client):
    url = reverse("reports:annexes", args=[seed.group.slug])
    client.force_login(seed.personas.chair)
    assert client.get(url).status_code == 403
    client.force_login(seed.personas.secretariat)
    assert (
        reverse("reports:annexes", args=[seed.group.slug]).encode()
        in client.get(reverse("reports:request")).content
    )
    page = client.post(url, {"kind": "chair", "text": draft.slug})
    assert page.status_code == 400
    assert "only an agreed text" in str(page.context["form"].errors["text"])
    assert client.post(url, {"kind": "cycle", "text": agreed.slug}).status_code == 302
    assert b"Resolution 999" in client.get(url).content
    remove = reverse("reports:remove_annex", args=[seed.group.slug])
    assert client.post(remove, {"kind": "cycle", "text": agreed.slug}).status_code == 302
    assert not ReportAnnex.objects.exists()
    # A members-only group does not exist for an outsider.
    seed.group.visibility = Visibility.MEMBERS
    seed.group.save()
    client.force_login(seed.personas.stakeholder)
    assert client.get(url).status_code == 404
    assert client.post(remove, {"kind": "cycle", "text": agreed.slug}).status_code == 404
