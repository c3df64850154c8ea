"""Thai fiscal years and their quarters.

The Thai government's fiscal year starts on 1 October and is named by the Buddhist-Era year in
which it ends: ปีงบประมาณ 2569 runs from 1 October 2025 to 30 September 2026, and its first
quarter (ไตรมาส 1) is October–December 2025. Every date here is a plain calendar date in
Thailand; years passed around are B.E. fiscal years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from saphan.core.thai import to_be_year, to_ce_year

# A quarterly report is due this many days after its quarter ends.
REPORT_DUE_DAYS = 15


@dataclass(frozen=True, order=True)
class Quarter:
    fiscal_year: int  # B.E.
    quarter: int  # 1-4

    @property
    def start(self) -> dt.date:
        # Q1 starts in October of the previous C.E. year.
        ce_year = to_ce_year(self.fiscal_year) - 1
        month = 10 + 3 * (self.quarter - 1)
        if month > 12:
            month -= 12
            ce_year += 1
        return dt.date(ce_year, month, 1)

    @property
    def end(self) -> dt.date:
        return self.next().start - dt.timedelta(days=1)

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


def fiscal_year_of(day: dt.date) -> int:
    """The B.E. fiscal year containing ``day``."""
    ce = day.year + 1 if day.month >= 10 else day.year
    return to_be_year(ce)


def quarter_of(day: dt.date) -> Quarter:
    fiscal_year = fiscal_year_of(day)
    quarter = ((day.month - 10) % 12) // 3 + 1
    return Quarter(fiscal_year, quarter)


def last_completed_quarter(today: dt.date) -> Quarter:
    return quarter_of(today).previous()
