"""Pages of the reports domain (mounted at /<lang>/reports/)."""

from django.urls import path

from cwg.reports.views import annexes, council, secretariat

app_name = "reports"

urlpatterns = [
    path("", secretariat.request_report, name="request"),
    path("annexes/<slug:group>/", annexes.annexes, name="annexes"),
    path("annexes/<slug:group>/remove/", annexes.remove_annex, name="remove_annex"),
    path("council/", council.sessions, name="council_sessions"),
    path("council/submit/", council.submit, name="council_submit"),
    path("council/<str:code>/", council.session, name="council_session"),
    path("council/<str:code>/<int:number>/outcome/", council.outcome, name="council_outcome"),
]
