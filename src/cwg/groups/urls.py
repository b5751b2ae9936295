"""Pages of the groups domain."""

from django.urls import path

from cwg.groups.views import pickers, public

app_name = "groups"

urlpatterns = [
    path("", public.group_list, name="list"),
    path("pick.json", pickers.pick, name="pick"),
    path("<slug:slug>/", public.group_detail, name="detail"),
]
