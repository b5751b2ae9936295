"""Pages of the site shell: home, sign-in, profile."""

from django.contrib.auth import views as auth_views
from django.urls import path

from cwg.core.views import public

app_name = "core"

urlpatterns = [
    path("", public.home, name="home"),
    path("sign-in/", auth_views.LoginView.as_view(template_name="core/sign_in.html"), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
]
