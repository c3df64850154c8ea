"""The read-access log: one helper that every selector of people or cases calls, and
``log_event`` for what is not a record in hand (a refused address, an export, a search)."""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from .models import Outcome, ReadAccess

if TYPE_CHECKING:
    from django.db.models import Model

    from saphan.orgs.models import User

GENESIS = "0" * 64
_CHAIN_LOCK = 0x5A9A_0001  # pg advisory lock key: one writer at a time extends the chain


def _tail(row: ReadAccess) -> str:
    """What a row's hash seals besides the hash before it."""
    return "\x1f".join(
        [
            row.at.isoformat(),
            str(row.user_id or ""),
            row.username,
            row.record_type,
            row.record_id,
            row.scope,
            row.purpose,
            row.path,
        ]
        # Rows from before outcomes existed were all "seen" and hashed without these two, so
        # their hashes stay valid; every other row also seals the code it names.
        + ([row.outcome, row.record_label] if row.outcome and row.outcome != Outcome.SEEN else [])
    )


def _digest(prev_hash: str, row: ReadAccess) -> str:
    return hashlib.sha256(f"{prev_hash}\x1f{_tail(row)}".encode()).hexdigest()


def _append(rows: list[ReadAccess], *, asynchronous: bool = False) -> list[ReadAccess]:
    """Chain ``rows`` after the last row and write them, one writer at a time, in one
    statement (the database function saphan_read_log_append, migration audit 0004: the
    chain's lock, the last hash, the digests of ``_digest`` and the inserts). Called on its
    own (not in a transaction) the statement is its own transaction, so the lock is held for
    that statement alone. Asynchronous: the commit does not wait for the disk (``log_reads``)."""
    payload = [
        {
            "tail": _tail(row),
            "at": row.at.isoformat(),
            "user_id": str(row.user_id) if row.user_id else None,
            "username": row.username,
            "record_type": row.record_type,
            "record_id": row.record_id,
            "record_label": row.record_label,
            "scope": row.scope,
            "purpose": row.purpose,
            "path": row.path,
            "outcome": row.outcome,
        }
        for row in rows
    ]
    with connection.cursor() as cur:
        cur.execute(
            "SELECT row_id, row_prev, row_hash FROM saphan_read_log_append(%s::jsonb, %s)",
            [json.dumps(payload), asynchronous],
        )
        written = cur.fetchall()
    for row, (pk, prev, digest) in zip(rows, written, strict=True):
        row.pk, row.prev_hash, row.hash = pk, prev, digest
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias
    return rows


def read_log_commit_waits() -> bool:
    """Whether a read log written on its own waits for the disk before the page is sent."""
    from django.conf import settings

    return bool(getattr(settings, "SAPHAN_READ_LOG_SYNCHRONOUS", False))


def log_reads(
    *, actor: User, records: Iterable, scope: str, purpose: str = "", path: str = ""
) -> list[ReadAccess]:
    """Record that ``actor`` saw ``records`` under ``scope``; returns the log rows.

    Written on its own (a page that only reads), the log's transaction commits without waiting
    for the disk flush (PostgreSQL's asynchronous commit, set for that transaction only): the rows are in the
    database, ordered and chained, before the page is sent, and the WAL writer puts them on disk
    within a fraction of a second, so only a crash of the database host in that moment could
    lose the newest rows (never alter a row: the chain still verifies). Inside a transaction
    that writes anything else, the log commits with it, as durably as that write.
    SAPHAN_READ_LOG_SYNCHRONOUS=1 makes every read log wait for the disk (README)."""
    records = list(records)
    if not records:
        return []
    rows = _rows(actor, records, scope=scope, purpose=purpose, path=path)
    alone = not connection.in_atomic_block
    batch = _BATCH.get()
    if alone and batch is not None:
        batch.extend(rows)  # written with the request's other reads (reads_written_together)
        return rows
    return _write(rows, alone=alone)


