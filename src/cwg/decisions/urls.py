"""Pages of the decisions domain, mounted at /<lang>/decisions/."""

from django.urls import path

from cwg.decisions.views import public, secretariat

app_name = "decisions"

urlpatterns = [
    path("<int:decision_id>/", public.detail, name="detail"),
    path("<int:decision_id>/approve/", secretariat.approve, name="approve"),
    path("<int:decision_id>/actions/add/", secretariat.add_action, name="add_action"),
    path("actions/<int:action_id>/status/", secretariat.set_action_status, name="action_status"),
    path("actions/<int:action_id>/documents/", secretariat.link_documents, name="link_documents"),
    path("meeting/<int:meeting_id>/new/", secretariat.record, name="record"),
    path("group/<slug:group_slug>/", public.group_decisions, name="group"),
    path("group/<slug:group_slug>/actions/", public.tracker, name="tracker"),
]
