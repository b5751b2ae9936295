"""Pages of the registry domain."""

from django.urls import path

from cwg.registry.views import pickers, public

app_name = "registry"

urlpatterns = [
    path("", public.member_states, name="states"),
    path("pick.json", pickers.pick, name="pick"),
]
