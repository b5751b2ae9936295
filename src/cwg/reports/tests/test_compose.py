"""The report's text comes from the records, in correct French and English."""

import datetime as dt

import pytest

from cwg.documents.models import DocumentType, ReportState
from cwg.registry.models import Membership, Role
from cwg.reports.compose import ReportStyle, compose
from cwg.reports.errors import ReportIncomplete
from cwg.reports.facts import chair_report_facts, cycle_report_facts
from cwg.reports.language.typography import plain
from cwg.reports.tests.records import ISSUED_ON
from cwg.reports.tests.seed_text import seed_paragraphs
from cwg.testing.factories import CoverSheetFactory

pytestmark = pytest.mark.django_db


def chair(group, numbers=(22, 23), language="fr"):
    return compose(chair_report_facts(group, list(numbers), ISSUED_ON), language)


def paragraphs(report) -> dict[str, str]:
    """The wording of each paragraph and cover field (typography is tested on its own)."""
    found = {p.number: plain(p.text) for s in report.sections for p in s.paragraphs}
    found.update({item.key: plain(item.text) for item in report.cover})
    return found


def test_french_report_says_what_the_seed_says(seed):
    report = chair(seed.group)
    ours, theirs = paragraphs(report), seed_paragraphs()
    assert plain(report.top_line) == theirs["top_line"]
    assert plain(report.title) == theirs["title"]
    assert ours["purpose"] == theirs["Objet"]
    assert ours["action"] == theirs["Suite à donner par le Conseil"]
    assert ours["strategic"] == theirs["Liens pertinents avec le plan stratégique"]
    assert ours["financial"] == theirs["Incidences financières"]
    assert ours["references"] == theirs["Références"]
    assert ours["1.2"] == theirs["1.2"]
    assert ours["1.3"] == theirs["1.3"]
    # The seed writes "réunion" where the plural is due; the report agrees in number.
    assert ours["2.1"] == theirs["2.1"].replace("troisième réunion ", "troisième réunions ")
    assert ours["2.2"] == theirs["2.2"]
    assert ours["3.1"] == theirs["3.1"]
    assert [plain(line) for line in report.signature] == [
        theirs["signature"],
        theirs["chair_title"],
    ]
    assert [(s.number, plain(s.heading)) for s in report.sections] == [
        ("1", "Introduction"),
        ("2", "Activités du GTC-Internet"),
        ("3", "Conclusion"),
    ]
    assert ours["1.1"] == theirs["1.1"]
    assert ours["2.3"] == (
        "À sa vingt-deuxième réunion, le groupe a examiné les résultats de la consultation "
        "ouverte ainsi que les contributions soumises par les membres."
    )
    assert ours["2.4"] == (
        "À sa vingt-troisième réunion, le groupe a examiné les résultats de la consultation "
        "ouverte et a approuvé la mesure suivante:"
    )
    quote = [plain(q) for q in report.sections[1].paragraphs[3].quotes]
    assert quote == [
        "Les membres ont noté que le document issu du SMSI+20 est un cadre large. "
        "Le GTC-Internet a demandé au Secrétariat de contribuer à l'analyse des lacunes."
    ]
    assert "pendant les vingt-deuxième et vingt-troisième réunions du GTC-Internet" in ours["3.2"]


def test_english_report(seed):
    report = chair(seed.group, language="en")
    ours = paragraphs(report)
    assert report.title == (
        "REPORT ON THE OUTCOMES OF THE 22nd AND 23rd MEETINGS OF THE COUNCIL WORKING GROUP ON "
        "INTERNATIONAL INTERNET-RELATED PUBLIC POLICY ISSUES"
    )
    assert ours["purpose"].startswith(
        "This report summarizes the main outcomes of the twenty-second and twenty-third "
        "meetings of the Council Working Group on International Internet-related Public Policy "
        "Issues (CWG-Internet), held on 15 and 16 September 2025 and on 20 January 2026 "
        "respectively, in accordance with Resolutions 102 (Rev. Bucharest, 2022) and 140 (Rev. "
        "Bucharest, 2022) of the Plenipotentiary Conference, as well as "
    )
    assert ours["action"] == "The Council is invited to take note of this report."
    assert ours["2.1"] == (
        "CWG-Internet held its twenty-second and twenty-third meetings on 15 and 16 September "
        "2025 and on 20 January 2026 respectively, at ITU headquarters in Geneva (Switzerland)."
    )
    assert ours["2.2"] == (
        "The reports of the twenty-second and twenty-third meetings were approved by the group."
    )
    assert ours["2.4"] == (
        "At its twenty-third meeting, the group examined the results of the open consultation "
        "and approved the following measure:"
    )
    assert [plain(line) for line in report.signature] == [
        "Wojciech Berezowski (Poland)",
        "Chair of CWG-Internet",
    ]
    assert report.symbol == "CWG-INTERNET/CHAIR/22-23-E"
    assert report.issued == "2 March 2026"


