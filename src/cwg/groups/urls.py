"""Pages of the groups domain."""

app_name = "groups"

urlpatterns: list = []
