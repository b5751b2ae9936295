"""URL routes: the JSON API, the admin, and the pages under a language prefix."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from cwg.api import api
from cwg.core.language_urls import set_language
from cwg.registry.views.account import admin_sign_in

urlpatterns = [
    path("api/v1/", api.urls),
    # The admin has no sign-in of its own: the site's (lock-out, second factor) serves it.
    path("admin/login/", admin_sign_in, name="admin_sign_in"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("cwg.shell.urls")),
    path("states/", include("cwg.registry.urls")),
    path("account/", include("cwg.registry.account_urls")),
    path("groups/", include("cwg.groups.urls")),
    path("meetings/", include("cwg.meetings.urls")),
    path("documents/", include("cwg.documents.urls")),
    path("consultations/", include("cwg.consultations.urls")),
    path("decisions/", include("cwg.decisions.urls")),
    path("analysis/", include("cwg.analysis.urls")),
    path("drafting/", include("cwg.drafting.urls")),
    path("reports/", include("cwg.reports.urls")),
    path("search/", include("cwg.search.urls")),
    prefix_default_language=True,
)

# Uploaded files are never served from MEDIA_ROOT directly: every download goes through
# a view that checks the reader may see the document or submission.