def test_one_meeting_is_singular(seed):
    ours = paragraphs(chair(seed.group, numbers=[23]))
    assert ours["purpose"].startswith(
        "Le présent rapport récapitule les principaux résultats de la vingt-troisième réunion "
        "du Groupe"
    )
    assert "(GTC-Internet), tenue le 20 janvier 2026, conformément" in ours["purpose"]
    assert ours["2.1"] == (
        "Le GTC-Internet a tenu sa vingt-troisième réunion le 20 janvier 2026, au siège de "
        "l'UIT à Genève (Suisse)."
    )
    assert ours["2.2"] == ("Le rapport de la vingt-troisième réunion a été approuvé par le groupe.")


def test_changing_the_records_changes_the_report(seed):
    before = chair(seed.group).plain_text()
    meeting = seed.meetings[23]
    meeting.start_date, meeting.end_date = dt.date(2026, 1, 21), dt.date(2026, 1, 23)
    meeting.save()
    seed.decision.text = {**seed.decision.text, "fr": "Le groupe a décidé autre chose."}
    seed.decision.save()
    from cwg.documents.models import Document

    Document.objects.filter(
        meeting=seed.meetings[22], document_type=DocumentType.CONTRIBUTION
    ).first().delete()
    after = plain(chair(seed.group).plain_text())
    assert after != before
    assert "les 15 et 16 septembre 2025 et du 21 au 23 janvier 2026" in after
    assert "le 20 janvier 2026" not in after
    assert "Le groupe a décidé autre chose." in after
    assert "analyse des lacunes" not in after
    assert "les contributions soumises par les membres" in after
    # Counts only when the report style asks for them.
    counted = compose(
        chair_report_facts(seed.group, [22, 23], ISSUED_ON),
        "fr",
        ReportStyle(count_contributions=True),
    )
    assert "les 2 contributions soumises par les membres" in plain(counted.plain_text())


def test_cover_sheet_settings_replace_the_defaults(seed):
    CoverSheetFactory(
        group=seed.group,
        financial_implications={"fr": "Aucune au-delà du budget {years}."},
        chair_title={"fr": "Présidente du GTC-Internet"},
        document_symbol="C26/35",
    )
    report = chair(seed.group)
    assert paragraphs(report)["financial"] == "Aucune au-delà du budget 2025-2026."
    assert plain(report.signature[1]) == "Présidente du GTC-Internet"
    assert report.symbol == "C26/35-F"
    # A language the sheet does not set keeps its default wording.
    assert plain(chair(seed.group, language="en").signature[1]) == "Chair of CWG-Internet"


def test_missing_records_are_all_named_and_nothing_is_written(seed):
    report = seed.meetings[23].report
    report.state = ReportState.DRAFT
    report.save()
    Membership.objects.filter(group=seed.group, role=Role.CHAIR).delete()
    seed.meetings[22].venue = None
    seed.meetings[22].save()
    with pytest.raises(ReportIncomplete) as raised:
        chair_report_facts(seed.group, [22, 23], ISSUED_ON)
    gaps = raised.value.gaps
    assert "the report of meeting 23 is not approved (it is Draft)" in gaps
    assert "meeting 22 has no venue" in gaps
    assert any("has no chair" in gap for gap in gaps)
    assert len(gaps) == 3
    assert raised.value.status_code == 409
    assert "3 facts are missing" in raised.value.message


def test_a_meeting_without_a_report_and_a_missing_translation(seed):
    seed.meetings[22].report.delete()
    with pytest.raises(ReportIncomplete, match="meeting 22 has no meeting report"):
        chair_report_facts(seed.group, [22, 23], ISSUED_ON)
    seed.decision.text = {"en": "Only in English."}
    seed.decision.noted = {}
    seed.decision.save()
    facts = chair_report_facts(seed.group, [23], ISSUED_ON)
    assert "Only in English." in compose(facts, "en").plain_text()
    with pytest.raises(ReportIncomplete) as raised:
        compose(facts, "fr")
    assert raised.value.gaps == ["the fr text of decision 1 of meeting 23 is missing"]


