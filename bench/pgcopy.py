"""Bulk loading for the bench: rows in PostgreSQL's COPY text format, loaded with psycopg 3's
``cursor.copy``; secondary indexes dropped for the load and rebuilt after it; the history
triggers skipped for the load session only.

This is for synthetic bench data in a throw-away database, never for the app's own writes
(which go through services and keep their history).
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _array(items: Iterable) -> str:
    parts = []
    for item in items:
        if item is None:
            parts.append("NULL")
        else:
            text = str(item).replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'"{text}"')
    return "{" + ",".join(parts) + "}"


def value(v) -> str:
    """One value in COPY text format."""
    if v is None:
        return NULL
    if v is True:
        return "t"
    if v is False:
        return "f"
    if isinstance(v, str):
        return v.translate(_ESCAPE)
    if isinstance(v, int | float):
        return str(v)
    if isinstance(v, list | tuple):
        return _array(v).translate(_ESCAPE)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPE)
    if isinstance(v, dt.date):  # datetime too
        return v.isoformat()
    if isinstance(v, uuid.UUID):
        return str(v)
    return str(v).translate(_ESCAPE)


@dataclass(frozen=True)
class Table:
    """A table's columns in COPY order, with the value used for a column a row leaves out
    (the model field's default, as Django would have written it)."""

    name: str
    columns: tuple[str, ...]
    defaults: dict[str, str]

    @classmethod
    def of(cls, model, *, skip: Sequence[str] = ()) -> Table:
        from django.db import models

        columns, defaults = [], {}
        for field in model._meta.concrete_fields:
            if isinstance(field, models.AutoField | models.BigAutoField) or field.column in skip:
                continue
            columns.append(field.column)
            default = field.get_default()  # "" for a blank text field, [] for list arrays
            if default is None and not field.null:
                continue  # the row must give it
            defaults[field.column] = value(default)
        return cls(model._meta.db_table, tuple(columns), defaults)

    def line(self, row: dict) -> str:
        out = []
        for column in self.columns:
            if column in row:
                out.append(value(row[column]))
            else:
                try:
                    out.append(self.defaults[column])
                except KeyError:
                    raise KeyError(f"{self.name}.{column} has no value and no default") from None
        return "\t".join(out) + "\n"

    @property
    def copy_sql(self) -> str:
        return f"COPY {self.name} ({', '.join(self.columns)}) FROM STDIN"


def copy_text(raw_connection, table: Table, data: str | bytes) -> None:
    """Load rows already in COPY text format."""
    if not data:
        return
    with raw_connection.cursor() as cur, cur.copy(table.copy_sql) as copy:
        copy.write(data.encode() if isinstance(data, str) else data)


# --- triggers -----------------------------------------------------------------------------------
def skip_triggers(raw_connection, tables: Sequence[str]) -> str:
    """Skip the history triggers in this session; returns how, for the results.

    ``session_replication_role = replica`` (superuser only) skips every trigger of the session,
    the history triggers and the foreign-key checks alike: the generator writes consistent
    rows. Otherwise the session sets ``pgtrigger.ignore`` to the tables' pgtrigger triggers —
    what ``pgtrigger.ignore()`` does for Django queries — and the foreign keys are checked."""
    try:
        with raw_connection.cursor() as cur:
            cur.execute("SET session_replication_role = replica")
        return "session_replication_role=replica for the load session (history and FK triggers skipped)"
    except Exception:  # not a superuser
        raw_connection.rollback()
    with raw_connection.cursor() as cur:
        cur.execute(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND c.relname = ANY(%s)",
            [list(tables)],
        )
        names = [row[0] for row in cur.fetchall()]
        cur.execute("SELECT set_config('pgtrigger.ignore', %s, false)", [_array(names)])
    return f"pgtrigger.ignore set for the load session ({len(names)} history triggers skipped)"


def restore_triggers(raw_connection) -> None:
    with raw_connection.cursor() as cur:
        cur.execute("RESET session_replication_role")
        cur.execute("SELECT set_config('pgtrigger.ignore', NULL, false)")


# --- secondary indexes --------------------------------------------------------------------------
def secondary_indexes(raw_connection, tables: Sequence[str]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of every index of ``tables`` that backs no constraint
    (primary keys and unique constraints stay: they check the load)."""
    with raw_connection.cursor() as cur:
        cur.execute(
            """
            SELECT ic.relname, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_class ic ON ic.oid = i.indexrelid
            WHERE t.relname = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY t.relname, ic.relname
            """,
            [list(tables)],
        )
        return [(name, ddl) for name, ddl in cur.fetchall()]


def drop_indexes(raw_connection, indexes: Sequence[tuple[str, str]]) -> None:
    with raw_connection.cursor() as cur:
        for name, _ddl in indexes:
            cur.execute(f'DROP INDEX IF EXISTS "{name}"')


def build_indexes(raw_connection, indexes: Sequence[tuple[str, str]]) -> dict[str, float]:
    """Rebuild the dropped indexes, each with the machine's cores and a generous
    maintenance_work_mem; returns seconds per index."""
    took = {}
    with raw_connection.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET max_parallel_maintenance_workers = 2")
        for name, ddl in indexes:
            started = time.monotonic()
            cur.execute(
                ddl.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1).replace(
                    "CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", 1
                )
            )
            took[name] = round(time.monotonic() - started, 2)
        cur.execute("RESET maintenance_work_mem")
        cur.execute("RESET max_parallel_maintenance_workers")
    return took
