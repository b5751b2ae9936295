"""Pages of the drafting room, mounted at /<lang>/drafting/."""

from django.urls import path

from cwg.drafting.views import pages

app_name = "drafting"

urlpatterns = [
    path("", pages.text_list, name="list"),
    path("<slug:slug>/", pages.text_detail, name="text"),
    path("<slug:slug>/matrix/", pages.matrix, name="matrix"),
    path("<slug:slug>/propose/", pages.propose, name="propose"),
    path("<slug:slug>/import/", pages.import_docx, name="import"),
    path("<slug:slug>/revisions/new/", pages.new_revision, name="new_revision"),
    path("<slug:slug>/diff/", pages.diff, name="diff"),
    path(
        "<slug:slug>/contributions/<str:origin>/<int:number>.docx",
        pages.contribution_docx,
        name="contribution_docx",
    ),
    path("<slug:slug>/rev/<int:number>/", pages.revision, name="revision"),
    path("<slug:slug>/rev/<int:number>/agree/", pages.agree, name="agree"),
    path("<slug:slug>/rev/<int:number>/export.<str:fmt>", pages.export, name="export"),
]
