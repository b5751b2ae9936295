"""Every write to groups and resolutions: create, change, legal basis and roles, all audited."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.db.models import Max

from cwg.core import audit
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.i18n import validate_texts
from cwg.groups.models import (
    Group,
    GroupResolution,
    Instrument,
    Participation,
    Resolution,
    ResolutionRole,
    RevisionKind,
    Visibility,
)
from cwg.groups.permissions import can_add_resolution, can_create_group, can_edit_group
from cwg.registry import services as registry_services
from cwg.registry.models import Membership, MemberState, Person, Role

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PREFIX_RE = re.compile(r"^[A-Z0-9]+(?:[-&][A-Z0-9]+)*$")
GROUP_FIELDS = (
    "acronym",
    "name",
    "mandate",
    "symbol_prefix",
    "participation",
    "holds_open_consultations",
    "visibility",
    "reports_to",
)


def _texts(value, field: str, *, required: tuple[str, ...] = ()) -> dict:
    try:
        return validate_texts(value if value is not None else {}, required=required)
    except InvalidInput as exc:
        raise InvalidInput(f"{field}: {exc.message}", field=field) from None


def _clean_group_fields(data: dict, *, creating: bool) -> dict:
    clean: dict = {}
    if "acronym" in data or creating:
        clean["acronym"] = _texts(data.get("acronym"), "acronym", required=("en",))
    if "name" in data or creating:
        clean["name"] = _texts(data.get("name"), "name", required=("en",))
    if "mandate" in data:
        clean["mandate"] = _texts(data.get("mandate"), "mandate")
    if "symbol_prefix" in data or creating:
        prefix = (data.get("symbol_prefix") or "").strip().upper()
        if not PREFIX_RE.match(prefix) or len(prefix) > 40:
            raise InvalidInput(
                "symbol_prefix must be capital letters and digits joined by hyphens, "
                "e.g. CWG-INTERNET (at most 40 characters)",
                field="symbol_prefix",
            )
        clean["symbol_prefix"] = prefix
    if "participation" in data:
        if data["participation"] not in Participation.values:
            raise InvalidInput(
                f"participation must be one of {', '.join(Participation.values)}",
                field="participation",
            )
        clean["participation"] = data["participation"]
    if "visibility" in data:
        if data["visibility"] not in Visibility.values:
            raise InvalidInput(
                f"visibility must be one of {', '.join(Visibility.values)}", field="visibility"
            )
        clean["visibility"] = data["visibility"]
    if "holds_open_consultations" in data:
        if not isinstance(data["holds_open_consultations"], bool):
            raise InvalidInput(
                "holds_open_consultations must be true or false", field="holds_open_consultations"
            )
        clean["holds_open_consultations"] = data["holds_open_consultations"]
    if "reports_to" in data:
        reports_to = str(data["reports_to"] or "").strip()
        if len(reports_to) > 100:
            raise InvalidInput("reports_to is at most 100 characters", field="reports_to")
        clean["reports_to"] = reports_to
    unknown = set(data) - set(GROUP_FIELDS) - {"slug"}
    if unknown:
        raise InvalidInput(
            f"unknown field(s): {', '.join(sorted(unknown))}", field=sorted(unknown)[0]
        )
    return clean


def create_group(actor, *, slug: str, **fields) -> Group:
    """Set up a new group. Only the platform's secretariat may."""
    if not can_create_group(actor):
        raise NotAllowed("Only the platform's secretariat may set up a group.")
    slug = (slug or "").strip().lower()
    if not SLUG_RE.match(slug) or len(slug) > 50:
        raise InvalidInput(
            "slug must be lower-case letters and digits joined by hyphens, e.g. cwg-internet",
            field="slug",
        )
    clean = _clean_group_fields(fields, creating=True)
    with transaction.atomic():
        if Group.objects.filter(slug=slug).exists():
            raise Conflict(f"a group with the slug {slug!r} already exists", field="slug")
        if Group.objects.filter(symbol_prefix=clean["symbol_prefix"]).exists():
            raise Conflict(
                f"the symbol prefix {clean['symbol_prefix']!r} is used by another group",
                field="symbol_prefix",
            )
        try:
            with transaction.atomic():
                group = Group.objects.create(slug=slug, **clean)
        except IntegrityError:
            # A concurrent request took the slug or prefix between the check and the insert.
            raise Conflict(
                "a group with this slug or symbol prefix already exists", field="slug"
            ) from None
        audit.record(actor, "group.created", group, group_id=group.pk, after=audit.snapshot(group))
    return group


def update_group(actor, group: Group, **changes) -> Group:
    """Change some of a group's fields (the slug never changes: links depend on it)."""
    if not can_edit_group(actor, group):
        raise NotAllowed("Only the group's secretariat may change it.")
    if "slug" in changes and changes["slug"] != group.slug:
        raise InvalidInput("the slug of a group cannot be changed", field="slug")
    clean = _clean_group_fields(changes, creating=False)
    with transaction.atomic():
        group = Group.objects.select_for_update().get(pk=group.pk)
        if (
            "symbol_prefix" in clean
            and Group.objects.filter(symbol_prefix=clean["symbol_prefix"])
            .exclude(pk=group.pk)
            .exists()
        ):
            raise Conflict(
                f"the symbol prefix {clean['symbol_prefix']!r} is used by another group",
                field="symbol_prefix",
            )
        before = audit.snapshot(group)
        for key, value in clean.items():
            setattr(group, key, value)
        group.save()
        audit.record(
            actor,
            "group.updated",
            group,
            group_id=group.pk,
            before=before,
            after=audit.snapshot(group),
        )
    return group


