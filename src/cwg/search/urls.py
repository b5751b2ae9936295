"""Pages of the search domain."""

app_name = "search"

urlpatterns: list = []
