"""Subscribing oneself to a group's news by email, and the group's public Atom feed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cwg.core.exceptions import DomainError
from cwg.groups.models import Group, Visibility
from cwg.groups.permissions import get_group_for
from cwg.meetings import feeds, services
from cwg.meetings.forms import SubscriptionForm


def _back(request, group):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(f"{reverse('meetings:index')}?group={group.slug}")


@login_required
@require_POST
def subscribe(request, group_slug: str):
    group = get_group_for(request.user, group_slug)
    form = SubscriptionForm(request.POST)
    form.is_valid()
    try:
        services.subscribe(request.user, group, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You will be told of this group's news by email."))
    return _back(request, group)


@login_required
@require_POST
def unsubscribe(request, group_slug: str):
    group = get_group_for(request.user, group_slug)
    if services.unsubscribe(request.user, group):
        messages.success(request, _("You will no longer receive this group's news."))
    return _back(request, group)


class GroupFeed(Feed):
    """Public news of a group: meetings, documents and approved decisions anyone may see."""

    feed_type = Atom1Feed

    def get_object(self, request, group_slug: str):
        # Feeds are read anonymously by feed readers: only public groups have one.
        group = Group.objects.filter(slug=group_slug, visibility=Visibility.PUBLIC).first()
        if group is None:
            raise Http404("No such group.")
        return group

    def title(self, group):
        return group.display_acronym()

    def author_name(self, group):
        # Atom requires an author (RFC 4287 §4.1.1): the body that publishes the records.
        return settings.CWG_SITE_NAME or _("Secretariat of %(group)s") % {
            "group": group.display_acronym()
        }

    def subtitle(self, group):
        return group.display_name()

    def link(self, group):
        return f"{reverse('meetings:index')}?group={group.slug}"

    def items(self, group):
        return feeds.public_items(group)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.updated

    def item_pubdate(self, item):
        return item.updated
