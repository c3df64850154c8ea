from django.contrib.auth import views as auth_views
from django.urls import path

from . import otp_views
from .forms import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", authentication_form=LoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
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
]