def test_a_meeting_still_to_come_cannot_be_reported(seed):
    with pytest.raises(ReportIncomplete, match="meeting 23 has not taken place yet"):
        chair_report_facts(seed.group, [22, 23], dt.date(2026, 1, 10))


def test_facts_are_gathered_in_a_few_queries(seed, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        chair_report_facts(seed.group, [22, 23], ISSUED_ON)


def test_cycle_roll_up(seed):
    facts = cycle_report_facts(seed.group, 2022, 2026, ISSUED_ON)
    report = compose(facts, "fr")
    ours = paragraphs(report)
    assert plain(report.top_line) == (
        "Rapport du Président du GTC-Internet à la Conférence de plénipotentiaires"
    )
    assert report.cover[1].label == "Suite à donner par la Conférence de plénipotentiaires"
    assert ours["2.1"] == "De 2022 à 2026, le GTC-Internet a tenu 2 réunions:"
    bullets = [plain(bullet) for bullet in report.sections[1].paragraphs[0].bullets]
    assert bullets == [
        "vingt-deuxième réunion: les 15 et 16 septembre 2025, au siège de l'UIT à Genève (Suisse);",
        "vingt-troisième réunion: le 20 janvier 2026, au siège de l'UIT à Genève (Suisse);",
    ]
    assert report.symbol == "CWG-INTERNET/PP/2022-2026-F"
    with pytest.raises(ReportIncomplete, match="held no meeting from 2010 to 2012"):
        cycle_report_facts(seed.group, 2010, 2012, ISSUED_ON)


@pytest.mark.parametrize("language", ["es", "ru", "ar", "zh"])
def test_other_languages_carry_the_same_facts(seed, language):
    report = chair(seed.group, language=language)
    text = plain(report.plain_text())
    expected = {
        "es": ["vigésima segunda", "15 y 16 de septiembre de 2025", "Polonia", "Rev. Bucarest"],
        "ru": ["двадцать второе", "15 и 16 сентября 2025 года", "Польша", "Пересм. Бухарест"],
        "ar": ["الثاني والعشرين", "يومي 15 و16 سبتمبر 2025", "بولندا", "بوخارست"],
        "zh": ["第二十二次", "2025年9月15日至16日", "波兰", "布加勒斯特"],
    }[language]
    for fact in expected:
        assert fact in text
    assert "Le GTC-Internet" not in text and "Council" not in text
    assert report.rtl == (language == "ar")


def test_meetings_in_different_places(seed):
    from cwg.meetings.models import Venue

    seed.meetings[23].venue = Venue.objects.create(name={"en": "online"}, city={}, is_virtual=True)
    seed.meetings[23].save()
    assert paragraphs(chair(seed.group))["2.1"] == (
        "Le GTC-Internet a tenu ses vingt-deuxième et vingt-troisième réunions respectivement "
        "les 15 et 16 septembre 2025 au siège de l'UIT à Genève (Suisse) et le 20 janvier 2026 "
        "en ligne."
    )
    assert paragraphs(chair(seed.group, language="en"))["2.1"].startswith(
        "CWG-Internet held its twenty-second and twenty-third meetings on 15 and 16 September "
        "2025 at ITU headquarters in Geneva (Switzerland) and on 20 January 2026 online"
    )


def test_legal_basis_and_chair_country_gaps(seed):
    from cwg.groups.models import GroupResolution

    GroupResolution.objects.filter(group=seed.group, role__in=["establishes", "mandate"]).delete()
    Membership.objects.filter(group=seed.group, role=Role.CHAIR).update(member_state=None)
    person = seed.personas.chair
    person.country = None
    person.save()
    with pytest.raises(ReportIncomplete) as raised:
        chair_report_facts(seed.group, [22, 23], ISSUED_ON)
    assert raised.value.gaps == [
        "no resolution is recorded as establishing CWG-Internet",
        "no resolution is recorded as defining the mandate of CWG-Internet",
        "the chair Wojciech Berezowski has no country (set the Member State of the chair's "
        "membership)",
    ]


def test_topics_of_the_consultations_are_named_when_asked(seed):
    facts = chair_report_facts(seed.group, [22, 23], ISSUED_ON)
    assert "Topic examined" not in compose(facts, "en").plain_text()
    named = plain(compose(facts, "en", ReportStyle(consultation_topics=True)).plain_text())
    assert "the open consultation (“Topic examined at meeting 22”)" in named
    # A topic without a French text is kept as recorded rather than left out.
    french = plain(compose(facts, "fr", ReportStyle(consultation_topics=True)).plain_text())
    assert "consultation ouverte («Topic examined at meeting 22»)" in french
