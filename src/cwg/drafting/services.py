"""Every write of the drafting room: texts, proposals and the chair's revisions."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from cwg.core.access_levels import AccessLevel
from cwg.core.audit import record
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.sources import find as find_source
from cwg.core.sources import kinds as source_kinds
from cwg.core.word_diff import opcodes, tokens
from cwg.drafting import structure, tracking
from cwg.drafting.models import (
    EXISTING_PROVISION_MARKS,
    NEW_PROVISION_MARKS,
    REWORDING_MARKS,
    Contribution,
    EntryState,
    Mark,
    Proposal,
    Provision,
    Revision,
    RevisionEntry,
    RevisionStatus,
    Text,
    same_position,
)
from cwg.drafting.permissions import (
    can_build_revisions,
    can_manage_text,
    can_propose,
    can_view_text,
    proposing_states,
)
from cwg.registry.models import MemberState

_ORIGIN = re.compile(r"^[A-Z]{2,12}$")
MAX_PROPOSALS = 500
MAX_WORDING = 20_000


def create_text(
    actor,
    group,
    *,
    slug: str,
    title: dict,
    access_level: str = AccessLevel.INHERIT,
    revision_label: str = "",
    source: str = "",
    completeness_note: str = "",
) -> Text:
    if not can_manage_text(actor, group.pk):
        raise NotAllowed("Only the group's secretariat may load texts.")
    if not re.fullmatch(r"[a-z0-9-]{1,80}", slug or ""):
        raise InvalidInput("slug: lower-case letters, digits and hyphens", field="slug")
    if access_level not in AccessLevel.values:
        raise InvalidInput(
            f"access_level must be one of {AccessLevel.values}", field="access_level"
        )
    if not title or not any(title.values()):
        raise InvalidInput("give the text a title", field="title")
    with transaction.atomic():
        if Text.objects.filter(slug=slug).exists():
            raise Conflict(f"a text {slug!r} exists already", field="slug")
        text = Text.objects.create(
            slug=slug,
            title=title,
            group=group,
            access_level=access_level,
            revision_label=revision_label,
            source=source,
            completeness_note=completeness_note,
        )
        record(actor, "drafting.text_create", text, group_id=group.pk, after={"slug": slug})
    return text


def load_version(actor, text: Text, content: str, language: str) -> list[Provision]:
    """Load one language version: the first one creates the provisions, the others must match."""
    if not can_manage_text(actor, text):
        raise NotAllowed("Only the group's secretariat may load texts.")
    if not re.fullmatch(r"[a-z]{2}(-[a-z]+)?", language or ""):
        raise InvalidInput("language: a language code such as en or fr", field="language")
    pieces = structure.parse(content)
    with transaction.atomic():
        existing = list(text.provisions.select_for_update().order_by("position"))
        if not existing:
            Provision.objects.bulk_create(
                Provision(
                    text=text,
                    position=i,
                    ref=p.ref,
                    kind=p.kind,
                    block=p.block,
                    label=p.label,
                    body={language: p.wording},
                )
                for i, p in enumerate(pieces)
            )
        else:
            if len(existing) != len(pieces):
                raise InvalidInput(
                    f"this version has {len(pieces)} provisions, the text has {len(existing)}",
                    field="file",
                )
            for provision, piece in zip(existing, pieces, strict=True):
                provision.body = {**provision.body, language: piece.wording}
            Provision.objects.bulk_update(existing, ["body"])
        record(
            actor,
            "drafting.text_version",
            text,
            group_id=text.group_id,
            after={"language": language, "provisions": len(pieces)},
        )
    return list(text.provisions.all())


def load_file(actor, text: Text, name: str, data: bytes, language: str) -> list[Provision]:
    """A version from a .txt, .docx or .odt file (archives read through the bounded reader)."""
    lowered = (name or "").lower()
    if lowered.endswith(".docx"):
        content = "\n".join(p.plain for p in tracking.read_paragraphs(data, accept=True))
    elif lowered.endswith(".odt"):
        content = "\n".join(tracking.odt_lines(data))
    elif lowered.endswith(".txt"):
        try:
            content = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput("the text file is not UTF-8", field="file") from None
    else:
        raise InvalidInput("send a .txt, .docx or .odt file", field="file")
    return load_version(actor, text, content, language)


# ---- proposals ---------------------------------------------------------------------------------


def _state(iso3, field: str) -> MemberState:
    state = MemberState.objects.filter(iso3=str(iso3 or "").upper()[:3]).first()
    if state is None:
        raise InvalidInput(f"no Member State {iso3!r}", field=field)
    return state


def _clean_item(item: Any, i: int, provisions: dict[str, Provision]) -> dict:
    where = f"proposals[{i}]"
    if not isinstance(item, dict):
        raise InvalidInput(f"{where} must be an object", field=where)
    mark = str(item.get("mark") or "").strip()
    if mark not in Mark.values:
        raise InvalidInput(
            f"{where}.mark must be one of {', '.join(Mark.values)}", field=f"{where}.mark"
        )
    ref = str(item.get("ref") or "").strip()
    wording = str(item.get("wording") or "").strip()
    reasons = str(item.get("reasons") or "").strip()
    if len(wording) > MAX_WORDING or len(reasons) > MAX_WORDING:
        raise InvalidInput(f"{where}: at most {MAX_WORDING} characters", field=f"{where}.wording")
    if not reasons:
        raise InvalidInput(
            f"{where}.reasons: every proposal states its reasons"
            + (" (NOC too)" if mark == Mark.NOC else ""),
            field=f"{where}.reasons",
        )
    clean = {
        "mark": mark,
        "wording": wording,
        "reasons": reasons,
        "provision": None,
        "new_ref": "",
        "after": None,
    }
    if mark in EXISTING_PROVISION_MARKS:
        provision = provisions.get(ref)
        if provision is None:
            raise InvalidInput(
                f"{where}.ref: {mark} is only for an existing provision; the text has no {ref!r}",
                field=f"{where}.ref",
            )
        clean["provision"] = provision
        if mark in REWORDING_MARKS:
            if not wording:
                raise InvalidInput(
                    f"{where}.wording: give the new wording", field=f"{where}.wording"
                )
            if " ".join(wording.split()) == " ".join(provision.wording().split()):
                raise InvalidInput(
                    f"{where}.wording: a {mark} must change the text of {ref!r}",
                    field=f"{where}.wording",
                )
        elif wording:
            raise InvalidInput(
                f"{where}.wording: {mark} carries no new wording", field=f"{where}.wording"
            )
    else:
        if not ref:
            raise InvalidInput(f"{where}.ref: name the new provision", field=f"{where}.ref")
        if ref in provisions:
            raise InvalidInput(
                f"{where}.ref: {mark} is only for a new provision; {ref!r} exists (use MOD)",
                field=f"{where}.ref",
            )
        if not wording:
            raise InvalidInput(f"{where}.wording: give the new wording", field=f"{where}.wording")
        after = str(item.get("after") or "").strip()
        if after and after not in provisions:
            raise InvalidInput(f"{where}.after: the text has no {after!r}", field=f"{where}.after")
        clean["new_ref"] = ref[:120]
        clean["after"] = provisions.get(after) if after else None
    return clean


def submit_proposals(
    actor,
    text: Text,
    *,
    origin: str,
    document_number,
    items: list,
    supporters=(),
    language: str = "en",
) -> Contribution:
    """A contribution's proposals on a text, numbered origin/document/number, all or none."""
    if not can_propose(actor, text):
        raise NotAllowed("Only delegates of Member States may propose.")
    own = proposing_states(actor, text)
    origin = str(origin or "").strip().upper()
    if not _ORIGIN.match(origin):
        raise InvalidInput("origin: a code such as FRA or EUR", field="origin")
    try:
        number = int(document_number)
    except (TypeError, ValueError):
        raise InvalidInput("document_number must be a number", field="document_number") from None
    if not 1 <= number <= 100_000:
        raise InvalidInput("document_number must be between 1 and 100000", field="document_number")
    if not isinstance(items, list) or not items:
        raise InvalidInput("give at least one proposal", field="proposals")
    if len(items) > MAX_PROPOSALS:
        raise InvalidInput(f"at most {MAX_PROPOSALS} proposals", field="proposals")
    supporting = [_state(iso3, f"supporters[{i}]") for i, iso3 in enumerate(supporters or ())]
    if supporting:
        if not own & {s.pk for s in supporting}:
            raise NotAllowed("A common proposal lists your State among its supporters.")
        member_state = None
        states = {s.pk for s in supporting}
    else:
        member_state = _state(origin, "origin")
        if member_state.pk not in own:
            raise NotAllowed(f"You do not speak for {origin} in this group.")
        states = {member_state.pk}
    provisions = {p.ref: p for p in text.provisions.all()}
    cleaned = [_clean_item(item, i, provisions) for i, item in enumerate(items)]
    targets: dict[str, int] = {}
    for i, item in enumerate(cleaned):
        key = item["provision"].ref if item["provision"] else item["new_ref"]
        if key in targets:
            raise InvalidInput(
                f"proposals[{i}].ref: proposals {targets[key] + 1} and {i + 1} both touch {key!r}",
                field=f"proposals[{i}].ref",
            )
        targets[key] = i
    with transaction.atomic():
        # One submission per text at a time: the overlap check below then sees every earlier one.
        Text.objects.select_for_update().filter(pk=text.pk).first()
        taken = Proposal.objects.filter(
            Q(contribution__member_state__in=states) | Q(contribution__supporters__in=states),
            contribution__text=text,
        ).filter(Q(provision__ref__in=list(targets)) | Q(provision=None, new_ref__in=list(targets)))
        clash = taken.select_related("contribution", "provision").first()
        if clash is not None:
            raise Conflict(
                f"proposal {clash.symbol} of the same State already touches {clash.target_ref!r}",
                field="proposals",
            )
        if Contribution.objects.filter(text=text, origin=origin, document_number=number).exists():
            raise Conflict(f"{origin}/{number} exists already", field="document_number")
        contribution = Contribution.objects.create(
            text=text,
            origin=origin,
            document_number=number,
            member_state=member_state,
            language=language[:7],
            submitted_by=actor,
        )
        if supporting:
            contribution.supporters.set(supporting)
        Proposal.objects.bulk_create(
            Proposal(contribution=contribution, number=i + 1, **item)
            for i, item in enumerate(cleaned)
        )
        record(
            actor,
            "drafting.proposals_submit",
            contribution,
            group_id=text.group_id,
            after={
                "text": text.slug,
                "symbol": str(contribution),
                "marks": [item["mark"] for item in cleaned],
            },
        )
    return contribution


