"""Loading the 194 ITU Member States and the five regions from the data kept in the repo.

The same `load_registry` runs in the data migration (with historical models) and in
`cwg load-registry`. It only writes what differs, so loading twice changes nothing.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as django_apps

from cwg.registry.regions import (
    COUNTS_BEFORE_PALAU,
    PALAU_REGION,
    REGION_NAMES,
    derive_region,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
UN_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
SOURCED_BASES = {"verified_council_or_rrb_election", "inferred_rcc_member_region_C"}


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    regions_written: int = 0
    changed: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.regions_written


def read_regions(path: Path | None = None) -> list[dict]:
    rows = []
    with open(path or DATA_DIR / "regions.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["region"].strip()
            rows.append(
                {
                    "code": code,
                    "name": REGION_NAMES[code],
                    "council_seats": int(row["council_seats_2019_2026"]),
                    "count_before_palau": int(row["member_states_count_pre_sep2024"]),
                }
            )
    return rows


def cldr_names(iso2: str) -> dict[str, str]:
    """The State's short name in the six UN languages, from Babel's CLDR data."""
    from babel import Locale

    names = {}
    for language in UN_LANGUAGES:
        name = Locale.parse(language).territories.get(iso2)
        if name:
            names[language] = name
    return names


def _source_note(basis: str, sources: str) -> str:
    if basis == "inferred_rcc_member_region_C":
        lead = "Sourced: member of the RCC, whose members sit in ITU Region C"
    else:
        lead = "Sourced: listed under this region in an ITU Council or RRB election result"
    return f"{lead}. Sources: {sources.strip()}" if sources.strip() else lead + "."


def read_member_states(path: Path | None = None) -> list[dict]:
    """The Member States as they should be stored, with each region sourced or derived."""
    records = []
    with open(path or DATA_DIR / "member_states.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            iso3 = row["iso3"].strip()
            basis_in_data = row["itu_region_basis"].strip()
            if row["itu_region"].strip() and basis_in_data in SOURCED_BASES:
                region = row["itu_region"].strip()
                basis = "sourced"
                note = _source_note(basis_in_data, row["itu_region_sources"])
            else:
                region, note = derive_region(iso3, row["m49_subregion"].strip())
                basis = "derived"
            names = cldr_names(row["iso2"].strip())
            for language in UN_LANGUAGES:
                # CLDR covers every ISO code today; UNTERM is the fallback should it not.
                names.setdefault(language, row[f"unterm_short_{language}"].strip())
            formal = {
                language: row[f"unterm_formal_{language}"].strip()
                for language in UN_LANGUAGES
                if row[f"unterm_formal_{language}"].strip()
            }
            records.append(
                {
                    "iso3": iso3,
                    "iso2": row["iso2"].strip(),
                    "m49": row["m49"].strip(),
                    "m49_subregion": row["m49_subregion"].strip(),
                    "names": {k: v for k, v in names.items() if v},
                    "formal_names": formal,
                    "official_name_en": row["official_name_en"].strip(),
                    "region_code": region,
                    "region_basis": basis,
                    "region_note": note,
                }
            )
    return records


def check_totals(records: list[dict]) -> Counter:
    """Refuse data whose totals per region differ from ITU's published counts (plus Palau)."""
    totals = Counter(record["region_code"] for record in records)
    expected = Counter(COUNTS_BEFORE_PALAU)
    if any(record["iso3"] == "PLW" for record in records):
        expected[PALAU_REGION] += 1
    if totals != expected:
        raise ValueError(
            "Member States per region do not match ITU's published counts: "
            f"got {dict(sorted(totals.items()))}, expected {dict(sorted(expected.items()))}"
        )
    return totals


def load_registry(apps=None) -> LoadResult:
    """Create or update the regions and Member States; write only what differs."""
    if apps is None:
        apps = django_apps
    Region = apps.get_model("registry", "Region")
    MemberState = apps.get_model("registry", "MemberState")

    result = LoadResult()
    records = read_member_states()
    check_totals(records)

    regions = {region.code: region for region in Region.objects.all()}
    for row in read_regions():
        region = regions.get(row["code"])
        wanted = {"name": row["name"], "council_seats": row["council_seats"]}
        if region is None:
            regions[row["code"]] = Region.objects.create(code=row["code"], **wanted)
            result.regions_written += 1
            result.changed.append(f"region {row['code']}")
        elif any(getattr(region, key) != value for key, value in wanted.items()):
            for key, value in wanted.items():
                setattr(region, key, value)
            region.save()
            result.regions_written += 1
            result.changed.append(f"region {row['code']}")

    existing = {state.iso3: state for state in MemberState.objects.all()}
    for record in records:
        wanted = {key: value for key, value in record.items() if key != "region_code"}
        wanted["region_id"] = regions[record["region_code"]].pk
        state = existing.get(record["iso3"])
        if state is None:
            MemberState.objects.create(**wanted)
            result.created += 1
            result.changed.append(record["iso3"])
        elif any(getattr(state, key) != value for key, value in wanted.items()):
            for key, value in wanted.items():
                setattr(state, key, value)
            state.save()
            result.updated += 1
            result.changed.append(record["iso3"])
        else:
            result.unchanged += 1
    return result
