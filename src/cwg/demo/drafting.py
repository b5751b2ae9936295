"""Resolution 102 in the drafting room: only what a public source gives, labelled as such."""

from __future__ import annotations

from cwg.demo.records import RESOLUTIONS
from cwg.drafting import services
from cwg.drafting.models import Text
from cwg.groups.models import Group

SLUG = "res-102"
REVISION = "Rev. Bucharest, 2022"
SOURCE = (
    "Title as given for Resolution 102 (Rev. Busan, 2014) by dig.watch and for Rev. Antalya, "
    "2006 in Council document C09/105; PP-22 (Bucharest, 2022) revised the resolution under the "
    "same number (press reporting of PP-22). See shared/data/cwg_internet/"
    "cwg_internet_mandate_index.json."
)
NOTE = (
    "Only the resolution's number and title are loaded. No public copy of the full text of "
    "Resolution 102 (Rev. Bucharest, 2022) was found with the research tools, and no earlier "
    "full text could be copied from a licensed source; the secretariat loads the official text "
    "(DOCX or plain text) with the import, after which Member States propose on its provisions."
)


def load(actor) -> dict:
    """Create the text once; running again changes nothing."""
    group = Group.objects.filter(slug="cwg-internet").first()
    if group is None or Text.objects.filter(slug=SLUG).exists():
        return {"texts": 0}
    title = next(row[6] for row in RESOLUTIONS if row[0] == "pp102")
    text = services.create_text(
        actor,
        group,
        slug=SLUG,
        title={"en": f"Resolution 102 ({REVISION})"},
        revision_label=REVISION,
        source=SOURCE,
        completeness_note=NOTE,
    )
    services.load_version(actor, text, f"RESOLUTION 102 ({REVISION})\n{title['en']}", "en")
    return {"texts": 1}
