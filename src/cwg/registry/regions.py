"""The five ITU administrative regions and the geographic rule that places a State in one.

Where the reference data names a State's region from an ITU election result (or the RCC's
statement that its members sit in Region C), that region is kept and marked *sourced*. For every
other State the region is *derived* by this rule:

1. Take the State's UN M49 sub-region and map it with ``SUBREGION_TO_REGION``:

   ========================================================  ======
   M49 sub-region                                            region
   ========================================================  ======
   021 Northern America, 419 Latin America and the Caribbean  A
   155 Western Europe, 154 Northern Europe, 039 Southern Europe  B
   151 Eastern Europe, 143 Central Asia                        C
   015 Northern Africa, 202 Sub-Saharan Africa                 D
   030 Eastern Asia, 035 South-eastern Asia, 034 Southern
   Asia, 145 Western Asia, 053 Australia and New Zealand,
   054 Melanesia, 057 Micronesia, 061 Polynesia                E
   ========================================================  ======

2. Then apply the explicit exceptions in ``EXCEPTIONS`` (State → region, with the reason):
   the South Caucasus (ARM, AZE, GEO) and the Baltic States (EST, LVA, LTU), former parts of
   the USSR, go to C; Cyprus and Türkiye, though in M49 Western Asia, go to B; Hungary, though
   in M49 Eastern Europe, goes to B (ITU election result of 2018); Albania goes to C.

The Albanian and Baltic exceptions, and keeping Israel in E under the base rule, are the choices
that make the totals agree with ITU's published counts (A 35, B 33, C 21, D 54, E 50 before
Palau joined in 2024; Palau, in Micronesia, is E). They are not individually confirmed by a
source, which is why every such State is stored with ``region_basis = derived``.
A test checks that the rule gives the sourced region for every sourced State and that the
totals per region match ``itu_admin_regions.csv``.
"""

from __future__ import annotations

REGION_NAMES: dict[str, dict[str, str]] = {
    "A": {
        "en": "The Americas",
        "fr": "Amériques",
        "es": "Américas",
        "ru": "Северная и Южная Америка",
        "zh": "美洲",
        "ar": "الأمريكتان",
    },
    "B": {
        "en": "Western Europe",
        "fr": "Europe occidentale",
        "es": "Europa Occidental",
        "ru": "Западная Европа",
        "zh": "西欧",
        "ar": "أوروبا الغربية",
    },
    "C": {
        "en": "Eastern Europe and Northern Asia",
        "fr": "Europe orientale et Asie septentrionale",
        "es": "Europa Oriental y Asia Septentrional",
        "ru": "Восточная Европа и Северная Азия",
        "zh": "东欧和北亚",
        "ar": "أوروبا الشرقية وآسيا الشمالية",
    },
    "D": {
        "en": "Africa",
        "fr": "Afrique",
        "es": "África",
        "ru": "Африка",
        "zh": "非洲",
        "ar": "أفريقيا",
    },
    "E": {
        "en": "Asia and Australasia",
        "fr": "Asie et Australasie",
        "es": "Asia y Australasia",
        "ru": "Азия и Австралазия",
        "zh": "亚洲和澳大拉西亚",
        "ar": "آسيا وأستراليا",
    },
}

SUBREGION_TO_REGION: dict[str, str] = {
    "021": "A",  # Northern America
    "419": "A",  # Latin America and the Caribbean
    "155": "B",  # Western Europe
    "154": "B",  # Northern Europe
    "039": "B",  # Southern Europe
    "151": "C",  # Eastern Europe
    "143": "C",  # Central Asia
    "015": "D",  # Northern Africa
    "202": "D",  # Sub-Saharan Africa
    "030": "E",  # Eastern Asia
    "035": "E",  # South-eastern Asia
    "034": "E",  # Southern Asia
    "145": "E",  # Western Asia
    "053": "E",  # Australia and New Zealand
    "054": "E",  # Melanesia
    "057": "E",  # Micronesia
    "061": "E",  # Polynesia
}

EXCEPTIONS: dict[str, tuple[str, str]] = {
    "ARM": ("C", "South Caucasus, former USSR (M49 Western Asia)"),
    "AZE": ("C", "South Caucasus, former USSR (M49 Western Asia)"),
    "GEO": ("C", "South Caucasus, former USSR (M49 Western Asia)"),
    "EST": ("C", "Baltic State, former USSR (M49 Northern Europe)"),
    "LVA": ("C", "Baltic State, former USSR (M49 Northern Europe)"),
    "LTU": ("C", "Baltic State, former USSR (M49 Northern Europe)"),
    "CYP": ("B", "sits with Western Europe (M49 Western Asia)"),
    "TUR": ("B", "sits with Western Europe (M49 Western Asia)"),
    "HUN": ("B", "elected to Council in Region B in 2018 (M49 Eastern Europe)"),
    "ALB": ("C", "placed in C to meet the published total of Region C (M49 Southern Europe)"),
}

# ITU's published counts of Member States per region before Palau joined on 19 September 2024.
COUNTS_BEFORE_PALAU = {"A": 35, "B": 33, "C": 21, "D": 54, "E": 50}
PALAU_REGION = "E"


def derive_region(iso3: str, m49_subregion: str) -> tuple[str, str]:
    """The region given by the geographic rule, and a note saying which part of it applied."""
    if iso3 in EXCEPTIONS:
        code, reason = EXCEPTIONS[iso3]
        return code, f"Derived: exception to the M49 rule – {reason}."
    code = SUBREGION_TO_REGION.get(m49_subregion)
    if code is None:
        raise ValueError(f"no ITU region is known for M49 sub-region {m49_subregion!r} ({iso3})")
    return code, f"Derived: M49 sub-region {m49_subregion} maps to Region {code}."
