"""Pages of the documents domain."""

app_name = "documents"

urlpatterns: list = []
