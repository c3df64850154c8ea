from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import otp_views, views_accounts
from .forms import LoginForm


class SignOutView(auth_views.LogoutView):
    """Signing out also tells the browser to forget what this site kept on the device: the
    field app's encrypted pages, drafts and queue (IndexedDB), its caches and its service
    worker. The field app's script clears them first (static/js/saphan.js); this header is
    for a browser whose script did not run."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", authentication_form=LoginForm
        ),
        name="login",
    ),
    path("logout/", SignOutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("two-factor/", otp_views.verify, name="otp_verify"),
    path("two-factor/enrol/", otp_views.setup, name="otp_setup"),
    path("two-factor/recovery-codes/", otp_views.recovery_codes, name="otp_recovery_codes"),
    # A forgotten password: the owner asks, gets a one-time link by e-mail and chooses a new one.
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="registration/password_reset_form.html",
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    # The account pages of the system administrator and the central officers' approval queue.
    path("", include((views_accounts.urlpatterns, "accounts"))),
]
