"""Pages of the reports domain."""

app_name = "reports"

urlpatterns: list = []
