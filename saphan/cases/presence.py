"""Which kinds of record a set of cases holds, in one query: pages read only those (a query
not made costs nothing to build), and know the others empty."""

from __future__ import annotations

from django.db import connection


def kinds_present(case_ids: list, models: dict) -> set[str]:
    """The names of ``models`` (name -> model with a ``case`` foreign key) holding a row of
    any of ``case_ids``."""
    if not case_ids or not models:
        return set()
    sql = " UNION ALL ".join(
        f"SELECT %s WHERE EXISTS (SELECT 1 FROM {connection.ops.quote_name(m._meta.db_table)} "
        "WHERE case_id = ANY(%s))"
        for m in models.values()
    )
    with connection.cursor() as cur:
        cur.execute(sql, [p for name in models for p in (name, list(case_ids))])
        return {row[0] for row in cur.fetchall()}