# ---- revisions ---------------------------------------------------------------------------------


def _respan(old_spans: list, new_text: str, source: str, proposal_id) -> list:
    """The new wording in spans: words unchanged keep their source, new words get this one."""
    old_tokens, old_sources = [], []
    for text, src, pid in old_spans:
        for token in tokens(text):
            old_tokens.append(token)
            old_sources.append((src, pid))
    new_tokens = tokens(new_text)
    out: list = []

    def add(token, src, pid):
        if out and out[-1][1] == src and out[-1][2] == pid:
            out[-1][0] += token
        else:
            out.append([token, src, pid])

    for op, a1, _a2, b1, b2 in opcodes(old_tokens, new_tokens):
        for k in range(b2 - b1):
            if op == "equal":
                add(new_tokens[b1 + k], *old_sources[a1 + k])
            else:
                add(new_tokens[b1 + k], source, proposal_id)
    return out


def _base_entries(text: Text, language: str) -> list[dict]:
    last = text.revisions.order_by("-number").first()
    if last is None:
        return [
            {
                "ref": p.ref,
                "kind": p.kind,
                "provision": p,
                "state": EntryState.KEPT,
                "spans": [[p.wording(language), "original", None]],
                "changed_by": None,
            }
            for p in text.provisions.order_by("position")
        ]
    return [
        {
            "ref": e.ref,
            "kind": e.kind,
            "provision": e.provision,
            "state": EntryState.KEPT,
            "spans": e.spans,
            "changed_by": None,
        }
        for e in last.entries.order_by("position").select_related("provision")
        if e.state != EntryState.DELETED
    ]


