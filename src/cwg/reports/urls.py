"""Pages of the reports domain (mounted at /<lang>/reports/)."""

from django.urls import path

from cwg.reports.views import secretariat

app_name = "reports"

urlpatterns = [
    path("", secretariat.request_report, name="request"),
]
