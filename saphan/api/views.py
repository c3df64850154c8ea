"""The administrator's page for partner API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import TokenForm


def _admin_only(request):
    if not request.user.has_perm("orgs.manage_users"):
        raise PermissionDenied


@login_required
def tokens(request):
    _admin_only(request)
    accounts = selectors.integration_accounts(actor=request.user)
    form = TokenForm(request.POST or None, accounts=accounts)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_issue(
                actor=request.user, account=form.cleaned_data["account"],
                name=form.cleaned_data["name"], days=form.cleaned_data["days"],
            )  # fmt: skip
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                for e in errs:
                    form.add_error(field if field in form.fields else None, e)
        else:
            form = TokenForm(accounts=accounts)
            messages.success(request, _("Token issued. Copy it now: it will not be shown again."))
    return render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": selectors.tokens_for_admin(actor=request.user)},
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    _admin_only(request)
    token = get_object_or_404(selectors.tokens_for_admin(actor=request.user), pk=pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token revoked: it no longer works."))
    return redirect("api:tokens")