class SourceRefused(InvalidInput):
    """A rewording's source refused; `ref` names the provision, for a form to show it there.
    The API answers it like any bad input (field "sources")."""

    def __init__(self, message: str, *, ref: str):
        super().__init__(message, field="sources", code="InvalidInput")
        self.ref = ref


def _cited_sources(actor, text: Text, rewordings: dict, sources: dict) -> dict:
    """{ref: (kind, key)} of the records the rewordings quote; refused alike when a record does
    not exist, is hidden from the actor or belongs to another group."""
    cited = {}
    for ref, value in sources.items():
        if ref not in rewordings:
            raise SourceRefused(
                _("sources: %(ref)s has no rewording to take from a source") % {"ref": repr(ref)},
                ref=ref,
            )
        kind, _sep, key = str(value or "").partition(":")
        if kind not in source_kinds() or not key:
            raise SourceRefused(
                _("sources: %(ref)s: give one of %(kinds)s as kind:key")
                % {"ref": repr(ref), "kinds": ", ".join(source_kinds())},
                ref=ref,
            )
        found = find_source(actor, kind, key)
        if found is None or found.group_id != text.group_id:
            # One message for a record that does not exist and one hidden from the actor.
            raise SourceRefused(
                _("sources: %(ref)s: no %(kind)s %(key)s of this group that you may cite")
                % {"ref": repr(ref), "kind": kind, "key": repr(key)},
                ref=ref,
            )
        cited[ref] = (kind, found.key)
    return cited


