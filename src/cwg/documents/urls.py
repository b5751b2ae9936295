"""Pages of the documents domain (mounted at /<lang>/documents/)."""

from django.urls import path

from cwg.documents.views import delegates, pickers, public, secretariat

app_name = "documents"

urlpatterns = [
    path("", public.document_list, name="list"),
    path("pick.json", pickers.pick, name="pick"),
    path("files/<int:file_id>/", public.download, name="download"),
    path(
        "meetings/<int:meeting_id>/contribute/",
        delegates.submit_contribution,
        name="submit_contribution",
    ),
    path(
        "<int:document_id>/versions/<int:revision>/<str:language>/",
        public.version,
        name="version",
    ),
    path("<int:document_id>/revise/", delegates.revise, name="revise"),
    path("<int:document_id>/upload/", delegates.upload_version, name="upload"),
    path("<int:document_id>/manage/", secretariat.manage, name="manage"),
    path("reports/<int:report_id>/", secretariat.report_approval, name="report"),
    path("meetings/<int:meeting_id>/report/", secretariat.start_report, name="start_report"),
    path("post/<slug:group_slug>/", secretariat.post_document, name="post"),
    # Symbols contain "/", so the document page takes the rest of the path; it comes last.
    path("<path:symbol>/", public.document_detail, name="detail"),
]
