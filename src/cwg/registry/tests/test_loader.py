"""The registry holds the 194 ITU Member States, each with a region and its basis."""

import csv
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cwg.core.models import AuditEvent
from cwg.registry import loader
from cwg.registry.models import MemberState, Region, RegionBasis
from cwg.registry.regions import EXCEPTIONS, SUBREGION_TO_REGION, derive_region

pytestmark = pytest.mark.django_db


def _published_counts() -> dict[str, int]:
    with open(loader.DATA_DIR / "regions.csv", encoding="utf-8") as handle:
        return {
            row["region"]: int(row["member_states_count_pre_sep2024"])
            for row in csv.DictReader(handle)
        }


def test_the_migration_loaded_194_states_each_with_a_region_and_basis():
    assert MemberState.objects.count() == 194
    assert not MemberState.objects.filter(region__isnull=True).exists()
    assert set(MemberState.objects.values_list("region_basis", flat=True)) == {
        RegionBasis.SOURCED,
        RegionBasis.DERIVED,
    }
    assert MemberState.objects.filter(region_basis=RegionBasis.SOURCED).count() == 73
    assert MemberState.objects.filter(region_basis=RegionBasis.DERIVED).count() == 121
    assert not MemberState.objects.filter(region_note="").exists()


def test_totals_per_region_match_itu_published_counts_and_palau_is_e():
    totals = Counter(MemberState.objects.values_list("region__code", flat=True))
    assert dict(totals) == {"A": 35, "B": 33, "C": 21, "D": 54, "E": 51}
    before_palau = Counter(
        MemberState.objects.exclude(iso3="PLW").values_list("region__code", flat=True)
    )
    assert (
        dict(before_palau)
        == _published_counts()
        == {
            "A": 35,
            "B": 33,
            "C": 21,
            "D": 54,
            "E": 50,
        }
    )
    assert MemberState.objects.get(iso3="PLW").region.code == "E"


def test_regions_have_names_in_six_languages_and_council_seats():
    regions = {r.code: r for r in Region.objects.all()}
    assert sorted(regions) == ["A", "B", "C", "D", "E"]
    assert {code: r.council_seats for code, r in regions.items()} == {
        "A": 9,
        "B": 8,
        "C": 5,
        "D": 13,
        "E": 13,
    }
    for region in regions.values():
        assert set(region.name) == {"ar", "zh", "en", "fr", "ru", "es"}
    assert regions["C"].name["fr"] == "Europe orientale et Asie septentrionale"


def test_every_state_is_named_in_the_six_un_languages():
    for state in MemberState.objects.all():
        assert set(state.names) == {"ar", "zh", "en", "fr", "ru", "es"}, state.iso3
        assert all(state.names.values()), state.iso3
    poland = MemberState.objects.get(iso3="POL")
    assert poland.names["fr"] == "Pologne"
    assert poland.names["ru"] == "Польша"
    assert poland.formal_names["en"] == "the Republic of Poland"
    assert (poland.iso2, poland.m49, poland.region.code) == ("PL", "616", "C")


def test_sourced_regions_keep_their_source_note():
    france = MemberState.objects.get(iso3="FRA")
    assert france.region_basis == RegionBasis.SOURCED
    assert "election" in france.region_note and "itu.int" in france.region_note
    ukraine = MemberState.objects.get(iso3="UKR")
    assert ukraine.region_basis == RegionBasis.SOURCED and "RCC" in ukraine.region_note
    angola = MemberState.objects.get(iso3="AGO")
    assert angola.region_basis == RegionBasis.DERIVED
    assert angola.region.code == "D" and "202" in angola.region_note
    albania = MemberState.objects.get(iso3="ALB")
    assert albania.region.code == "C" and "exception" in albania.region_note


def test_the_rule_gives_the_sourced_region_of_every_sourced_state():
    rows = loader.read_member_states()
    sourced = [r for r in rows if r["region_basis"] == "sourced"]
    assert len(sourced) == 73
    disagreements = [
        r["iso3"]
        for r in sourced
        if derive_region(r["iso3"], r["m49_subregion"])[0] != r["region_code"]
    ]
    assert disagreements == []


def test_the_rule_refuses_an_unknown_subregion_and_covers_each_exception():
    with pytest.raises(ValueError, match="999"):
        derive_region("XXX", "999")
    for iso3, (code, _) in EXCEPTIONS.items():
        assert derive_region(iso3, "151")[0] == code
    assert set(SUBREGION_TO_REGION.values()) == {"A", "B", "C", "D", "E"}


def test_loading_twice_changes_nothing():
    before = list(MemberState.objects.order_by("iso3").values())
    regions_before = list(Region.objects.order_by("code").values())
    result = loader.load_registry()
    assert (result.created, result.updated, result.unchanged, result.regions_written) == (
        0,
        0,
        194,
        0,
    )
    result = loader.load_registry()
    assert result.changes == 0
    assert list(MemberState.objects.order_by("iso3").values()) == before
    assert list(Region.objects.order_by("code").values()) == regions_before


def test_the_command_repairs_a_changed_state_and_records_it_once(capsys):
    MemberState.objects.filter(iso3="KEN").update(names={"en": "wrong"})
    events = AuditEvent.objects.count()
    call_command("load_registry")
    assert "1 updated" in capsys.readouterr().out
    assert MemberState.objects.get(iso3="KEN").names["en"] == "Kenya"
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.order_by("-id").first().action == "registry.loaded"
    call_command("load_registry")
    assert "0 created, 0 updated, 194 unchanged" in capsys.readouterr().out
    assert AuditEvent.objects.count() == events + 1


def test_data_with_wrong_totals_is_refused(monkeypatch):
    rows = loader.read_member_states()
    rows[0]["region_code"] = "B" if rows[0]["region_code"] != "B" else "A"
    with pytest.raises(ValueError, match="published counts"):
        loader.check_totals(rows)
    monkeypatch.setattr(loader, "read_member_states", lambda: rows)
    with pytest.raises(CommandError, match="published counts"):
        call_command("load_registry")
