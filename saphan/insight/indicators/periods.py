"""Periods (Thai fiscal year: 1 October to 30 September, named by its B.E. end year).

The calendar is core's (saphan/core/fiscal.py); here is how insight names its periods.
"""

from __future__ import annotations

from saphan.core.fiscal import fiscal_year_periods, month_periods, quarter_periods

PERIODS = {"month": month_periods, "quarter": quarter_periods, "fiscal_year": fiscal_year_periods}
