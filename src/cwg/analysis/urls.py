"""Pages of the analysis domain, under /<language>/analysis/."""

from django.urls import path

from cwg.analysis.views import members, secretariat

app_name = "analysis"

urlpatterns = [
    path("", members.analysis_list, name="list"),
    path("new/", secretariat.create, name="create"),
    path("mandates/", members.mandates, name="mandates"),
    path("mandates/load/", secretariat.load_mandates, name="load_mandates"),
    path("mandates/resolution/", secretariat.resolution_clauses, name="resolution_clauses"),
    path("<int:pk>/", members.detail, name="detail"),
    path("<int:pk>/import/", secretariat.import_document, name="import"),
    path("<int:pk>/run/", secretariat.run, name="run"),
    path("runs/<int:run_id>/progress/", members.progress, name="progress"),
    path("<int:pk>/paragraphs/<int:paragraph_id>/", members.paragraph, name="paragraph"),
    path("<int:pk>/paragraphs/<int:paragraph_id>/review/", secretariat.review, name="review"),
    path("<int:pk>/results/", members.results, name="results"),
    path("<int:pk>/export/<str:fmt>/", members.export, name="export"),
    path("<int:pk>/attach/", secretariat.attach, name="attach"),
]
