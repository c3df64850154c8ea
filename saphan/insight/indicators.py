"""Live indicators, computed from the case records (never typed twice).

The interface other apps use (the plans app reads its "computed" indicators here):

    INDICATORS: dict[str, Indicator]
    compute(key, *, start, end, province_codes=None) -> int | float | None
    breakdown(key, *, start, end, by, province_codes=None) -> list[Cell]

``start`` and ``end`` are dates, both included, in Thai local time. ``province_codes`` are DOPA
province codes ("40" is Khon Kaen); ``None`` means the whole nation, an empty list nothing.
No actor here: these are raw figures. Anything a user sees goes through ``selectors.py``, which
applies ``access.aggregate_scope(actor)`` and suppresses small cells.

Where the figures come from: ``source_sql`` defines each indicator's facts on the case tables;
facts.py materialises them (and a monthly rollup) and keeps them current, and every read here
syncs them first. ``batch()`` groups the reads of one page (one scan per indicator).

Definitions (each indicator is one "fact" row per thing counted, dated by ``d``):

- victims_identified: victims (a person linked as victim) of cases whose latest trafficking
  status is "actual victim", dated by the first supervisor-approved "actual victim" decision.
- custody_to_screening_hours: the MEDIAN of hours from the start of screening custody (s.29)
  to the first screening interview after it, per case, dated by the custody start.
- days_to_identification: the MEDIAN of days from the first tip or referral (intake) to the
  identification date, per identified case, dated by the identification date.
- rights_notice_share: percent (0-100) of identified cases with a rights notice (s.33-34)
  recorded, dated by the identification date.
- shelter_days: days (nights) spent in shelters inside the period; an open stay counts to today.
- compensation_ordered_baht / compensation_paid_baht: baht ordered (dated by the order) and
  paid (dated by the payment).
- followups_on_time_share: percent of follow-up visits due in the period whose day has passed
  (or which were done) that were done on or before their day.
- referrals_answered_3d_share: percent of referrals sent in the period whose answer deadline
  (clocks.referral_deadline: the ``referral_response`` clock) has passed, or that were answered,
  answered by that deadline.
- cases_opened: cases whose first intake falls in the period.
- prosecutions: legal proceedings that reached the prosecutor or court, dated by their record.

The durations (referral answer) come from clocks.py; the process rules (what "approved
actual victim" means) mirror process._approved_actual_decision and are tested against it.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.cases import clocks, process
from saphan.cases.enums import ExploitationType, ProceedingStatus, TraffickingStatus
from saphan.people.models import Sex


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str  # lazy
    unit: str  # persons, cases, hours, days, percent, baht, visits
    unit_label: str  # lazy
    aggregation: str  # count, sum, median, share
    description: str = ""  # lazy

    @property
    def is_count(self) -> bool:
        """Counts of people or cases: the cells that small-cell suppression applies to."""
        return self.aggregation == "count"


ACTUAL = TraffickingStatus.ACTUAL.value
PROSECUTED = [
    ProceedingStatus.PROSECUTION.value,
    ProceedingStatus.TRIAL.value,
    ProceedingStatus.APPEAL.value,
    ProceedingStatus.JUDGMENT_FINAL.value,
]

_UNITS = {
    "persons": _("persons"),
    "cases": _("cases"),
    "hours": _("hours"),
    "days": _("days"),
    "percent": _("percent"),
    "baht": _("baht"),
}


def _ind(key, label, unit, aggregation, description=""):
    return Indicator(key, label, unit, _UNITS[unit], aggregation, description)


INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in [
        _ind(
            "victims_identified",
            _("Victims identified"),
            "persons",
            "count",
            _("Persons identified as actual victims, by the date of the approved decision."),
        ),
        _ind(
            "custody_to_screening_hours",
            _("Hours from custody to screening (median)"),
            "hours",
            "median",
            _("Median hours from the start of screening custody to the screening interview."),
        ),
        _ind(
            "days_to_identification",
            _("Days to identification (median)"),
            "days",
            "median",
            _("Median days from the first tip or referral to the identification decision."),
        ),
        _ind(
            "rights_notice_share",
            _("Identified cases told their rights"),
            "percent",
            "share",
            _("Share of identified cases with the rights notice (s.33-34) recorded."),
        ),
        _ind(
            "shelter_days",
            _("Shelter days"),
            "days",
            "sum",
            _("Days spent in shelters within the period."),
        ),
        _ind(
            "compensation_ordered_baht",
            _("Compensation ordered"),
            "baht",
            "sum",
            _("Compensation ordered by courts or the fund, by the date of the order."),
        ),
        _ind(
            "compensation_paid_baht",
            _("Compensation paid"),
            "baht",
            "sum",
            _("Compensation actually paid to victims, by the date of payment."),
        ),
        _ind(
            "followups_on_time_share",
            _("Follow-up visits on time"),
            "percent",
            "share",
            _("Share of follow-up visits due in the period that were done by their day."),
        ),
        _ind(
            "referrals_answered_3d_share",
            _("Referrals answered within 3 days"),
            "percent",
            "share",
            _("Share of referrals sent in the period answered within the answer deadline."),
        ),
        _ind(
            "cases_opened",
            _("Cases opened"),
            "cases",
            "count",
            _("Cases whose first tip or referral was received in the period."),
        ),
        _ind(
            "prosecutions",
            _("Prosecutions"),
            "cases",
            "count",
            _("Legal proceedings that reached the public prosecutor or the court."),
        ),
    ]
}


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


def source_sql(key: str, cases=None) -> tuple[str, list]:
    """The facts of indicator ``key`` read from the case tables (the definitions above)."""
    tz = _tz()
    if key in ("victims_identified", "days_to_identification", "rights_notice_share"):
        ident, ident_params = _identified_cases_sql(cases)
    if key == "victims_identified":
        return (
            f"""SELECT cp.case_id, cp.person_id, (ic.first_at AT TIME ZONE %s)::date AS d,
                       {_NO_EXTRA}, 1.0::float AS val, NULL::boolean AS flag
                FROM people_caseparty cp JOIN ({ident}) ic ON ic.case_id = cp.case_id
                WHERE cp.role = 'victim'""",
            [tz, *ident_params],
        )
    if key == "custody_to_screening_hours":
        only, params = _only("cu.case_id", cases)
        return (
            f"""SELECT cu.case_id, NULL::uuid AS person_id,
                      (cu.started_at AT TIME ZONE %s)::date AS d, {_NO_EXTRA},
                      EXTRACT(EPOCH FROM (s.first_at - cu.started_at))::float / 3600.0 AS val,
                      NULL::boolean AS flag
               FROM cases_custody cu
               JOIN LATERAL (SELECT MIN(si.interviewed_at) AS first_at
                             FROM cases_screeninginterview si
                             WHERE si.case_id = cu.case_id
                               AND si.interviewed_at >= cu.started_at) s ON true
               WHERE s.first_at IS NOT NULL{only}""",
            [tz, *params],
        )
    if key == "days_to_identification":
        return (
            f"""SELECT ic.case_id, NULL::uuid AS person_id,
                       (ic.first_at AT TIME ZONE %s)::date AS d, {_NO_EXTRA},
                       EXTRACT(EPOCH FROM (ic.first_at - COALESCE(
                         (SELECT MIN(it.received_at) FROM cases_intake it
                          WHERE it.case_id = ic.case_id), c.opened_at, c.created_at)))::float
                         / 86400.0 AS val, NULL::boolean AS flag
                FROM ({ident}) ic JOIN cases_case c ON c.id = ic.case_id""",
            [tz, *ident_params],
        )
    if key == "rights_notice_share":
        return (
            f"""SELECT ic.case_id, NULL::uuid AS person_id,
                       (ic.first_at AT TIME ZONE %s)::date AS d, {_NO_EXTRA},
                       (EXISTS (SELECT 1 FROM cases_rightsnotice rn
                               WHERE rn.case_id = ic.case_id))::int::float AS val,
                       NULL::boolean AS flag
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
        return (
            f"""SELECT c.id AS case_id, NULL::uuid AS person_id,
                      (COALESCE((SELECT MIN(it.received_at) FROM cases_intake it
                                 WHERE it.case_id = c.id), c.opened_at, c.created_at)
                        AT TIME ZONE %s)::date AS d, {_NO_EXTRA},
                      1.0::float AS val, NULL::boolean AS flag
               FROM cases_case c WHERE true{only}""",
            [tz, *params],
        )
    if key == "prosecutions":
        only, params = _only("lp.case_id", cases)
        return (
            f"""SELECT lp.case_id, NULL::uuid AS person_id,
                      (lp.created_at AT TIME ZONE %s)::date AS d, {_NO_EXTRA},
                      1.0::float AS val, NULL::boolean AS flag
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
    from . import facts

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
    from . import facts

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


# --- periods (Thai fiscal year: 1 October to 30 September, named by its B.E. end year) --------
# The calendar is core's (saphan/core/fiscal.py); these names are the ones insight reads it by.
from saphan.core.fiscal import (  # noqa: E402, F401  (insight's modules read them from here)
    Period,
    fiscal_quarter_of,
    fiscal_year_bounds,
    fiscal_year_of,
    fiscal_year_periods,
    month_periods,
    quarter_bounds,
    quarter_periods,
)
from saphan.core.fiscal import month_end as _month_end  # noqa: E402

PERIODS = {"month": month_periods, "quarter": quarter_periods, "fiscal_year": fiscal_year_periods}


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


def exploitation_keys() -> list[str]:
    return [*ExploitationType.values, UNKNOWN]
