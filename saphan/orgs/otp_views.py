"""The second factor's pages: enrol an authenticator, give the code, renew recovery codes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from saphan.core.thai import format_datetime_be

from . import otp
from .auth import record_failed_login
from .forms import EnrolmentForm, SecondFactorForm


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _with_next(name: str, target: str) -> str:
    return reverse(name) + "?" + urlencode({"next": target})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """After the password: the code from the authenticator app, or a recovery code. A wrong
    code counts like a wrong password; at the limit the account locks and the session ends."""
    target = _next(request)
    if otp.is_verified(request) or not otp.requires_second_factor(request.user):
        return redirect(target)
    if not otp.is_enrolled(request.user):
        return redirect(_with_next("otp_setup", target))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = otp.verify(user=request.user, token=form.cleaned_data["otp_token"])
        if result.device is not None:
            otp.second_factor_passed(request, result.device)
            return redirect(target)
        user = request.user
        record_failed_login(user.username)
        user.refresh_from_db(fields=["locked_until"])
        if user.is_locked:
            logout(request)
            messages.error(
                request,
                _(
                    "Too many wrong codes: this account is locked until %(until)s. Ask your "
                    "system administrator to unlock it."
                )
                % {"until": format_datetime_be(user.locked_until)},
            )
            return redirect("login")
        if result.throttled:
            form.add_error(
                None, _("Several wrong codes in a row: wait a few seconds, then type the new code.")
            )
        else:
            form.add_error(
                None,
                _(
                    "The code is not correct. Type the 6 digits the app shows now (they change "
                    "every 30 seconds), or a recovery code."
                ),
            )
    return render(request, "registration/otp_verify.html", {"form": form, "next": target})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """First sign-in of an account that needs a second factor: add the account to an
    authenticator app (QR code or the secret typed), confirm with a code, then see the ten
    recovery codes once."""
    target = _next(request)
    if not otp.requires_second_factor(request.user):
        return redirect(target)
    if otp.is_enrolled(request.user):
        return redirect(_with_next("otp_verify", target))
    device = otp.enrolment_device(user=request.user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp.enrolment_confirm(
            actor=request.user, device=device, token=form.cleaned_data["otp_token"]
        )
        if codes is not None:
            device.refresh_from_db()
            otp.second_factor_passed(request, device)
            return render(
                request,
                "registration/otp_recovery_codes.html",
                {"codes": codes, "next": target, "enrolled": True},
            )
        form.add_error(
            "otp_token",
            _(
                "The code is not correct. Check that the app shows the account “%(account)s” "
                "and type the 6 digits it shows now."
            )
            % {"account": request.user.username},
        )
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            "next": target,
            "qr_svg": otp.qr_svg(device),
            "secret": otp.grouped(otp.base32_secret(device)),
            "issuer": "Saphan",
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """Renew the ten recovery codes (the old ones stop working); they are shown once."""
    if not otp.requires_second_factor(request.user):
        return redirect("home")
    if not otp.is_enrolled(request.user):
        return redirect(_with_next("otp_setup", reverse("otp_recovery_codes")))
    if request.method == "POST":
        codes = otp.recovery_codes_renew(actor=request.user)
        return render(
            request,
            "registration/otp_recovery_codes.html",
            {"codes": codes, "next": reverse("home"), "enrolled": False},
        )
    return render(
        request,
        "registration/otp_recovery_renew.html",
        {"left": otp.recovery_codes_left(request.user)},
    )