def build_revision(
    actor,
    text: Text,
    *,
    accept=(),
    rewordings: dict | None = None,
    sources: dict | None = None,
    language: str = "en",
    note: str = "",
) -> Revision:
    """Rev.N+1 from Rev.N (or the original): accepted proposals applied, the chair's rewordings
    over them; every span keeps its source. Two accepted proposals on one provision must be
    identical, otherwise the chair rewords it (a merge).

    `sources` ({ref: "response:RECEIPT" or "decision:ID"}) says that a rewording takes its words
    from a consultation response or a decision of the text's group, one the actor may see."""
    if not can_build_revisions(actor, text):
        raise NotAllowed("Only the chair or the secretariat builds the chair's draft.")
    rewordings = dict(rewordings or {})
    cited = _cited_sources(actor, text, rewordings, sources or {})
    ids = []
    for i, value in enumerate(accept):
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            raise InvalidInput(f"accept[{i}] must be a proposal id", field=f"accept[{i}]") from None
    proposals = {
        p.pk: p
        for p in Proposal.objects.filter(pk__in=ids, contribution__text=text).select_related(
            "provision", "after", "contribution"
        )
    }
    for i, pid in enumerate(ids):
        if pid not in proposals:
            raise InvalidInput(f"accept[{i}]: no proposal {pid} on this text", field=f"accept[{i}]")
    with transaction.atomic():
        Text.objects.select_for_update().filter(pk=text.pk).first()
        entries = _base_entries(text, language)
        by_ref = {e["ref"]: e for e in entries}
        applied: dict[str, Proposal] = {}
        for pid in ids:
            proposal = proposals[pid]
            ref = proposal.target_ref
            earlier = applied.get(ref)
            if earlier is not None:
                same = same_position(earlier.mark, earlier.wording, proposal.mark, proposal.wording)
                if not same and ref not in rewordings:
                    raise InvalidInput(
                        f"accept: {earlier.symbol} and {proposal.symbol} differ on {ref!r};"
                        " merge them with a rewording",
                        field="rewordings",
                    )
                continue
            applied[ref] = proposal
            if proposal.mark in NEW_PROVISION_MARKS:
                if ref in by_ref:
                    continue
                entry = {
                    "ref": ref,
                    "kind": "paragraph",
                    "provision": None,
                    "state": EntryState.ADDED,
                    "changed_by": proposal,
                    "spans": [[proposal.wording, "proposal", proposal.pk]],
                }
                anchor = proposal.after.ref if proposal.after_id else None
                index = next(
                    (k + 1 for k, e in enumerate(entries) if e["ref"] == anchor), len(entries)
                )
                entries.insert(index, entry)
                by_ref[ref] = entry
                continue
            entry = by_ref.get(ref)
            if entry is None:
                continue  # the provision went in an earlier revision
            if proposal.mark in (Mark.SUP, Mark.SUP_MOVED):
                entry["state"], entry["changed_by"] = EntryState.DELETED, proposal
            elif proposal.mark in (Mark.MOD, Mark.MOD_EDITORIAL):
                entry["spans"] = _respan(entry["spans"], proposal.wording, "proposal", proposal.pk)
                entry["changed_by"] = proposal
        for ref, wording in rewordings.items():
            entry = by_ref.get(ref)
            if entry is None:
                raise InvalidInput(f"rewordings: the draft has no {ref!r}", field="rewordings")
            source, key = cited.get(ref, ("chair", None))
            entry["spans"] = _respan(entry["spans"], str(wording)[:MAX_WORDING], source, key)
            if entry["state"] == EntryState.DELETED:
                entry["state"] = EntryState.KEPT
        number = (text.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        revision = Revision.objects.create(
            text=text, number=number, language=language[:7], note=note[:2000], created_by=actor
        )
        RevisionEntry.objects.bulk_create(
            RevisionEntry(
                revision=revision,
                position=i,
                ref=e["ref"],
                kind=e["kind"],
                provision=e["provision"],
                state=e["state"],
                spans=e["spans"],
                changed_by=e["changed_by"],
            )
            for i, e in enumerate(entries)
        )
        record(
            actor,
            "drafting.revision_build",
            revision,
            group_id=text.group_id,
            after={
                "text": text.slug,
                "number": number,
                "accepted": sorted(ids),
                "reworded": sorted(rewordings),
                "cited": {ref: f"{kind}:{key}" for ref, (kind, key) in sorted(cited.items())},
            },
        )
    return revision


def agree_revision(actor, revision: Revision, meeting) -> Revision:
    """The group agreed the revision at a meeting: draft → agreed."""
    text = revision.text
    if not can_build_revisions(actor, text):
        raise NotAllowed("Only the chair or the secretariat records the group's agreement.")
    if meeting is None or meeting.group_id != text.group_id:
        raise InvalidInput("name a meeting of the text's group", field="meeting")
    with transaction.atomic():
        locked = Revision.objects.select_for_update().get(pk=revision.pk)
        if locked.status == RevisionStatus.AGREED:
            raise Conflict(f"Rev.{locked.number} is agreed already", field="status")
        locked.status, locked.agreed_at_meeting = RevisionStatus.AGREED, meeting
        locked.save(update_fields=["status", "agreed_at_meeting"])
        record(
            actor,
            "drafting.revision_agree",
            locked,
            group_id=text.group_id,
            before={"status": "draft"},
            after={"status": "agreed", "meeting": meeting.pk},
        )
    return locked


def import_tracked(
    actor, text: Text, data: bytes, *, document_number, reasons: str
) -> Contribution:
    """A DOCX with tracked changes becomes the actor's State's proposals on the text."""
    if not can_view_text(actor, text):
        raise NotAllowed("No such text.")
    states = proposing_states(actor, text)
    if not states:
        raise NotAllowed("Only delegates of Member States may propose.")
    origin = MemberState.objects.filter(pk__in=states).order_by("iso3").first().iso3
    drafts = tracking.proposals_from_docx(text, data)
    mine = [d for d in drafts if d["author"] in (origin, "")] or (
        drafts if len({d["author"] for d in drafts}) == 1 else []
    )
    if not mine:
        raise InvalidInput(f"the file holds no tracked change by {origin}", field="file")
    items = [{**{k: v for k, v in d.items() if k != "author"}, "reasons": reasons} for d in mine]
    return submit_proposals(
        actor, text, origin=origin, document_number=document_number, items=items
    )
