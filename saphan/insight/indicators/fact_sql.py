"""The facts of each indicator as SQL on the case tables, and the dimensions they are split by."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from saphan.cases import clocks, process
from saphan.cases.enums import ExploitationType
from saphan.people.models import Sex

from .catalogue import PROSECUTED, Indicator

# --- facts: one SQL row per thing counted, from the case records -----------------------------
# Each source returns case_id, person_id (or NULL), d (date), d_end, t_start, t_end, val, flag;
# facts.py materialises them (with the dimensions) into insight_fact, for every case or only the
# cases whose records changed: ``cases`` is None (all) or a list of case ids, applied inside.
FACT_COLUMNS = ("case_id", "person_id", "d", "d_end", "t_start", "t_end", "val", "flag")


def _tz() -> str:
    return settings.TIME_ZONE


def _only(column: str, cases) -> tuple[str, list]:
    if cases is None:
        return "", []
    return f" AND {column} = ANY(%s::uuid[])", [list(cases)]


def _identified_cases_sql(cases) -> tuple[str, list]:
    # Who counts as identified, and since when, is the law's rule: cases/process.py.
    only, params = _only("c.id", cases)
    return process.identified_cases_sql(only), params


_NO_EXTRA = "NULL::date AS d_end, NULL::timestamptz AS t_start, NULL::timestamptz AS t_end"


def _dated_by(at: str, *, case_id: str, val: str, person_id: str = "NULL::uuid") -> str:
    """The SELECT list of a fact on the local day of the timestamp ``at`` (the time zone is the
    query's first parameter), with its value and no end, time span or flag."""
    return (
        f"SELECT {case_id} AS case_id, {person_id} AS person_id, "
        f"({at} AT TIME ZONE %s)::date AS d, {_NO_EXTRA}, {val} AS val, NULL::boolean AS flag"
    )


def source_sql(key: str, cases=None) -> tuple[str, list]:
    """The facts of indicator ``key`` read from the case tables (the definitions above)."""
    tz = _tz()
    if key in ("victims_identified", "days_to_identification", "rights_notice_share"):
        ident, ident_params = _identified_cases_sql(cases)
    if key == "victims_identified":
        each_victim = _dated_by(
            "ic.first_at", case_id="cp.case_id", person_id="cp.person_id", val="1.0::float"
        )
        return (
            f"""{each_victim}
                FROM people_caseparty cp JOIN ({ident}) ic ON ic.case_id = cp.case_id
                WHERE cp.role = 'victim'""",
            [tz, *ident_params],
        )
    if key == "custody_to_screening_hours":
        only, params = _only("cu.case_id", cases)
        hours = "EXTRACT(EPOCH FROM (s.first_at - cu.started_at))::float / 3600.0"
        return (
            f"""{_dated_by("cu.started_at", case_id="cu.case_id", val=hours)}
               FROM cases_custody cu
               JOIN LATERAL (SELECT MIN(si.interviewed_at) AS first_at
                             FROM cases_screeninginterview si
                             WHERE si.case_id = cu.case_id
                               AND si.interviewed_at >= cu.started_at) s ON true
               WHERE s.first_at IS NOT NULL{only}""",
            [tz, *params],
        )
    if key == "days_to_identification":
        days = """EXTRACT(EPOCH FROM (ic.first_at - COALESCE(
                    (SELECT MIN(it.received_at) FROM cases_intake it
                     WHERE it.case_id = ic.case_id), c.opened_at, c.created_at)))::float
                  / 86400.0"""
        return (
            f"""{_dated_by("ic.first_at", case_id="ic.case_id", val=days)}
                FROM ({ident}) ic JOIN cases_case c ON c.id = ic.case_id""",
            [tz, *ident_params],
        )
    if key == "rights_notice_share":
        told = """(EXISTS (SELECT 1 FROM cases_rightsnotice rn
                            WHERE rn.case_id = ic.case_id))::int::float"""
        return (
            f"""{_dated_by("ic.first_at", case_id="ic.case_id", val=told)}
                FROM ({ident}) ic""",
            [tz, *ident_params],
        )
    if key in ("compensation_ordered_baht", "compensation_paid_baht"):
        table, day, amount = (
            ("cases_compensationorder", "ordered_on", "amount_ordered")
            if key == "compensation_ordered_baht"
            else ("cases_compensationpayment", "paid_on", "amount_paid")
        )
        only, params = _only("cl.case_id", cases)
        return (
            f"""SELECT cl.case_id, NULL::uuid AS person_id, x.{day} AS d, {_NO_EXTRA},
                      x.{amount}::float AS val, NULL::boolean AS flag
               FROM {table} x JOIN cases_compensationclaim cl ON cl.id = x.claim_id
               WHERE true{only}""",
            params,
        )
    if key == "followups_on_time_share":
        # val: done on or before the day; whether the visit counts yet (its day passed, or it
        # was done) is decided when asked (facts_sql).
        only, params = _only("v.case_id", cases)
        return (
            f"""SELECT v.case_id, NULL::uuid AS person_id, v.due_on AS d, v.done_on AS d_end,
                      NULL::timestamptz AS t_start, NULL::timestamptz AS t_end,
                      (v.status = 'done' AND v.done_on IS NOT NULL
                       AND v.done_on <= v.due_on)::int::float AS val,
                      (v.status = 'done') AS flag
               FROM cases_followupvisit v WHERE true{only}""",
            params,
        )
    if key == "referrals_answered_3d_share":
        # The answer deadline comes from the clock when asked (facts_sql).
        only, params = _only("r.case_id", cases)
        return (
            f"""SELECT r.case_id, NULL::uuid AS person_id,
                      (r.sent_at AT TIME ZONE %s)::date AS d, NULL::date AS d_end,
                      r.sent_at AS t_start, r.answered_at AS t_end, NULL::float AS val,
                      NULL::boolean AS flag
               FROM cases_referral r WHERE true{only}""",
            [tz, *params],
        )
    if key == "shelter_days":
        # Each stay with its days; the nights inside a period are counted when asked.
        only, params = _only("st.case_id", cases)
        return (
            f"""SELECT st.case_id, NULL::uuid AS person_id, st.started_on AS d,
                      st.ended_on AS d_end, NULL::timestamptz AS t_start,
                      NULL::timestamptz AS t_end, NULL::float AS val, NULL::boolean AS flag
               FROM cases_shelterstay st WHERE true{only}""",
            params,
        )
    if key == "cases_opened":
        only, params = _only("c.id", cases)
        opened = """COALESCE((SELECT MIN(it.received_at) FROM cases_intake it
                               WHERE it.case_id = c.id), c.opened_at, c.created_at)"""
        return (
            f"""{_dated_by(opened, case_id="c.id", val="1.0::float")}
               FROM cases_case c WHERE true{only}""",
            [tz, *params],
        )
    if key == "prosecutions":
        only, params = _only("lp.case_id", cases)
        return (
            f"""{_dated_by("lp.created_at", case_id="lp.case_id", val="1.0::float")}
               FROM cases_legalproceeding lp WHERE lp.status = ANY(%s){only}""",
            [tz, PROSECUTED, *params],
        )
    raise KeyError(key)


# --- the facts as asked: insight_fact, with what depends on "now" evaluated now ---------------
_DIMS = "f.province_id, f.region_id, f.sex, f.age_group, f.majority, f.citizenship, f.exploitation"


def _fact_sql(key: str) -> tuple[str, list]:
    if key == "followups_on_time_share":
        return (
            f"""SELECT f.case_id, f.person_id, f.d, f.val, {_DIMS} FROM insight_fact f
                WHERE f.indicator = %s AND (f.d < %s OR f.flag)""",
            [key, timezone.localdate()],
        )
    if key == "referrals_answered_3d_share":
        now = timezone.now()
        allowed = clocks.add(now, "referral_response") - now
        return (
            f"""SELECT f.case_id, f.person_id, f.d,
                       (f.t_end IS NOT NULL AND f.t_end <= f.t_start + %s)::int AS val, {_DIMS}
                FROM insight_fact f
                WHERE f.indicator = %s AND (f.t_end IS NOT NULL OR f.t_start + %s <= %s)""",
            [allowed, key, allowed, now],
        )
    return (
        f"SELECT f.case_id, f.person_id, f.d, f.val, {_DIMS} FROM insight_fact f "
        "WHERE f.indicator = %s",
        [key],
    )


def _shelter_fact_sql(start: dt.date, end: dt.date) -> tuple[str, list]:
    """Shelter days overlap the period rather than fall on a date: each stay's nights inside
    [start, end + 1), an open stay counted to today. Dated by the period's start."""
    today = timezone.localdate()
    stop = end + dt.timedelta(days=1)
    return (
        f"""SELECT f.case_id, f.person_id, %s::date AS d,
                  GREATEST(0, LEAST(COALESCE(f.d_end, %s), %s) - GREATEST(f.d, %s)) AS val,
                  {_DIMS}
           FROM insight_fact f
           WHERE f.indicator = 'shelter_days' AND f.d < %s AND COALESCE(f.d_end, %s) > %s""",
        [start, today, stop, start, stop, today, start],
    )


# --- dimensions ------------------------------------------------------------------------------
AGE_GROUPS = ["0-14", "15-17", "18-24", "25-34", "35-49", "50+"]
UNKNOWN = "unknown"

_AGE_YEARS = """CASE
  WHEN p.birth_date_precision IN ('exact', 'year') AND p.birth_date IS NOT NULL
    THEN date_part('year', age(f.d, p.birth_date))
  WHEN p.birth_date_precision = 'estimated' AND p.age_estimate_min IS NOT NULL
    THEN floor((p.age_estimate_min + p.age_estimate_max) / 2.0)
         + date_part('year', age(f.d, COALESCE(p.age_estimated_on,
                                               (p.created_at AT TIME ZONE %s)::date)))
END"""

_AGE_GROUP = f"""CASE
  WHEN ({_AGE_YEARS}) IS NULL THEN 'unknown'
  WHEN ({_AGE_YEARS}) < 15 THEN '0-14'
  WHEN ({_AGE_YEARS}) < 18 THEN '15-17'
  WHEN ({_AGE_YEARS}) < 25 THEN '18-24'
  WHEN ({_AGE_YEARS}) < 35 THEN '25-34'
  WHEN ({_AGE_YEARS}) < 50 THEN '35-49'
  ELSE '50+' END"""

# dimension -> (SQL expression, params, needs the person row, needs unnest of exploitation)
DIMENSIONS = (
    "month",
    "quarter",
    "fiscal_year",
    "province",
    "region",
    "sex",
    "age_group",
    "citizenship",
    "exploitation",
    "sex_majority",
)
TIME_DIMENSIONS = ("month", "quarter", "fiscal_year")


def _dimension_sql(by: str) -> str:
    """The fact column (or expression over insight_fact) a breakdown groups by."""
    columns = {
        "province": "f.province_id",
        "region": "f.region_id",
        "sex": "f.sex",
        "citizenship": "f.citizenship",
        "age_group": "f.age_group",
        "exploitation": "ex.g",
        # women, men, girls, boys: what international reports ask
        "sex_majority": "f.sex || '|' || f.majority",
    }
    if by not in columns:
        raise ValueError(by)
    return columns[by]


# The dimensions as stored with each fact: a case-level fact takes the attributes of the
# case's first victim; ages are at the fact's date.
_MAJORITY = f"""CASE WHEN ({_AGE_YEARS}) IS NULL THEN 'unknown'
                     WHEN ({_AGE_YEARS}) < 18 THEN 'minor' ELSE 'adult' END"""


def dimension_columns_sql() -> tuple[str, list]:
    """SELECT list of the dimension columns over ``f`` (a source), ``c`` (its case), ``pr``
    (the case's province) and ``p`` (the victim), in facts.DIMENSION_COLUMNS order."""
    sql = f"""c.province_id, pr.region_id,
        COALESCE(p.sex, '{Sex.NON_SPECIFIED_UNKNOWN.value}'),
        {_AGE_GROUP},
        {_MAJORITY},
        COALESCE(NULLIF(p.citizenships[1], ''), 'unknown'),
        CASE WHEN cardinality(c.exploitation_types) > 0 THEN c.exploitation_types::varchar[]
             ELSE ARRAY['unknown']::varchar[] END"""
    return sql, [_tz()] * 8


def _fact_query(key, start, end):
    if key == "shelter_days":
        return _shelter_fact_sql(start, end)
    return _fact_sql(key)


def _aggregate_sql(indicator: Indicator) -> str:
    if indicator.aggregation == "count":
        return "COUNT(*)"
    if indicator.aggregation == "sum":
        return "COALESCE(SUM(f.val), 0)"
    if indicator.aggregation == "median":
        return "percentile_cont(0.5) WITHIN GROUP (ORDER BY f.val)"
    if indicator.aggregation == "share":
        return "CASE WHEN COUNT(*) = 0 THEN NULL ELSE 100.0 * AVG(f.val::int) END"
    raise ValueError(indicator.aggregation)


def _codes(province_codes):
    return None if province_codes is None else sorted(set(province_codes))


def _where(start, end, province_codes) -> tuple[str, list]:
    where = ["f.d >= %s", "f.d <= %s"]
    params: list = [start, end]
    codes = _codes(province_codes)
    if codes is not None:
        where.append("f.province_id = ANY(%s)")
        params.append(codes)
    return " AND ".join(where), params


def exploitation_keys() -> list[str]:
    return [*ExploitationType.values, UNKNOWN]
