"""Who may generate a group's reports and set their cover sheet; the fetch-and-authorise helper."""

from __future__ import annotations

from django.http import Http404

from cwg.core.exceptions import NotAllowed, NotFound
from cwg.groups.models import Group
from cwg.groups.permissions import can_view_group
from cwg.registry.access import is_chair, is_secretariat, is_secretariat_anywhere


def can_generate_report(user, group: Group) -> bool:
    """The Chair's report is drafted by the group's secretariat and its chair."""
    return is_secretariat(user, group) or is_chair(user, group)


def can_edit_cover_sheet(user, group: Group) -> bool:
    return is_secretariat(user, group)


def can_choose_annexes(user, group: Group) -> bool:
    """Which agreed texts go with the group's reports as annexes is the secretariat's choice."""
    return is_secretariat(user, group)


def can_store_report(user, group: Group) -> bool:
    """Posting the report as a document of the group is the secretariat's."""
    return is_secretariat(user, group)


def get_group_to_report(user, identifier: str) -> Group:
    """The group whose report is asked for: 404 if unseen, NotAllowed if merely seen."""
    from cwg.reports.queries import find_group

    try:
        group = find_group(identifier)
    except NotFound:
        raise Http404("No such group.") from None
    if not can_view_group(user, group):
        raise Http404("No such group.")
    if not can_generate_report(user, group):
        raise NotAllowed(
            "only the group's secretariat and chair may generate its reports", field="group"
        )
    return group


def group_page_links(user, group, page, so_far) -> dict:
    """The group page links to the Chair's report for those who may generate it (a section part)."""
    return {"can_report": can_generate_report(user, group)}


# ---------------------------------------------------------------- Council sessions


def can_manage_council_sessions(user) -> bool:
    """Council sessions and their agenda items are kept by the secretariat (of any group)."""
    return is_secretariat_anywhere(user)


def can_submit_to_council(user, group: Group) -> bool:
    """Submitting the group's Chair's report to Council is its secretariat's act."""
    return is_secretariat(user, group)


def can_record_council_outcome(user, group: Group) -> bool:
    return is_secretariat(user, group)


def can_see_council_submissions(user, group: Group) -> bool:
    """What was sent to Council, and Council's outcome, is public once the group is seen."""
    return can_view_group(user, group)
