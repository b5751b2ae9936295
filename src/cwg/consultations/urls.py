"""Pages of the consultations domain."""

app_name = "consultations"

urlpatterns: list = []
