"""Reads of the partner API's administration."""

from __future__ import annotations

from django.db.models import QuerySet

from saphan.orgs.access import require
from saphan.orgs.models import User

from .models import ApiToken


def tokens_for_admin(*, actor: User) -> QuerySet[ApiToken]:
    require(actor, "orgs.manage_users")
    return ApiToken.objects.select_related("user", "user__agency", "created_by").order_by(
        "-created_at"
    )


def integration_accounts(*, actor: User) -> QuerySet[User]:
    """Accounts a token may be issued to: active agency accounts, never a superuser."""
    require(actor, "orgs.manage_users")
    return (
        User.objects.filter(is_active=True, is_superuser=False, agency__isnull=False)
        .select_related("agency")
        .order_by("username")
    )
