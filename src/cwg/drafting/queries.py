"""The read side of the drafting room: visible texts, the provision matrix, revision diffs."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from cwg.core.sources import find as find_source
from cwg.core.word_diff import diff_html, opcodes, tokens
from cwg.drafting.models import (
    EntryState,
    Mark,
    Proposal,
    Revision,
    RevisionStatus,
    Text,
    ref_lead,
    same_position,
)
from cwg.meetings.permissions import can_see_drafts
from cwg.registry.access import is_member, standing
from cwg.registry.models import MemberState


def visible_texts(user) -> QuerySet[Text]:
    """The texts a reader may see: the query form of `permissions.can_view_text`."""
    texts = Text.objects.select_related("group").order_by("slug")
    s = standing(user)
    if s.is_superuser:
        return texts
    public = Q(access_level="public") | Q(access_level="inherit", group__visibility="public")
    member_of = [gid for gid in s.roles_by_group if gid is not None and is_member(user, gid)]
    if any(gid is None for gid in s.roles_by_group) and is_member(user, None):
        return texts
    return texts.filter(public | Q(group_id__in=member_of))


def group_page_links(user, group, page, so_far) -> dict:
    """The group page links to the drafting room when the reader may see one of its texts."""
    return {"drafting_texts": visible_texts(user).filter(group=group).count()}


def visible_revisions(user, text: Text) -> list[Revision]:
    revisions = list(text.revisions.order_by("number"))
    if can_see_drafts(user, text.group_id):
        return revisions
    return [r for r in revisions if r.status == RevisionStatus.AGREED]


@dataclass
class Position:
    """One wording proposed for a provision, and the States proposing it."""

    mark: str
    wording: str
    proposals: list[Proposal] = field(default_factory=list)
    diff: str = ""

    @property
    def origins(self) -> list[str]:
        return [p.contribution.origin for p in self.proposals]


@dataclass
class Row:
    ref: str
    kind: str
    original: str
    is_new: bool = False
    positions: list[Position] = field(default_factory=list)

    @property
    def conflicting(self) -> bool:
        """More than one distinct change asked for (a NOC beside a change counts too)."""
        return len(self.positions) > 1

    @property
    def proposal_count(self) -> int:
        return sum(len(p.proposals) for p in self.positions)


def _states_of(proposal: Proposal) -> set[str]:
    contribution = proposal.contribution
    states = {s.iso3 for s in contribution.supporters.all()}
    if contribution.member_state_id:
        states.add(contribution.member_state.iso3)
    return states


def matrix(
    text: Text, *, language: str = "en", state: str = "", region: str = "", mark: str = ""
) -> list[Row]:
    """Per provision the original and the proposals side by side: identical ones grouped (same
    mark, same wording up to spacing), a provision with several positions flagged."""
    proposals = (
        Proposal.objects.filter(contribution__text=text)
        .select_related("contribution__member_state__region", "provision", "after")
        .prefetch_related("contribution__supporters__region")
        .order_by("contribution__origin", "contribution__document_number", "number")
    )
    if mark in Mark.values:
        proposals = proposals.filter(mark=mark)
    chosen = list(proposals)
    if state:
        chosen = [p for p in chosen if state.upper() in _states_of(p)]
    if region:
        regional = set(
            MemberState.objects.filter(region__code=region.upper()[:1]).values_list(
                "iso3", flat=True
            )
        )
        chosen = [p for p in chosen if _states_of(p) & regional or p.contribution.origin == region]
    rows: dict[str, Row] = {}
    order: list[str] = []
    for provision in text.provisions.order_by("position"):
        rows[provision.ref] = Row(provision.ref, provision.kind, provision.wording(language))
        order.append(provision.ref)
    for proposal in chosen:
        ref = proposal.target_ref
        row = rows.get(ref)
        if row is None:
            row = rows[ref] = Row(ref, "paragraph", "", is_new=True)
            anchor = proposal.after.ref if proposal.after_id else None
            index = order.index(anchor) + 1 if anchor in order else len(order)
            while index < len(order) and rows[order[index]].is_new:
                index += 1
            order.insert(index, ref)
        for position in row.positions:
            if same_position(position.mark, position.wording, proposal.mark, proposal.wording):
                position.proposals.append(proposal)
                break
        else:
            row.positions.append(
                Position(
                    proposal.mark,
                    proposal.wording,
                    [proposal],
                    diff_html(row.original, proposal.wording)
                    if proposal.mark in (Mark.MOD, Mark.MOD_EDITORIAL)
                    else "",
                )
            )
    return [rows[ref] for ref in order]


# Span sources that name a record of another app (cwg.core.sources).
CITED_SOURCES = ("response", "decision")


@dataclass
class DiffRow:
    ref: str
    state: str
    html: str
    changed: bool


def _wordings(text: Text, revision: Revision | None, language: str) -> dict[str, str]:
    if revision is None:
        return {p.ref: p.wording(language) for p in text.provisions.order_by("position")}
    return {
        e.ref: e.wording
        for e in revision.entries.order_by("position")
        if e.state != EntryState.DELETED
    }


def revision_diff(
    text: Text, old: Revision | None, new: Revision, *, language: str = "en"
) -> list[DiffRow]:
    """A word-level diff of two revisions (old None: the original), provision by provision."""
    before = _wordings(text, old, language)
    after = _wordings(text, new, language)
    rows = []
    seen = set()
    for entry in new.entries.order_by("position"):
        seen.add(entry.ref)
        if entry.state == EntryState.DELETED or entry.ref not in after:
            if entry.ref in before:
                rows.append(DiffRow(entry.ref, "deleted", diff_html(before[entry.ref], ""), True))
            continue
        old_wording = before.get(entry.ref, "")
        rows.append(
            DiffRow(
                entry.ref,
                "added" if entry.ref not in before else "kept",
                diff_html(old_wording, after[entry.ref]),
                old_wording != after[entry.ref],
            )
        )
    for ref, wording in before.items():
        if ref not in seen:
            rows.append(DiffRow(ref, "deleted", diff_html(wording, ""), True))
    return rows


def traced_spans(revision: Revision, reader=None) -> list[dict]:
    """Each provision's spans with the symbol of the proposal each comes from, or the name of the
    response or decision it quotes when the reader may see that record (else no name)."""
    entries = list(revision.entries.order_by("position"))
    ids = {pid for e in entries for _t, src, pid in e.spans if src == "proposal" and pid}
    symbols = {
        p.pk: p.symbol for p in Proposal.objects.filter(pk__in=ids).select_related("contribution")
    }
    names: dict[tuple[str, str], str | None] = {}
    for e in entries:
        for _t, src, key in e.spans:
            if src in CITED_SOURCES and (src, key) not in names:
                found = find_source(reader, src, key)
                names[(src, key)] = found.label if found else None
    return [
        {
            "ref": e.ref,
            "lead": ref_lead(e.ref, e.wording),
            "state": e.state,
            "spans": [
                {
                    "text": t,
                    "source": src,
                    "proposal": symbols.get(key) if src == "proposal" else None,
                    "cited": names.get((src, key)) if src in CITED_SOURCES else None,
                }
                for t, src, key in e.spans
            ],
        }
        for e in entries
    ]


@dataclass
class MarkedProvision:
    """A provision of an agreed revision with its ITU mark and its changes from the original.

    `pieces` are ("equal" | "ins" | "del", text) in reading order; an unchanged provision has no
    mark and one "equal" piece.
    """

    ref: str
    lead: str
    mark: str
    pieces: list[tuple[str, str]]


def latest_agreed_revision(text: Text, language: str | None = None) -> Revision | None:
    """The last revision the group agreed, in `language` if there is one in it."""
    agreed = text.revisions.filter(status=RevisionStatus.AGREED).order_by("-number")
    return (language and agreed.filter(language=language).first()) or agreed.first()


def _pieces(old: str, new: str) -> list[tuple[str, str]]:
    a, b = tokens(old), tokens(new)
    pieces = []
    for op, a1, a2, b1, b2 in opcodes(a, b):
        if op == "equal":
            pieces.append(("equal", "".join(b[b1:b2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("del", "".join(a[a1:a2])))
        if op in ("insert", "replace"):
            pieces.append(("ins", "".join(b[b1:b2])))
    return pieces


def marked_provisions(revision: Revision) -> list[MarkedProvision]:
    """The revision against the original text, provision by provision: ADD, MOD, SUP or none."""
    before = _wordings(revision.text, None, revision.language)
    marked = []
    for entry in revision.entries.order_by("position"):
        old = before.get(entry.ref)
        if entry.state == EntryState.DELETED:
            wording = old if old is not None else entry.wording
            marked.append(
                MarkedProvision(
                    entry.ref, ref_lead(entry.ref, wording), Mark.SUP, [("del", wording)]
                )
            )
            continue
        wording = entry.wording
        lead = ref_lead(entry.ref, wording)
        if old is None:
            marked.append(MarkedProvision(entry.ref, lead, Mark.ADD, [("ins", wording)]))
        elif " ".join(old.split()) == " ".join(wording.split()):
            marked.append(MarkedProvision(entry.ref, lead, "", [("equal", wording)]))
        else:
            marked.append(MarkedProvision(entry.ref, lead, Mark.MOD, _pieces(old, wording)))
    return marked
