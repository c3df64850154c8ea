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

The package: ``catalogue`` (what each indicator is), ``fact_sql`` (the facts and dimensions as
SQL), ``periods`` (months, quarters, fiscal years) and ``reading`` (compute, breakdown, batch).
Its names are re-exported here: read them as ``indicators.X``.
"""

from saphan.core.fiscal import (
    Period,
    fiscal_quarter_of,
    fiscal_year_bounds,
    fiscal_year_of,
    fiscal_year_periods,
    month_periods,
    quarter_bounds,
    quarter_periods,
)
from saphan.core.fiscal import month_end as _month_end

from .catalogue import (
    ACTUAL,
    INDICATORS,
    PROSECUTED,
    Indicator,
)
from .fact_sql import (
    AGE_GROUPS,
    DIMENSIONS,
    FACT_COLUMNS,
    TIME_DIMENSIONS,
    UNKNOWN,
    _identified_cases_sql,
    dimension_columns_sql,
    exploitation_keys,
    source_sql,
)
from .periods import PERIODS
from .reading import (
    ADDITIVE,
    ROLLED_UP,
    Cell,
    batch,
    breakdown,
    compute,
    compute_with_n,
    page_memo,
)

__all__ = [
    "ACTUAL",
    "ADDITIVE",
    "AGE_GROUPS",
    "Cell",
    "DIMENSIONS",
    "FACT_COLUMNS",
    "INDICATORS",
    "Indicator",
    "PERIODS",
    "PROSECUTED",
    "Period",
    "ROLLED_UP",
    "TIME_DIMENSIONS",
    "UNKNOWN",
    "_identified_cases_sql",
    "_month_end",
    "batch",
    "breakdown",
    "compute",
    "compute_with_n",
    "dimension_columns_sql",
    "exploitation_keys",
    "fiscal_quarter_of",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "fiscal_year_periods",
    "month_periods",
    "page_memo",
    "quarter_bounds",
    "quarter_periods",
    "source_sql",
]
