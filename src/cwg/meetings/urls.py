"""Pages of the meetings domain, mounted at /<lang>/meetings/."""

from django.urls import path

from cwg.core.views.audit import group_activity_page, history_page
from cwg.meetings.views import pickers, public, secretariat, subscriptions

app_name = "meetings"

urlpatterns = [
    path("", public.index, name="index"),
    path("pick.json", pickers.pick, name="pick"),
    path("<int:meeting_id>/", public.detail, name="detail"),
    path("<int:meeting_id>/symbols/", public.symbols, name="symbols"),
    path("<int:meeting_id>/edit/", secretariat.edit, name="edit"),
    path("<int:meeting_id>/status/", secretariat.set_status, name="status"),
    path("<int:meeting_id>/agenda/add/", secretariat.add_agenda_item, name="add_agenda_item"),
    path(
        "<int:meeting_id>/participants/add/",
        secretariat.register_participant,
        name="register_participant",
    ),
    path("agenda/<int:item_id>/", secretariat.change_agenda_item, name="agenda_item"),
    path("new/<slug:group_slug>/", secretariat.create, name="create"),
    path("subscribe/<slug:group_slug>/", subscriptions.subscribe, name="subscribe"),
    path("unsubscribe/<slug:group_slug>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("feeds/<slug:group_slug>.atom", subscriptions.GroupFeed(), name="feed"),
    path("history/<slug:record_type>/<int:record_id>/", history_page, name="history"),
    path("activity/<slug:group_slug>/", group_activity_page, name="activity"),
]
