"""Who may see a text, propose on it and build its revisions; fetch-and-authorise helpers."""

from __future__ import annotations

from django.http import Http404

from cwg.drafting.models import Revision, Text
from cwg.meetings.permissions import can_see_drafts
from cwg.registry.access import can_see_level, delegated_states, is_chair, is_secretariat


def can_view_text(user, text: Text) -> bool:
    """A text as its access level (inherit: its group's visibility); docs/visibility.md.

    Its query form is `cwg.drafting.queries.visible_texts`."""
    return can_see_level(user, text.group_id, text.effective_access())


def can_manage_text(user, text_or_group) -> bool:
    """Load texts and their language versions: the group's secretariat."""
    group = text_or_group.group_id if isinstance(text_or_group, Text) else text_or_group
    return is_secretariat(user, group)


def proposing_states(user, text: Text) -> set[int]:
    """The Member States (ids) this person may propose for on the text: a delegate's States."""
    return delegated_states(user, text.group_id)


def can_propose(user, text: Text) -> bool:
    """Only delegates of Member States propose, on a text they may see."""
    return can_view_text(user, text) and bool(proposing_states(user, text))


def can_build_revisions(user, text: Text) -> bool:
    """The chair's draft is built by the chair or the secretariat."""
    return can_view_text(user, text) and (
        is_chair(user, text.group_id) or is_secretariat(user, text.group_id)
    )


def can_view_revision(user, revision: Revision) -> bool:
    """An agreed revision as its text; a draft for the secretariat and officers only."""
    if revision.status != "agreed" and not can_see_drafts(user, revision.text.group_id):
        return False
    return can_view_text(user, revision.text)


def get_text_for(user, slug) -> Text:
    text = Text.objects.select_related("group").filter(slug=str(slug)[:80]).first()
    if text is None or not can_view_text(user, text):
        raise Http404("No such text.")
    return text


def get_revision_for(user, text: Text, number) -> Revision:
    try:
        revision = Revision.objects.select_related("text__group").get(text=text, number=int(number))
    except (Revision.DoesNotExist, TypeError, ValueError):
        raise Http404("No such revision.") from None
    if not can_view_revision(user, revision):
        raise Http404("No such revision.")
    return revision
