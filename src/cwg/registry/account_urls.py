"""Account pages: password reset by e-mail and the second factor (mounted under /account/)."""

from django.urls import path

from cwg.registry.views import account

app_name = "account"

urlpatterns = [
    path("password-reset/", account.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        account.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        account.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        account.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("second-factor/", account.second_factor, name="second_factor"),
    path("second-factor/set-up/", account.second_factor_setup, name="second_factor_setup"),
]