def _write(rows: list[ReadAccess], *, alone: bool) -> list[ReadAccess]:
    # Alone (no transaction open): the one statement is its own transaction.
    return _append(rows, asynchronous=alone and not read_log_commit_waits())


# The reads of one request that only reads (a case page logs the case, its people and its
# perpetrators) are written together in one transaction when the request ends, before its
# response leaves (audit.middleware.ReadLogBatchMiddleware); if they cannot be written the
# response is an error instead of the page. Reads logged inside a transaction that writes are
# written with it, at once.
_BATCH: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "saphan_read_log_batch", default=None
)


@contextlib.contextmanager
def reads_written_together() -> Iterator[None]:
    batch: list[ReadAccess] = []
    token = _BATCH.set(batch)
    try:
        yield
    finally:
        _BATCH.reset(token)
        if batch:
            _write(batch, alone=not connection.in_atomic_block)


def _rows(actor: User, records: list, *, scope: str, purpose: str, path: str) -> list[ReadAccess]:
    now = timezone.now()
    return [
        ReadAccess(
            at=now,
            user_id=getattr(actor, "pk", None),
            username=getattr(actor, "username", "") or "",
            record_type=rec._meta.label_lower,
            record_id=str(rec.pk),
            record_label=str(getattr(rec, "code", "") or "")[:200],
            scope=scope[:200],
            purpose=purpose[:200],
            path=path[:500],
        )
        for rec in records
    ]


def log_event(
    *,
    actor: User,
    outcome: str,
    record_type: str,
    record_id: str = "",
    record_label: str = "",
    scope: str = "",
    purpose: str = "",
    path: str = "",
) -> ReadAccess:
    """Record something that is not a record seen: a refused attempt (what was asked for, by
    its id or code), an export (what, how many rows), an auditor's search (the query), a
    duplicate-check hint about a record the actor cannot open."""
    row = ReadAccess(
        at=timezone.now(),
        user_id=getattr(actor, "pk", None),
        username=getattr(actor, "username", "") or "",
        record_type=record_type[:100],
        record_id=str(record_id)[:100],
        record_label=str(record_label)[:200],
        scope=scope[:200],
        purpose=purpose[:200],
        path=path[:500],
        outcome=outcome,
    )
    return _append([row])[0]


def refuse_logged(actor: User, records: list, why: str, *, what: str, path: str = "") -> NoReturn:
    """Log a refused attempt on ``records`` and raise PermissionDenied(why). The log row is
    written in its own transaction: the refusal stays on record although nothing else is."""
    with transaction.atomic():
        log_reads(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            records=records,
            scope=f"refused: {why}",
            purpose=what,
            path=path,
        )
    raise PermissionDenied(why)


def log_read(
    *, actor: User, record: Model, scope: str, purpose: str = "", path: str = ""
) -> ReadAccess:
    return log_reads(actor=actor, records=[record], scope=scope, purpose=purpose, path=path)[0]


@dataclass(frozen=True)
class ChainCheck:
    """The result of walking the whole chain."""

    intact: bool
    rows: int  # rows checked (up to and including the first broken one)
    broken_id: int | None = None
    # "prev_hash": the row does not follow the one before (a row removed or inserted);
    # "hash": the row's content does not match its hash (the row was edited)
    reason: str = ""
    last_id: int | None = None  # the last row that holds


def check_chain() -> ChainCheck:
    """Walk the whole chain from the first row; stop at the first row that does not hold."""
    prev = GENESIS
    rows = 0
    last_id = None
    for row in ReadAccess.objects.order_by("id").iterator(chunk_size=2000):
        rows += 1
        if row.prev_hash != prev:
            return ChainCheck(False, rows, row.id, "prev_hash", last_id)
        if _digest(prev, row) != row.hash:
            return ChainCheck(False, rows, row.id, "hash", last_id)
        prev = row.hash
        last_id = row.id
    return ChainCheck(True, rows, None, "", last_id)


def verify_chain() -> tuple[bool, int | None]:
    """Walk the chain; return (intact, id of the first broken row)."""
    result = check_chain()
    return result.intact, result.broken_id