def create_resolution(
    actor,
    *,
    instrument: str,
    number: str,
    year: int,
    revision_kind: str = RevisionKind.ORIGINAL,
    place: dict | None = None,
    title: dict | None = None,
    text: dict | None = None,
    url: str = "",
) -> Resolution:
    """Record one version of a resolution (e.g. PP Resolution 102, Rev. Bucharest, 2022)."""
    if not can_add_resolution(actor):
        raise NotAllowed("Only the secretariat may record resolutions.")
    if instrument not in Instrument.values:
        raise InvalidInput(
            f"instrument must be one of {', '.join(Instrument.values)}", field="instrument"
        )
    number = str(number or "").strip()
    if not number or len(number) > 20:
        raise InvalidInput("number is required (at most 20 characters)", field="number")
    if revision_kind not in RevisionKind.values:
        raise InvalidInput(
            f"revision_kind must be one of {', '.join(RevisionKind.values)}", field="revision_kind"
        )
    if not isinstance(year, int) or isinstance(year, bool) or not 1865 <= year <= 2100:
        raise InvalidInput("year must be a year between 1865 and 2100", field="year")
    place = _texts(place, "place")
    if revision_kind == RevisionKind.REVISED and not place:
        raise InvalidInput(
            "a revised (Rev.) resolution names the place of the revising conference",
            field="place",
        )
    url = (url or "").strip()
    if url and not re.match(r"^https?://\S+$", url):
        raise InvalidInput("url must start with http:// or https://", field="url")
    if len(url) > Resolution._meta.get_field("url").max_length:
        raise InvalidInput(
            f"url is at most {Resolution._meta.get_field('url').max_length} characters",
            field="url",
        )
    with transaction.atomic():
        if Resolution.objects.filter(
            instrument=instrument, number=number, revision_kind=revision_kind, year=year
        ).exists():
            raise Conflict("this version of the resolution is already recorded", field="number")
        try:
            with transaction.atomic():
                resolution = Resolution.objects.create(
                    instrument=instrument,
                    number=number,
                    revision_kind=revision_kind,
                    year=year,
                    place=place,
                    title=_texts(title, "title"),
                    text=_texts(text, "text"),
                    url=url,
                )
        except IntegrityError:
            raise Conflict(
                "this version of the resolution is already recorded", field="number"
            ) from None
        audit.record(actor, "resolution.created", resolution, after=audit.snapshot(resolution))
    return resolution


def add_to_legal_basis(
    actor,
    group: Group,
    resolution: Resolution,
    role: str,
    *,
    summary: dict | None = None,
    order: int | None = None,
) -> GroupResolution:
    """Say why a resolution matters to the group (establishes, mandate, instructs, accordance)."""
    if not can_edit_group(actor, group):
        raise NotAllowed("Only the group's secretariat may change its legal basis.")
    if role not in ResolutionRole.values:
        raise InvalidInput(f"role must be one of {', '.join(ResolutionRole.values)}", field="role")
    summary = _texts(summary, "summary")
    if order is not None and (not isinstance(order, int) or order < 0):
        raise InvalidInput("order must be a whole number, 0 or more", field="order")
    with transaction.atomic():
        if GroupResolution.objects.filter(group=group, resolution=resolution, role=role).exists():
            raise Conflict(
                f"{resolution} is already in the legal basis with the role {role!r}", field="role"
            )
        if order is None:
            last = GroupResolution.objects.filter(group=group).aggregate(m=Max("order"))["m"]
            order = 0 if last is None else last + 1
        link = GroupResolution.objects.create(
            group=group, resolution=resolution, role=role, order=order, summary=summary
        )
        audit.record(
            actor, "group.legal_basis_added", link, group_id=group.pk, after=audit.snapshot(link)
        )
    return link


def remove_from_legal_basis(actor, link: GroupResolution) -> None:
    if not can_edit_group(actor, link.group):
        raise NotAllowed("Only the group's secretariat may change its legal basis.")
    with transaction.atomic():
        before = audit.snapshot(link)
        label = str(link)
        link_id = link.pk
        link.delete()
        audit.record(
            actor,
            "group.legal_basis_removed",
            object_type="groups.groupresolution",
            object_id=link_id,
            label=label,
            group_id=before["group"],
            before=before,
        )


def assign_role(
    actor,
    group: Group,
    person: Person,
    role: str,
    *,
    member_state: MemberState | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> Membership:
    """Make a person chair, vice-chair, secretariat or delegate of the group."""
    if not can_edit_group(actor, group):
        raise NotAllowed("Only the group's secretariat may assign roles in it.")
    if role not in (Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.DELEGATE):
        raise InvalidInput(
            "role must be one of chair, vice_chair, secretariat, delegate", field="role"
        )
    return registry_services.grant_role(
        actor,
        person,
        role,
        group=group,
        member_state=member_state,
        start_date=start_date,
        end_date=end_date,
    )
