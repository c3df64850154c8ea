"""The quarters a provincial report covers, on the Thai fiscal calendar (saphan/core/fiscal.py:
fiscal year 2569 runs from 1 October 2025 to 30 September 2026; its quarter 1 is October–December
2025). Years passed around are B.E. fiscal years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from saphan.core.fiscal import fiscal_quarter_of, quarter_bounds
from saphan.core.fiscal import fiscal_year_of as fiscal_year_of  # plans reads it from here

# A quarterly report is due this many days after its quarter ends.
REPORT_DUE_DAYS = 15


@dataclass(frozen=True, order=True)
class Quarter:
    fiscal_year: int  # B.E.
    quarter: int  # 1-4

    @property
    def start(self) -> dt.date:
        return quarter_bounds(self.fiscal_year, self.quarter)[0]

    @property
    def end(self) -> dt.date:
        return quarter_bounds(self.fiscal_year, self.quarter)[1]

    @property
    def due(self) -> dt.date:
        return self.end + dt.timedelta(days=REPORT_DUE_DAYS)

    @property
    def label(self) -> str:
        from django.utils.translation import gettext

        return gettext("Quarter %(q)s, fiscal year %(y)s") % {
            "q": self.quarter,
            "y": self.fiscal_year,
        }

    @property
    def key(self) -> str:
        return f"{self.fiscal_year}-{self.quarter}"

    def next(self) -> Quarter:
        if self.quarter == 4:
            return Quarter(self.fiscal_year + 1, 1)
        return Quarter(self.fiscal_year, self.quarter + 1)

    def previous(self) -> Quarter:
        if self.quarter == 1:
            return Quarter(self.fiscal_year - 1, 4)
        return Quarter(self.fiscal_year, self.quarter - 1)

    @classmethod
    def parse(cls, key: str) -> Quarter:
        """``2569-4`` → Quarter(2569, 4); ValueError for anything else."""
        year_text, _, quarter_text = (key or "").partition("-")
        year, quarter = int(year_text), int(quarter_text)
        if not (2400 <= year <= 2700 and 1 <= quarter <= 4):
            raise ValueError(key)
        return cls(year, quarter)


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(*fiscal_quarter_of(day))


def last_completed_quarter(today: dt.date) -> Quarter:
    return quarter_of(today).previous()
