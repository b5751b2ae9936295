"""Pages of the registry domain."""

app_name = "registry"

urlpatterns: list = []
