"""Writes of the insight app: the export log."""

from __future__ import annotations

from django.db import transaction

from .models import ExportLog


@transaction.atomic
def export_log(
    *,
    actor,
    kind: str,
    scope: str = "",
    params: dict | None = None,
    rows: int = 0,
    suppressed: int = 0,
    destination: str = "",
) -> ExportLog:
    """Record who exported what (called by the downloads, reports and export commands after
    they checked the permission)."""
    return ExportLog.objects.create(
        user=actor,
        kind=kind,
        scope=scope,
        params=params or {},
        rows=rows,
        suppressed=suppressed,
        destination=destination[:500],
    )
