"""Pages of the search domain (mounted at /<lang>/search/)."""

from django.urls import path

from cwg.search.views import public

app_name = "search"

urlpatterns = [path("", public.search, name="search")]
