"""Side effects of a write (alerts, mails, webhooks, queued jobs, file clean-ups): the one way
to run them, after the caller's transaction commits.

A write is saved first; what it sets off follows, and only if the write held. A side effect that
fails (a mail server down, a queue unreachable) is logged and does not undo the write nor fail
the page that made it, nor stop the side effects queued after it.

    from saphan.core.effects import after_commit

    after_commit(send_welcome, user.pk, base_url)
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger("saphan.effects")


def after_commit(
    fn: Callable[..., Any], /, *args: Any, using: str | None = None, **kwargs: Any
) -> None:
    """Call ``fn(*args, **kwargs)`` when the current transaction commits (at once when there is
    none; never when it rolls back). A failure is logged under ``saphan.effects``, not raised."""

    @functools.wraps(fn)
    def run() -> None:
        try:
            fn(*args, **kwargs)
        except Exception:
            logger.exception("side effect %s after commit failed", _name(fn))

    transaction.on_commit(run, using=using, robust=True)


def _name(fn: Callable[..., Any]) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"
