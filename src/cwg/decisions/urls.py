"""Pages of the decisions domain."""

app_name = "decisions"

urlpatterns: list = []
