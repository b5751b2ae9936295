"""Pages of the site shell: home, sign-in and out, profile, the secretariat's workspace."""

from django.contrib.auth import views as auth_views
from django.urls import path

from cwg.shell.views import opendata, public, workspace

app_name = "core"

urlpatterns = [
    path("", public.home, name="home"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="core/sign_in.html",
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", public.profile, name="profile"),
    path("profile/<str:username>/", public.profile, name="person_profile"),
    path("workspace/", workspace.workspace, name="workspace"),
    path("open-data/", opendata.index, name="open_data"),
    path("open-data/<slug:dataset>.<slug:fmt>", opendata.download, name="open_data_download"),
]
