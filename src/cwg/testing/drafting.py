"""A small resolution (made up for the tests) and two States' proposals on it, shared by tests."""

from __future__ import annotations

import io
import zipfile

from cwg.drafting import services, tracking

SAMPLE = """RESOLUTION 999 (Test)
A sample resolution for the tests
The Conference,
considering
a) that the network grows;
b) that States cooperate,
resolves
1 to keep the group at work;
2 to report to the Council;
a) every year;
b) in six languages,
instructs the Secretary-General
1 to support the group.
"""
GROWS = "a) that the network grows fast;"
# France's contribution: one of each kind of change.
FRA_ITEMS = (
    {"mark": "MOD", "ref": "considering a)", "wording": GROWS, "reasons": "Fact."},
    {"mark": "SUP", "ref": "resolves 2 b)", "reasons": "Costly."},
    {
        "mark": "ADD",
        "ref": "resolves 3",
        "after": "resolves 2 b)",
        "wording": "3 to publish its results;",
        "reasons": "Openness.",
    },
)
# Brazil's: the same change as France's on considering a) (spaced otherwise), and a date.
BRA_SAME_AS_FRA = {
    "mark": "MOD",
    "ref": "considering a)",
    "wording": "a)  that the network\ngrows fast;",
    "reasons": "Same.",
}
BRA_DATE = {
    "mark": "MOD",
    "ref": "resolves 1",
    "wording": "1 to keep the group at work until 2030;",
    "reasons": "A date.",
}


def sample_text(personas, *, slug: str = "res-999", group=None):
    """The sample resolution loaded in English as a text of the personas' group."""
    text = services.create_text(
        personas.secretariat, group or personas.group, slug=slug, title={"en": "Resolution 999"}
    )
    services.load_version(personas.secretariat, text, SAMPLE, "en")
    return text


def propose(person, text, origin, number, *items, supporters=()):
    return services.submit_proposals(
        person,
        text,
        origin=origin,
        document_number=number,
        items=list(items),
        supporters=supporters,
    )


def two_states(personas, text, *, brazil_agrees: bool = False):
    """France's FRA/1 and Brazil's BRA/7 contributions; with `brazil_agrees` Brazil also makes
    France's change on considering a)."""
    fra = propose(personas.delegate, text, "FRA", 1, *FRA_ITEMS)
    bra_items = (BRA_SAME_AS_FRA, BRA_DATE) if brazil_agrees else (BRA_DATE,)
    bra = propose(personas.other_delegate, text, "BRA", 7, *bra_items)
    return fra, bra


def agreed_revision(personas, text, meeting):
    """Rev.1 built from both States' proposals, agreed by the group at `meeting`."""
    fra, bra = two_states(personas, text)
    ids = [p.pk for c in (fra, bra) for p in c.proposals.all()]
    revision = services.build_revision(personas.chair, text, accept=ids)
    return services.agree_revision(personas.chair, revision, meeting)


def word_file(paragraphs: str) -> bytes:
    """A Word document of the given body paragraphs (as edited in Word, tracked changes on)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="{tracking.W}"><w:body>{paragraphs}</w:body></w:document>',
        )
    return out.getvalue()


def tracked_insertion(provision, before: str, inserted: str, after: str, author: str) -> bytes:
    """A Word file in which `author` inserted words into one provision, tracked."""
    return word_file(
        f'<w:p><w:bookmarkStart w:id="1" w:name="cwg_p{provision.pk}"/>'
        f'<w:r><w:t xml:space="preserve">{before}</w:t></w:r>'
        f'<w:ins w:id="2" w:author="{author}"><w:r><w:t xml:space="preserve">{inserted}</w:t>'
        f"</w:r></w:ins><w:r><w:t>{after}</w:t></w:r></w:p>"
    )
