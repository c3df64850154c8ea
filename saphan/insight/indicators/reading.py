"""Reading the indicators: one value, a breakdown, and one dashboard's reads batched."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from saphan.core.fiscal import month_end as _month_end
from saphan.core.fiscal import month_periods

from .catalogue import INDICATORS, Indicator
from .fact_sql import TIME_DIMENSIONS, _aggregate_sql, _codes, _dimension_sql, _fact_query, _where
from .periods import PERIODS


def _clean(indicator: Indicator, value):
    if value is None:
        return None
    if indicator.aggregation == "count":
        return int(value)
    if isinstance(value, Decimal):
        value = float(value)
    if indicator.unit == "baht":
        return round(float(value), 2)
    if indicator.unit == "days" and indicator.aggregation == "sum":
        return int(value)
    return round(float(value), 1)


# --- one dashboard, few scans -------------------------------------------------------------------
# Inside ``batch()`` (a dashboard, a report) the facts are synced once, and every additive
# indicator (counts, sums, shares) is read in one scan of its facts for all the groupings at
# once (GROUPING SETS: the total, by month and, for victims, by region, province, sex, age group
# and citizenship), remembered for the other charts of the same page.
_BATCH: contextvars.ContextVar[dict | None] = contextvars.ContextVar("insight_batch", default=None)
ADDITIVE = ("count", "sum", "share")
_GROUPINGS = {
    "month": "to_char(f.d, 'YYYY-MM')",
    "region": "f.region_id",
    "province": "f.province_id",
    "sex": "f.sex",
    "age_group": "f.age_group",
    "citizenship": "f.citizenship",
}
_VICTIM_GROUPINGS = ("month", "region", "province", "sex", "age_group", "citizenship")


@contextlib.contextmanager
def batch():
    """Sync the facts once and share one scan per indicator among the reads inside."""
    from .. import facts

    if _BATCH.get() is not None:
        yield
        return
    facts.sync()
    token = _BATCH.set({})
    try:
        yield
    finally:
        _BATCH.reset(token)


def page_memo() -> dict | None:
    """The memo of the current batch (a page), for other reads to keep their results in."""
    return _BATCH.get()


# Additive indicators whose facts in a month that has ended do not depend on "now" (not the
# referrals: their answer deadline runs over into the next month; not shelter days: a stay
# overlaps months): facts.py keeps their whole months added up in insight_rollup.
ROLLED_UP = (
    "victims_identified",
    "rights_notice_share",
    "compensation_ordered_baht",
    "compensation_paid_baht",
    "followups_on_time_share",
    "cases_opened",
    "prosecutions",
)


def _rolled_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """[first, stop) of the whole months inside [start, end] that ended before this month."""
    this_month = timezone.localdate().replace(day=1)
    first = start if start.day == 1 else _month_end(start.year, start.month) + dt.timedelta(1)
    stop = (end + dt.timedelta(1)).replace(day=1)  # the first month not wholly inside
    stop = min(stop, this_month)
    return (first, stop) if first < stop else None


def _grouped(key, start, end, province_codes) -> dict[str, dict]:
    """dimension ('' for the total) -> group -> (n, sum of values): whole past months from the
    rollup, the rest (the current month, a partial month) from the facts, one scan each."""
    memo = _BATCH.get()
    codes = _codes(province_codes)
    memo_key = (key, start, end, None if codes is None else tuple(codes))
    if memo is not None and memo_key in memo:
        return memo[memo_key]
    out: dict[str, dict] = {"": {"": (0, 0.0)}}
    rolled = _rolled_months(start, end) if key in ROLLED_UP else None
    if rolled is None:
        _add(out, _grouped_facts(key, start, end, province_codes, [(start, end)]))
    else:
        first, stop = rolled
        ranges = [(start, first - dt.timedelta(1)), (stop, end)]
        ranges = [(lo, hi) for lo, hi in ranges if lo <= hi]
        if ranges:
            _add(out, _grouped_facts(key, start, end, province_codes, ranges))
        _add(out, _grouped_rollup(key, first, stop, province_codes))
    if memo is not None:
        memo[memo_key] = out
    return out


def _add(out: dict, more: dict) -> None:
    for dim, groups in more.items():
        into = out.setdefault(dim, {})
        for g, (n, total) in groups.items():
            n0, t0 = into.get(g, (0, 0.0))
            into[g] = (n0 + n, t0 + total)


def _grouped_facts(key, start, end, province_codes, ranges) -> dict[str, dict]:
    dims = _VICTIM_GROUPINGS if key == "victims_identified" else ("month",)
    fact, params = _fact_query(key, start, end)
    where = " OR ".join("(f.d >= %s AND f.d <= %s)" for _r in ranges)
    where_params = [day for r in ranges for day in r]
    codes = _codes(province_codes)
    if codes is not None:
        where = f"({where}) AND f.province_id = ANY(%s)"
        where_params.append(codes)
    label = " ".join(f"WHEN GROUPING({_GROUPINGS[d]}) = 0 THEN '{d}'" for d in dims)
    value = f"COALESCE({', '.join(_GROUPINGS[d] for d in dims)})"
    sets = ", ".join(["()", *[f"({_GROUPINGS[d]})" for d in dims]])
    sql = f"""
        SELECT CASE {label} ELSE '' END AS dim, {value} AS g, COUNT(*) AS n,
               COALESCE(SUM(f.val), 0) AS total
        FROM ({fact}) f WHERE {where}
        GROUP BY GROUPING SETS ({sets})"""
    out: dict[str, dict] = {}
    for dim, g, n, total in _execute(sql, [*params, *where_params]):
        out.setdefault(dim, {})["" if dim == "" else g] = (n, float(total))
    if key == "victims_identified":
        sql = f"""SELECT ex.g, COUNT(*), COALESCE(SUM(f.val), 0)
                  FROM ({fact}) f CROSS JOIN LATERAL unnest(f.exploitation) AS ex(g)
                  WHERE {where} GROUP BY 1"""
        out["exploitation"] = {
            g: (n, float(t)) for g, n, t in _execute(sql, [*params, *where_params])
        }
    return out


def _grouped_rollup(key, first, stop, province_codes) -> dict[str, dict]:
    where = "r.indicator = %s AND r.month >= %s AND r.month < %s"
    params: list = [key, first, stop]
    codes = _codes(province_codes)
    if codes is not None:
        where += " AND r.province_id = ANY(%s)"
        params.append(codes)
    sql = f"""
        SELECT CASE WHEN GROUPING(to_char(r.month, 'YYYY-MM')) = 0 THEN 'month'
                    WHEN GROUPING(r.region_id) = 0 THEN 'region'
                    WHEN GROUPING(r.province_id) = 0 THEN 'province' ELSE '' END,
               COALESCE(to_char(r.month, 'YYYY-MM'), r.region_id, r.province_id),
               SUM(r.n), SUM(r.total)
        FROM insight_rollup r WHERE {where} AND r.dim = ''
        GROUP BY GROUPING SETS ((), (to_char(r.month, 'YYYY-MM')), (r.region_id), (r.province_id))
        UNION ALL
        SELECT r.dim, r.key, SUM(r.n), SUM(r.total)
        FROM insight_rollup r WHERE {where} AND r.dim <> '' GROUP BY 1, 2"""
    out: dict[str, dict] = {}
    for dim, g, n, total in _execute(sql, [*params, *params]):
        if dim == "":
            g = ""
        if dim in ("region", "province") and key != "victims_identified":
            continue
        out.setdefault(dim, {})[g] = (int(n or 0), float(total or 0))
    return out


def _value_of(indicator: Indicator, n: int, total: float):
    if indicator.aggregation == "count":
        return _clean(indicator, n)
    if indicator.aggregation == "sum":
        return _clean(indicator, total)
    return _clean(indicator, 100.0 * total / n) if n else None


def _batched(key: str, by: str | None) -> bool:
    if _BATCH.get() is None or INDICATORS[key].aggregation not in ADDITIVE:
        return False
    if key == "shelter_days":
        return False
    return (
        by is None
        or by in TIME_DIMENSIONS
        or (key == "victims_identified" and (by in _GROUPINGS or by == "exploitation"))
    )


def _execute(sql, params) -> list:
    from .. import facts

    if _BATCH.get() is None:
        facts.sync()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _run(key, *, start, end, province_codes, group_sql=None):
    indicator = INDICATORS[key]
    fact, params = _fact_query(key, start, end)
    unnest = ""
    if group_sql == "ex.g":
        unnest = "CROSS JOIN LATERAL unnest(f.exploitation) AS ex(g)"
    where, where_params = _where(start, end, province_codes)
    select_group = f"{group_sql} AS g, " if group_sql else ""
    group_by = "GROUP BY 1" if group_sql else ""
    sql = f"""
        SELECT {select_group}{_aggregate_sql(indicator)} AS v, COUNT(*) AS n
        FROM ({fact}) f {unnest}
        WHERE {where}
        {group_by}
    """
    rows = _execute(sql, [*params, *where_params])
    if group_sql:
        return {g: (_clean(indicator, v), n) for g, v, n in rows}
    return (_clean(indicator, rows[0][0]), rows[0][1]) if rows else (None, 0)


def compute(
    key: str,
    *,
    start: dt.date,
    end: dt.date,
    province_codes: Iterable[str] | None = None,
) -> int | float | None:
    """The value of indicator ``key`` over [start, end] for the provinces (None = nation).
    Counts and sums are 0 when nothing happened; medians and shares are None then."""
    return compute_with_n(key, start=start, end=end, province_codes=province_codes)[0]


def compute_with_n(
    key: str,
    *,
    start: dt.date,
    end: dt.date,
    province_codes: Iterable[str] | None = None,
) -> tuple[int | float | None, int]:
    """The value and the number of records (facts) it was computed from: a median of two
    cases or a sum over one payment needs suppressing as much as a count of two."""
    if key not in INDICATORS:
        raise KeyError(key)
    if _batched(key, None):
        n, total = _grouped(key, start, end, province_codes)[""][""]
        return _value_of(INDICATORS[key], n, total), n
    return _run(key, start=start, end=end, province_codes=province_codes)


# --- breakdowns ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    key: str  # the group's code: "2026-03", "40", "northeast", "Feminine", "18-24", "MM"
    value: int | float | None
    n: int = 0  # how many records the value is computed from


def breakdown(
    key: str,
    *,
    start: dt.date,
    end: dt.date,
    by: str,
    province_codes: Iterable[str] | None = None,
) -> list[Cell]:
    """Indicator ``key`` split by one dimension (DIMENSIONS). Time dimensions list every period
    of the range (zero or None where nothing happened); the others only groups with facts.
    A victim with several forms of exploitation counts once under each."""
    if key not in INDICATORS:
        raise KeyError(key)
    if by in TIME_DIMENSIONS:
        periods = PERIODS[by](start, end)
        if key == "shelter_days" or INDICATORS[key].aggregation == "median":
            return [
                Cell(
                    p.key,
                    *compute_with_n(key, start=p.start, end=p.end, province_codes=province_codes),
                )
                for p in periods
            ]
        # One query grouped by day-bucket, then folded into the periods.
        return _time_breakdown(key, periods, start, end, province_codes)
    if _batched(key, by):
        groups = _grouped(key, start, end, province_codes).get(by, {})
        indicator = INDICATORS[key]
        return [
            Cell(str(g), _value_of(indicator, n, total), n)
            for g, (n, total) in sorted(groups.items(), key=lambda kv: str(kv[0]))
        ]
    values = _run(
        key, start=start, end=end, province_codes=province_codes, group_sql=_dimension_sql(by)
    )
    return [Cell(str(g), v, n) for g, (v, n) in sorted(values.items(), key=lambda kv: str(kv[0]))]


def _time_breakdown(key, periods, start, end, province_codes) -> list[Cell]:
    indicator = INDICATORS[key]
    # Group by month (the smallest period); counts and sums add up, shares need numerators.
    if _batched(key, "month"):
        groups = _grouped(key, start, end, province_codes).get("month", {})
        by_month = {
            m: (n if indicator.aggregation == "count" else total, n)
            for m, (n, total) in groups.items()
        }
    else:
        aggregate = (
            "SUM(f.val::int)" if indicator.aggregation == "share" else _aggregate_sql(indicator)
        )
        by_month = _run_months(key, start, end, province_codes, aggregate)
    out = []
    for p in periods:
        months = [m.key for m in month_periods(p.start, p.end)]
        total = sum(by_month.get(m, (0, 0))[0] or 0 for m in months)
        n = sum(by_month.get(m, (0, 0))[1] for m in months)
        if indicator.aggregation == "share":
            out.append(Cell(p.key, round(100.0 * total / n, 1) if n else None, n))
        else:
            out.append(Cell(p.key, _clean(indicator, total), n))
    return out


def _run_months(key, start, end, province_codes, aggregate) -> dict:
    fact, params = _fact_query(key, start, end)
    where, where_params = _where(start, end, province_codes)
    sql = f"""
        SELECT to_char(f.d, 'YYYY-MM') AS g, {aggregate} AS v, COUNT(*) AS n
        FROM ({fact}) f WHERE {where} GROUP BY 1"""
    rows = _execute(sql, [*params, *where_params])
    return {g: (float(v) if isinstance(v, Decimal) else v, n) for g, v, n in rows}
