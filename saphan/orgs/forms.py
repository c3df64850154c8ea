from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from saphan.core.thai import format_datetime_be


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or password is not correct. Note that the password is case-sensitive."
        ),
        "locked": _(
            "This account is locked after too many wrong passwords. Try again after %(until)s, "
            "or ask your system administrator to unlock it."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if username:
            from .auth import locked_until, record_failed_login

            if locked_until(username) is not None:
                # Count this try too, so guessing on a locked account never helps. An unknown
                # username is locked and answered the same way (auth.record_failed_login).
                record_failed_login(username)
                raise forms.ValidationError(
                    self.error_messages["locked"],
                    code="locked",
                    params={"until": format_datetime_be(locked_until(username))},
                )
        return super().clean()


class SecondFactorForm(forms.Form):
    """The code after the password: 6 digits from the authenticator app, or a recovery code."""

    otp_token = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code your authenticator app shows now, or one recovery code."),
        error_messages={"required": _("Type the code from your authenticator app.")},
    )


class EnrolmentForm(forms.Form):
    otp_token = forms.CharField(
        label=_("The 6-digit code the app shows"),
        max_length=10,
        error_messages={"required": _("Type the code from your authenticator app.")},
    )
