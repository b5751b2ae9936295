"""Pages of the analysis domain."""

app_name = "analysis"

urlpatterns: list = []
