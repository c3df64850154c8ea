"""Every day the read log's hash chain is verified; when it breaks every auditor is alerted."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from saphan.core.services import alert_write
from saphan.orgs.roles import Role

from . import sealed
from .services import ChainCheck, check_chain

log = logging.getLogger(__name__)


def _message(result: ChainCheck, language: str) -> str:
    with translation.override(language):
        why = (
            _("its content does not match its hash (the row was edited)")
            if result.reason == "hash"
            else _("it does not follow the row before it (a row was removed or inserted)")
        )
        return _("The read log's chain is broken at row %(row)s: %(why)s.") % {
            "row": result.broken_id,
            "why": why,
        }


def verify_and_alert(*, now=None) -> ChainCheck:
    """Verify the chain; when it is broken, alert every active auditor (once per broken row
    and day, so a chain that stays broken is said again each day)."""
    now = now or timezone.now()
    result = check_chain()
    if result.intact:
        log.info("read log chain holds (%d rows)", result.rows)
        return result
    log.error("read log chain broken at row %s (%s)", result.broken_id, result.reason)
    day = timezone.localdate(now).isoformat()
    auditors = get_user_model().objects.filter(is_active=True, roles__contains=[Role.AUDITOR])
    for user in auditors:
        alert_write(
            user=user,
            key=f"audit_chain_broken:{result.broken_id}:{day}:{user.pk}",
            kind="audit_chain_broken",
            level="danger",
            message=_message(result, user.language or "th"),
            due_at=now,
        )
    return result


@app.periodic(cron="15 2 * * *", periodic_id="audit_chain_verify")
@app.task(queue="default", pass_context=False)
def audit_chain_verify(timestamp: int | None = None) -> None:
    verify_and_alert()
    sealed.purge_expired()
