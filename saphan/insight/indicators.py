"""Live indicators, computed from the case records (never typed twice).

The interface other apps use (the plans app reads its "computed" indicators here):

    INDICATORS: dict[str, Indicator]
    compute(key, *, start, end, province_codes=None) -> int | float | None
    breakdown(key, *, start, end, by, province_codes=None) -> list[Cell]

``start`` and ``end`` are dates, both included, in Thai local time. ``province_codes`` are DOPA
province codes ("40" is Khon Kaen); ``None`` means the whole nation, an empty list nothing.
No actor here: these are raw figures. Anything a user sees goes through ``selectors.py``, which
applies ``access.aggregate_scope(actor)`` and suppresses small cells.

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

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.cases import clocks
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


# --- facts: one SQL row per thing counted: case_id, person_id (or NULL), d (date), val ---------
def _tz() -> str:
    return settings.TIME_ZONE


def _identified_cases_sql() -> str:
    # The case's latest status is "actual victim" and a supervisor approved such a decision;
    # the identification date is the first approved "actual victim" decision.
    return f"""
        SELECT c.id AS case_id, MIN(i.decided_at) AS first_at
        FROM cases_case c
        JOIN cases_identificationdecision i ON i.case_id = c.id
        WHERE c.trafficking_status = '{ACTUAL}' AND i.status = '{ACTUAL}'
          AND i.approved_at IS NOT NULL
        GROUP BY c.id
    """


def _fact_sql(key: str) -> tuple[str, list]:
    tz = _tz()
    if key == "victims_identified":
        return (
            f"""SELECT cp.case_id, cp.person_id, (ic.first_at AT TIME ZONE %s)::date AS d,
                       1 AS val
                FROM people_caseparty cp JOIN ({_identified_cases_sql()}) ic
                  ON ic.case_id = cp.case_id
                WHERE cp.role = 'victim'""",
            [tz],
        )
    if key == "custody_to_screening_hours":
        return (
            """SELECT cu.case_id, NULL::uuid AS person_id,
                      (cu.started_at AT TIME ZONE %s)::date AS d,
                      EXTRACT(EPOCH FROM (s.first_at - cu.started_at)) / 3600.0 AS val
               FROM cases_custody cu
               JOIN LATERAL (SELECT MIN(si.interviewed_at) AS first_at
                             FROM cases_screeninginterview si
                             WHERE si.case_id = cu.case_id
                               AND si.interviewed_at >= cu.started_at) s ON true
               WHERE s.first_at IS NOT NULL""",
            [tz],
        )
    if key == "days_to_identification":
        return (
            f"""SELECT ic.case_id, NULL::uuid AS person_id,
                       (ic.first_at AT TIME ZONE %s)::date AS d,
                       EXTRACT(EPOCH FROM (ic.first_at - COALESCE(
                         (SELECT MIN(it.received_at) FROM cases_intake it
                          WHERE it.case_id = ic.case_id), c.opened_at, c.created_at)))
                         / 86400.0 AS val
                FROM ({_identified_cases_sql()}) ic JOIN cases_case c ON c.id = ic.case_id""",
            [tz],
        )
    if key == "rights_notice_share":
        return (
            f"""SELECT ic.case_id, NULL::uuid AS person_id,
                       (ic.first_at AT TIME ZONE %s)::date AS d,
                       EXISTS (SELECT 1 FROM cases_rightsnotice rn
                               WHERE rn.case_id = ic.case_id) AS val
                FROM ({_identified_cases_sql()}) ic""",
            [tz],
        )
    if key == "compensation_ordered_baht":
        return (
            """SELECT cl.case_id, NULL::uuid AS person_id, o.ordered_on AS d,
                      o.amount_ordered AS val
               FROM cases_compensationorder o
               JOIN cases_compensationclaim cl ON cl.id = o.claim_id""",
            [],
        )
    if key == "compensation_paid_baht":
        return (
            """SELECT cl.case_id, NULL::uuid AS person_id, p.paid_on AS d,
                      p.amount_paid AS val
               FROM cases_compensationpayment p
               JOIN cases_compensationclaim cl ON cl.id = p.claim_id""",
            [],
        )
    if key == "followups_on_time_share":
        today = timezone.localdate()
        return (
            """SELECT v.case_id, NULL::uuid AS person_id, v.due_on AS d,
                      (v.status = 'done' AND v.done_on IS NOT NULL AND v.done_on <= v.due_on)
                        AS val
               FROM cases_followupvisit v
               WHERE v.due_on < %s OR v.status = 'done'""",
            [today],
        )
    if key == "referrals_answered_3d_share":
        now = timezone.now()
        allowed = clocks.add(now, "referral_response") - now
        return (
            """SELECT r.case_id, NULL::uuid AS person_id,
                      (r.sent_at AT TIME ZONE %s)::date AS d,
                      (r.answered_at IS NOT NULL AND r.answered_at <= r.sent_at + %s) AS val
               FROM cases_referral r
               WHERE r.answered_at IS NOT NULL OR r.sent_at + %s <= %s""",
            [tz, allowed, allowed, now],
        )
    if key == "cases_opened":
        return (
            """SELECT c.id AS case_id, NULL::uuid AS person_id,
                      (COALESCE((SELECT MIN(it.received_at) FROM cases_intake it
                                 WHERE it.case_id = c.id), c.opened_at, c.created_at)
                        AT TIME ZONE %s)::date AS d,
                      1 AS val
               FROM cases_case c""",
            [tz],
        )
    if key == "prosecutions":
        return (
            """SELECT lp.case_id, NULL::uuid AS person_id,
                      (lp.created_at AT TIME ZONE %s)::date AS d, 1 AS val
               FROM cases_legalproceeding lp WHERE lp.status = ANY(%s)""",
            [tz, PROSECUTED],
        )
    raise KeyError(key)


def _shelter_fact_sql(start: dt.date, end: dt.date) -> tuple[str, list]:
    """Shelter days overlap the period rather than fall on a date: each stay's nights inside
    [start, end + 1), an open stay counted to today. Dated by the period's start."""
    today = timezone.localdate()
    stop = end + dt.timedelta(days=1)
    return (
        """SELECT st.case_id, NULL::uuid AS person_id, %s::date AS d,
                  GREATEST(0, LEAST(COALESCE(st.ended_on, %s), %s) - GREATEST(st.started_on, %s))
                    AS val
           FROM cases_shelterstay st
           WHERE st.started_on < %s AND COALESCE(st.ended_on, %s) > %s""",
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


def _dimension_sql(by: str) -> tuple[str, list, bool]:
    if by == "province":
        return "c.province_id", [], False
    if by == "region":
        return "pr.region_id", [], False
    if by == "sex":
        return f"COALESCE(p.sex, '{Sex.NON_SPECIFIED_UNKNOWN.value}')", [], True
    if by == "citizenship":
        return "COALESCE(NULLIF(p.citizenships[1], ''), 'unknown')", [], True
    if by == "age_group":
        return _AGE_GROUP, [_tz()] * 6, True
    if by == "exploitation":
        return "ex.g", [], False
    if by == "sex_majority":  # women, men, girls, boys: what international reports ask
        sex = f"COALESCE(p.sex, '{Sex.NON_SPECIFIED_UNKNOWN.value}')"
        majority = f"""CASE WHEN ({_AGE_YEARS}) IS NULL THEN 'unknown'
                          WHEN ({_AGE_YEARS}) < 18 THEN 'minor' ELSE 'adult' END"""
        return f"{sex} || '|' || {majority}", [_tz()] * 2, True
    raise ValueError(by)


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


def _run(key, *, start, end, province_codes, group_sql=None, group_params=(), person=False):
    indicator = INDICATORS[key]
    fact, params = _fact_query(key, start, end)
    person_join = ""
    if person:
        # A case-level fact takes the attributes of the case's first victim.
        person_join = """
          LEFT JOIN LATERAL (SELECT cp2.person_id FROM people_caseparty cp2
                             WHERE cp2.case_id = f.case_id AND cp2.role = 'victim'
                             ORDER BY cp2.created_at, cp2.id LIMIT 1) fv ON true
          LEFT JOIN people_person p ON p.id = COALESCE(f.person_id, fv.person_id)"""
    unnest = ""
    if group_sql == "ex.g":
        unnest = """CROSS JOIN LATERAL unnest(CASE WHEN cardinality(c.exploitation_types) > 0
                    THEN c.exploitation_types ELSE ARRAY['unknown']::varchar[] END) AS ex(g)"""
    where = ["f.d >= %s", "f.d <= %s"]
    where_params: list = [start, end]
    codes = _codes(province_codes)
    if codes is not None:
        where.append("c.province_id = ANY(%s)")
        where_params.append(codes)
    select_group = f"{group_sql} AS g, " if group_sql else ""
    group_by = "GROUP BY 1" if group_sql else ""
    sql = f"""
        SELECT {select_group}{_aggregate_sql(indicator)} AS v, COUNT(*) AS n
        FROM ({fact}) f
        JOIN cases_case c ON c.id = f.case_id
        JOIN geo_province pr ON pr.code = c.province_id
        {person_join}
        {unnest}
        WHERE {" AND ".join(where)}
        {group_by}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*group_params, *params, *where_params])
        rows = cursor.fetchall()
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
    return _run(key, start=start, end=end, province_codes=province_codes)


# --- periods (Thai fiscal year: 1 October to 30 September, named by its B.E. end year) --------
@dataclass(frozen=True)
class Period:
    key: str  # "2026-03", "2026-Q1" (calendar), "FY2569"
    start: dt.date
    end: dt.date
    label: str


TH_MONTHS = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]


def fiscal_year_of(day: dt.date) -> int:
    """The Thai fiscal year (ปีงบประมาณ) of a day, in B.E.: 1 Oct 2025 starts FY 2569."""
    return day.year + 543 + (1 if day.month >= 10 else 0)


def fiscal_year_bounds(be_year: int) -> tuple[dt.date, dt.date]:
    ce = be_year - 543
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def month_periods(start: dt.date, end: dt.date) -> list[Period]:
    out = []
    y, m = start.year, start.month
    while dt.date(y, m, 1) <= end:
        label = f"{TH_MONTHS[m - 1]} {str(y + 543)[-2:]}"
        out.append(
            Period(f"{y}-{m:02d}", max(dt.date(y, m, 1), start), min(_month_end(y, m), end), label)
        )
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def fiscal_quarter_of(day: dt.date) -> tuple[int, int]:
    """(fiscal year B.E., quarter 1-4): Q1 is October-December."""
    return fiscal_year_of(day), ((day.month - 10) % 12) // 3 + 1


def quarter_bounds(be_year: int, quarter: int) -> tuple[dt.date, dt.date]:
    fy_start, _end = fiscal_year_bounds(be_year)
    first_month = fy_start.month + (quarter - 1) * 3
    year = fy_start.year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    last = month + 2
    return dt.date(year, month, 1), _month_end(year + (last - 1) // 12, (last - 1) % 12 + 1)


def quarter_periods(start: dt.date, end: dt.date) -> list[Period]:
    out = []
    fy, q = fiscal_quarter_of(start)
    while True:
        qs, qe = quarter_bounds(fy, q)
        if qs > end:
            break
        out.append(Period(f"FY{fy}-Q{q}", max(qs, start), min(qe, end), f"ไตรมาส {q}/{fy}"))
        fy, q = (fy + 1, 1) if q == 4 else (fy, q + 1)
    return out


def fiscal_year_periods(start: dt.date, end: dt.date) -> list[Period]:
    out = []
    for fy in range(fiscal_year_of(start), fiscal_year_of(end) + 1):
        fs, fe = fiscal_year_bounds(fy)
        out.append(Period(f"FY{fy}", max(fs, start), min(fe, end), f"ปีงบประมาณ {fy}"))
    return out


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
    group_sql, group_params, person = _dimension_sql(by)
    values = _run(
        key,
        start=start,
        end=end,
        province_codes=province_codes,
        group_sql=group_sql,
        group_params=group_params,
        person=person,
    )
    return [Cell(str(g), v, n) for g, (v, n) in sorted(values.items(), key=lambda kv: str(kv[0]))]


def _time_breakdown(key, periods, start, end, province_codes) -> list[Cell]:
    indicator = INDICATORS[key]
    # Group by month (the smallest period); counts and sums add up, shares need numerators.
    aggregate = "SUM(f.val::int)" if indicator.aggregation == "share" else _aggregate_sql(indicator)
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
    where = ["f.d >= %s", "f.d <= %s"]
    where_params: list = [start, end]
    codes = _codes(province_codes)
    if codes is not None:
        where.append("c.province_id = ANY(%s)")
        where_params.append(codes)
    sql = f"""
        SELECT to_char(f.d, 'YYYY-MM') AS g, {aggregate} AS v, COUNT(*) AS n
        FROM ({fact}) f JOIN cases_case c ON c.id = f.case_id
        WHERE {" AND ".join(where)} GROUP BY 1"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *where_params])
        return {g: (float(v) if isinstance(v, Decimal) else v, n) for g, v, n in cursor.fetchall()}


def exploitation_keys() -> list[str]:
    return [*ExploitationType.values, UNKNOWN]
