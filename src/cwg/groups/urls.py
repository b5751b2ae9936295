"""Pages of the groups domain."""

from django.urls import path

from cwg.groups.views import public

app_name = "groups"

urlpatterns = [
    path("", public.group_list, name="list"),
    path("<slug:slug>/", public.group_detail, name="detail"),
]
