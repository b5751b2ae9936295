"""Pages of the consultations domain, mounted at /<lang>/consultations/."""

from django.urls import path

from cwg.consultations.views import campaign_review, downloads, imports, public, secretariat

app_name = "consultations"

urlpatterns = [
    path("", public.index, name="index"),
    # Before the <slug> pages; service-made slugs are one segment, so "groups/x/new/" stays free.
    path("groups/<slug:group_slug>/new/", secretariat.create, name="create"),
    path("<slug:slug>/", public.detail, name="detail"),
    path("<slug:slug>/edit/", secretariat.edit, name="edit"),
    path("<slug:slug>/respond/", public.submit, name="submit"),
    path("<slug:slug>/receipts/<str:receipt>/", public.receipt, name="receipt"),
    path(
        "<slug:slug>/receipts/<str:receipt>/attachments/<int:attachment_id>/",
        downloads.receipt_attachment,
        name="receipt_attachment",
    ),
    path("<slug:slug>/submissions/", public.published, name="published"),
    path(
        "<slug:slug>/submissions/<str:receipt>/attachments/<int:attachment_id>/",
        downloads.attachment,
        name="attachment",
    ),
    path("<slug:slug>/campaigns/", public.campaigns, name="campaigns"),
    path("<slug:slug>/campaigns/jobs/<int:job_id>/", public.job_progress, name="job_progress"),
    path("<slug:slug>/campaigns/run/", secretariat.run_campaigns, name="run_campaigns"),
    path(
        "<slug:slug>/campaigns/<int:campaign_id>/",
        campaign_review.review,
        name="campaign_review",
    ),
    path(
        "<slug:slug>/campaigns/<int:campaign_id>/moderate/",
        campaign_review.moderate,
        name="campaign_moderate",
    ),
    path(
        "<slug:slug>/campaigns/<int:campaign_id>/not-a-campaign/",
        campaign_review.not_a_campaign,
        name="campaign_not_a_campaign",
    ),
    path(
        "<slug:slug>/campaigns/<int:campaign_id>/split/",
        campaign_review.split,
        name="campaign_split",
    ),
    path(
        "<slug:slug>/campaigns/not-campaigns/<int:dismissal_id>/undo/",
        campaign_review.undo_not_a_campaign,
        name="campaign_undo_not_a_campaign",
    ),
    path("<slug:slug>/compilation.<str:fmt>", public.compilation_file, name="compilation"),
    path(
        "<slug:slug>/compilation/progress/",
        public.compilation_progress,
        name="compilation_progress",
    ),
    path("<slug:slug>/compilation/build/", secretariat.compile_consultation, name="compile"),
    path("<slug:slug>/state/", secretariat.change_state, name="change_state"),
    path("<slug:slug>/moderation/", secretariat.moderation, name="moderation"),
    path("<slug:slug>/import/", imports.start, name="import"),
    path("<slug:slug>/import/<int:import_id>/", imports.status, name="import_status"),
    path(
        "<slug:slug>/import/<int:import_id>/progress/",
        imports.progress,
        name="import_progress",
    ),
    path("<slug:slug>/moderation/<str:receipt>/hide/", secretariat.hide, name="hide"),
    path("<slug:slug>/moderation/<str:receipt>/restore/", secretariat.restore, name="restore"),
]
