from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.utils import timezone, translation

from .effects import after_commit
from .models import Alert

if TYPE_CHECKING:
    import datetime as dt

    from django.contrib.auth.models import AbstractUser as User  # core sits below orgs


def alerts_mark_read(*, actor: User, ids: list[int] | None = None) -> int:
    """Mark the actor's own alerts read (all, or those given); nobody marks another's alerts."""
    qs = Alert.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def alert_write(
    *,
    user: User,
    key: str,
    kind: str,
    message: str,
    level: str = "info",
    link: str = "",
    due_at: dt.datetime | None = None,
) -> bool:
    """One in-app alert for one person, now and once per ``key`` (a periodic task may raise the
    same alert again and again); True when it is new. ``link`` is the page it opens."""
    alert, made = Alert.objects.get_or_create(
        key=key,
        defaults={"user": user, "kind": kind, "level": level, "message": str(message)[:500],
                  "link": link, "due_at": due_at},
    )  # fmt: skip
    if made:
        # by e-mail or LINE too when the person asked for it (messaging.py), after the commit
        from .messaging import queue_for_alert

        after_commit(queue_for_alert, alert)
    return made


def alerts_after_commit(
    *,
    users: Iterable,
    key: str,
    kind: str,
    message: Callable[[], str],
    level: str = "info",
    link: str = "",
) -> None:
    """When the caller's transaction commits (and only then): an alert for each person, with
    ``message()`` said in their language, once per ``key`` and person."""
    users = list(users)

    def send():
        for user in users:
            with translation.override(user.language or "th"):
                text = str(message())
            alert_write(
                user=user, key=f"{key}:{user.pk}", kind=kind, message=text, level=level, link=link
            )

    after_commit(send)
