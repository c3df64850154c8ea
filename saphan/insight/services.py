"""Writes of the insight app: the export log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from .models import ExportLog

if TYPE_CHECKING:
    from saphan.orgs.models import User


@transaction.atomic
def export_log(
    *,
    actor: User,
    kind: str,
    scope: str = "",
    params: dict | None = None,
    rows: int = 0,
    suppressed: int = 0,
    destination: str = "",
) -> ExportLog:
    """Record who exported what (called by the downloads, reports and export commands after
    they checked the permission); the read log gets a row too, so exports show in /audit/."""
    from saphan.audit.models import Outcome
    from saphan.audit.services import log_event

    entry = ExportLog.objects.create(
        user=actor,
        kind=kind,
        scope=scope,
        params=params or {},
        rows=rows,
        suppressed=suppressed,
        destination=destination[:500],
    )
    log_event(
        actor=actor,
        outcome=Outcome.EXPORT,
        record_type=f"export:{kind}",
        record_id=str(entry.pk),
        scope=scope or kind,
        purpose=f"rows={rows} suppressed={suppressed} {destination}".strip(),
    )
    return entry
