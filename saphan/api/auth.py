"""Bearer tokens of integration accounts, and their per-token rate limit."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import connection
from django.utils import timezone
from ninja.security import HttpBearer

from .models import ApiToken

TOKEN_PREFIX = "sph_"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after


def live_token(secret: str) -> ApiToken | None:
    """The live token this secret belongs to, with its account (active), or None."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__agency", "user__province")
        .filter(digest=digest(secret), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    return token


def count_request(token: ApiToken) -> None:
    """One more request in this minute; refused past the token's limit. Counted in PostgreSQL
    (one upsert) so every worker shares the count."""
    with connection.cursor() as cur:
        cur.execute(
            """INSERT INTO api_ratewindow (token_id, minute, count)
               VALUES (%s, date_trunc('minute', now()), 1)
               ON CONFLICT (token_id, minute) DO UPDATE SET count = api_ratewindow.count + 1
               RETURNING count, 60 - extract(second FROM now())::int""",
            [token.pk],
        )
        count, seconds_left = cur.fetchone()
    if count > token.rate_per_minute:
        raise RateLimited(max(1, seconds_left))
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        with connection.cursor() as cur:  # old windows are of no use
            cur.execute(
                "DELETE FROM api_ratewindow WHERE token_id = %s AND minute < now() - interval '1 hour'",
                [token.pk],
            )


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = live_token(token)
        if found is None:
            return None
        count_request(found)
        request.user = found.user
        request.api_token = found
        return found
