from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Alert

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser as User  # core sits below orgs


def alert_list(*, actor: User) -> QuerySet[Alert]:
    return Alert.objects.filter(user=actor)


def unread_alert_count(*, actor: User) -> int:
    return Alert.objects.filter(user=actor, read_at__isnull=True).count()
