"""The read-access log: one helper that every selector of people or cases calls."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from .models import ReadAccess

GENESIS = "0" * 64
_CHAIN_LOCK = 0x5A9A_0001  # pg advisory lock key: one writer at a time extends the chain


def _digest(prev_hash: str, row: ReadAccess) -> str:
    payload = "\x1f".join(
        [
            prev_hash,
            row.at.isoformat(),
            str(row.user_id or ""),
            row.username,
            row.record_type,
            row.record_id,
            row.scope,
            row.purpose,
            row.path,
        ]
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@transaction.atomic
def log_reads(
    *, actor, records: Iterable, scope: str, purpose: str = "", path: str = ""
) -> list[ReadAccess]:
    """Record that ``actor`` saw ``records`` under ``scope``; returns the log rows."""
    records = list(records)
    if not records:
        return []
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    last = ReadAccess.objects.order_by("-id").values_list("hash", flat=True).first()
    prev = last or GENESIS
    now = timezone.now()
    rows = []
    for rec in records:
        row = ReadAccess(
            at=now,
            user_id=getattr(actor, "pk", None),
            username=getattr(actor, "username", "") or "",
            record_type=rec._meta.label_lower,
            record_id=str(rec.pk),
            record_label=str(getattr(rec, "code", "") or "")[:200],
            scope=scope[:200],
            purpose=purpose[:200],
            path=path[:500],
            prev_hash=prev,
        )
        row.hash = _digest(prev, row)
        prev = row.hash
        rows.append(row)
    return ReadAccess.objects.bulk_create(rows)


def log_read(*, actor, record, scope: str, purpose: str = "", path: str = "") -> ReadAccess:
    return log_reads(actor=actor, records=[record], scope=scope, purpose=purpose, path=path)[0]


def verify_chain() -> tuple[bool, int | None]:
    """Walk the chain; return (intact, id of the first broken row)."""
    prev = GENESIS
    for row in ReadAccess.objects.order_by("id").iterator(chunk_size=2000):
        if row.prev_hash != prev or _digest(prev, row) != row.hash:
            return False, row.id
        prev = row.hash
    return True, None
