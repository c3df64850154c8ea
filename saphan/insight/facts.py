"""The fact table (``insight_fact``): every indicator's facts with their dimensions, so that the
dashboards aggregate one narrow indexed table instead of joining the case tables.

The facts are never typed: they are the indicators' definitions (``indicators.source_sql``, read
from the case records) materialised per case. Database triggers (migration 0003) note in
``insight_dirtycase`` every case whose records change — the case itself, its parties and their
persons, intakes, custody, screenings, identification decisions, rights notices, shelter stays,
compensation claims, orders and payments, follow-up visits, referrals, legal proceedings — on
every write, ORM or not. ``sync()`` rebuilds the facts of those cases (and builds the table in
full the first time); every read of the indicators calls it first, so figures are always
current; the worker also calls it every minute so a burst of changes rarely waits for a reader.

The rollup (``insight_rollup``) adds the facts of each whole month up per province (and for
victims per sex, age group, citizenship and form of exploitation); ``sync()`` rebuilds the
(indicator, month, province) cells whose facts it changed. A dashboard reads the months before
the current one from the rollup and the rest from the facts (indicators._grouped).

A bulk load that skips triggers (the benchmark's COPY) calls ``rebuild()`` afterwards.
"""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.utils import timezone

from . import indicators as ind

LOCK_ID = 0x5A9A_F7C7  # pg_advisory_xact_lock: one sync at a time

COLUMNS = (
    "indicator",
    *ind.FACT_COLUMNS,
    "province_id",
    "region_id",
    "sex",
    "age_group",
    "majority",
    "citizenship",
    "exploitation",
)


def _insert_sql(key: str, cases=None) -> tuple[str, list]:
    source, params = ind.source_sql(key, cases)
    dims, dim_params = ind.dimension_columns_sql()
    sql = f"""
        INSERT INTO insight_fact ({", ".join(COLUMNS)})
        SELECT %s, {", ".join(f"f.{c}" for c in ind.FACT_COLUMNS)}, {dims}
        FROM ({source}) f
        JOIN cases_case c ON c.id = f.case_id
        JOIN geo_province pr ON pr.code = c.province_id
        LEFT JOIN LATERAL (SELECT cp2.person_id FROM people_caseparty cp2
                           WHERE cp2.case_id = f.case_id AND cp2.role = 'victim'
                           ORDER BY cp2.created_at, cp2.id LIMIT 1) fv ON f.person_id IS NULL
        LEFT JOIN people_person p ON p.id = COALESCE(f.person_id, fv.person_id)"""
    return sql, [key, *dim_params, *params]


# --- the monthly rollup ----------------------------------------------------------------------------
def _rollup_select(source: str = "insight_fact f", where: str = "true") -> str:
    """Rows of insight_rollup from the facts of ``source`` (a FROM clause binding ``f``)."""
    month = "date_trunc('month', f.d)::date"
    head = f"f.indicator, {month}, f.province_id, f.region_id"
    parts = [
        f"""SELECT {head}, '', '', COUNT(*), COALESCE(SUM(f.val), 0) FROM {source}
            WHERE {where} GROUP BY 1, 2, 3, 4"""
    ]
    for dim in ("sex", "age_group", "citizenship"):
        parts.append(
            f"""SELECT {head}, '{dim}', f.{dim}, COUNT(*), COALESCE(SUM(f.val), 0)
                FROM {source} WHERE {where} AND f.indicator = 'victims_identified'
                GROUP BY 1, 2, 3, 4, 6"""
        )
    parts.append(
        f"""SELECT {head}, 'exploitation', ex.g, COUNT(*), COALESCE(SUM(f.val), 0)
            FROM {source} CROSS JOIN LATERAL unnest(f.exploitation) AS ex(g)
            WHERE {where} AND f.indicator = 'victims_identified' GROUP BY 1, 2, 3, 4, 6"""
    )
    return f"""INSERT INTO insight_rollup
               (indicator, month, province_id, region_id, dim, key, n, total)
               {" UNION ALL ".join(parts)}"""


