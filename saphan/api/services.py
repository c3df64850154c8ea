"""Writes of the partner API's administration: issuing and revoking tokens."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.orgs.access import require
from saphan.orgs.models import User

from .auth import TOKEN_PREFIX, digest
from .models import ApiToken

MAX_DAYS = 365


@transaction.atomic
def token_issue(*, actor: User, account: User, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for an integration account; returns it with its secret, which is shown once
    and never stored (only its SHA-256 digest is)."""
    require(actor, "orgs.manage_users")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name (which system uses it).")})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            {"days": _("A token lasts from 1 to %(days)s days.") % {"days": MAX_DAYS}}
        )
    if not account.is_active or account.is_superuser or not account.agency_id:
        raise ValidationError(
            {"account": _("Choose an active account of an agency (never a superuser).")}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=account, name=name[:100], prefix=secret[:12], digest=digest(secret),
        created_by=actor, expires_at=timezone.now() + dt.timedelta(days=days),
    )  # fmt: skip
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    require(actor, "orgs.manage_users")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), actor
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token
