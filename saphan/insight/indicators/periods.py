"""Periods (Thai fiscal year: 1 October to 30 September, named by its B.E. end year).

The calendar is core's (saphan/core/fiscal.py); these are the names insight reads it by.
"""

from __future__ import annotations

from saphan.core.fiscal import (  # noqa: F401  (insight's modules read them from here)
    Period,
    fiscal_quarter_of,
    fiscal_year_bounds,
    fiscal_year_of,
    fiscal_year_periods,
    month_periods,
    quarter_bounds,
    quarter_periods,
)
from saphan.core.fiscal import month_end as _month_end  # noqa: F401

PERIODS = {"month": month_periods, "quarter": quarter_periods, "fiscal_year": fiscal_year_periods}