def _touched(cursor, cases) -> set[tuple]:
    cursor.execute(
        """SELECT DISTINCT indicator, date_trunc('month', d)::date, province_id
           FROM insight_fact WHERE case_id = ANY(%s::uuid[]) AND indicator = ANY(%s)""",
        [cases, list(ind.ROLLED_UP)],
    )
    return set(cursor.fetchall())


def _rollup_again(cursor, touched: set[tuple]) -> None:
    """Rebuild the rollup rows of these (indicator, month, province) from their facts."""
    if not touched:
        return
    keys, months, provinces = (list(column) for column in zip(*sorted(touched), strict=True))
    cursor.execute(
        """DELETE FROM insight_rollup r
           USING unnest(%s::varchar[], %s::date[], %s::varchar[]) AS t(indicator, month, prov)
           WHERE r.indicator = t.indicator AND r.month = t.month AND r.province_id = t.prov""",
        [keys, months, provinces],
    )
    # each cell's facts through the (indicator, province_id, d) index
    source = """unnest(%s::varchar[], %s::date[], %s::varchar[]) AS t(indicator, month, prov)
                JOIN insight_fact f ON f.indicator = t.indicator AND f.province_id = t.prov
                 AND f.d >= t.month AND f.d < (t.month + interval '1 month')"""
    cursor.execute(_rollup_select(source), [keys, months, provinces] * 5)


def _build(cursor, cases=None) -> int:
    rows = 0
    for key in ind.INDICATORS:
        sql, params = _insert_sql(key, cases)
        cursor.execute(sql, params)
        rows += max(cursor.rowcount, 0)
    return rows


def _mark(cursor, *, built: bool) -> None:
    now = timezone.now()
    cursor.execute(
        """INSERT INTO insight_factstate (id, built_at, changed_at) VALUES (1, %s, %s)
           ON CONFLICT (id) DO UPDATE SET changed_at = EXCLUDED.changed_at,
             built_at = CASE WHEN %s THEN EXCLUDED.built_at ELSE insight_factstate.built_at END""",
        [now, now, built],
    )


def rebuild() -> dict:
    """Every fact again from the case records (after a bulk load, or the first time)."""
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        cursor.execute("DELETE FROM insight_dirtycase")
        cursor.execute("TRUNCATE insight_fact")
        cursor.execute("TRUNCATE insight_rollup")
        rows = _build(cursor)
        cursor.execute(_rollup_select(where="f.indicator = ANY(%s)"), [list(ind.ROLLED_UP)] * 5)
        _mark(cursor, built=True)
    with connection.cursor() as cursor:
        if not connection.in_atomic_block:
            cursor.execute("ANALYZE insight_fact")
            cursor.execute("ANALYZE insight_rollup")
    return {"facts": rows, "seconds": round(time.monotonic() - started, 2)}


def sync() -> dict:
    """Rebuild the facts of the cases changed since the last sync (all of them if the table was
    never built). Cheap when nothing changed: one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT EXISTS (SELECT 1 FROM insight_factstate WHERE built_at IS NOT NULL),
                      EXISTS (SELECT 1 FROM insight_dirtycase)"""
        )
        built, dirty = cursor.fetchone()
    if not built:
        return {"cases": None, **rebuild()}
    if not dirty:
        return {"cases": 0, "facts": 0, "seconds": 0.0}
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        cursor.execute("DELETE FROM insight_dirtycase RETURNING case_id")
        cases = sorted({row[0] for row in cursor.fetchall()})
        rows = 0
        if cases:
            touched = _touched(cursor, cases)
            cursor.execute("DELETE FROM insight_fact WHERE case_id = ANY(%s::uuid[])", [cases])
            rows = _build(cursor, cases)
            _rollup_again(cursor, touched | _touched(cursor, cases))
            _mark(cursor, built=False)
    return {"cases": len(cases), "facts": rows, "seconds": round(time.monotonic() - started, 3)}


def changed_at():
    """When the facts last changed (None before the first build)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT changed_at FROM insight_factstate WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None
