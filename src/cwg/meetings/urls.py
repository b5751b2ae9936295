"""Pages of the meetings domain."""

app_name = "meetings"

urlpatterns: list = []
