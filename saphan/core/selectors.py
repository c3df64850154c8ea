from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Alert, ImportRun

if TYPE_CHECKING:
    import uuid

    from django.contrib.auth.models import AbstractUser as User  # core sits below orgs


def alert_list(*, actor: User) -> QuerySet[Alert]:
    return Alert.objects.filter(user=actor)


def unread_alert_count(*, actor: User) -> int:
    return Alert.objects.filter(user=actor, read_at__isnull=True).count()


def import_run_of(*, actor: User, pk: uuid.UUID | str, kind: str) -> ImportRun | None:
    """One import the actor sent (nobody follows another's import)."""
    return ImportRun.objects.filter(pk=pk, started_by=actor, kind=kind).defer("data").first()


def import_runs_recent(*, actor: User, kind: str, limit: int = 5) -> list[ImportRun]:
    return list(
        ImportRun.objects.filter(started_by=actor, kind=kind).defer("data", "result")[:limit]
    )
