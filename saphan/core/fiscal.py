"""The Thai government's fiscal calendar, for every app that counts by it.

The fiscal year (ปีงบประมาณ) starts on 1 October and is named by the Buddhist-Era year in which it
ends: fiscal year 2569 runs from 1 October 2025 to 30 September 2026, and its first quarter
(ไตรมาส 1) is October–December 2025. Dates are plain calendar dates in Thailand; the years
passed around are B.E. fiscal years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext

from .thai import ENGLISH_MONTHS_SHORT, THAI_MONTHS_SHORT, is_thai_language, to_be_year, to_ce_year


@dataclass(frozen=True)
class Period:
    key: str  # "2026-03" (a month), "FY2569-Q1", "FY2569"
    start: dt.date
    end: dt.date
    label: str


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year of a day, in B.E.: 1 Oct 2025 starts fiscal year 2569."""
    return to_be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(be_year: int) -> tuple[dt.date, dt.date]:
    ce = to_ce_year(be_year)
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def fiscal_quarter_of(day: dt.date) -> tuple[int, int]:
    """(fiscal year B.E., quarter 1-4): Q1 is October-December."""
    return fiscal_year_of(day), ((day.month - 10) % 12) // 3 + 1


def quarter_bounds(be_year: int, quarter: int) -> tuple[dt.date, dt.date]:
    fy_start, _end = fiscal_year_bounds(be_year)
    first_month = fy_start.month + (quarter - 1) * 3
    year = fy_start.year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    last = month + 2
    return dt.date(year, month, 1), month_end(year + (last - 1) // 12, (last - 1) % 12 + 1)


def month_label(year: int, month: int) -> str:
    """A month in the reader's language: "มี.ค. 69" (B.E.), "Mar 2026"."""
    if is_thai_language():
        return f"{THAI_MONTHS_SHORT[month - 1]} {str(to_be_year(year))[-2:]}"
    return f"{ENGLISH_MONTHS_SHORT[month - 1]} {year}"


def month_periods(start: dt.date, end: dt.date) -> list[Period]:
    out = []
    y, m = start.year, start.month
    while dt.date(y, m, 1) <= end:
        out.append(
            Period(
                f"{y}-{m:02d}",
                max(dt.date(y, m, 1), start),
                min(month_end(y, m), end),
                month_label(y, m),
            )
        )
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def quarter_periods(start: dt.date, end: dt.date) -> list[Period]:
    out = []
    fy, q = fiscal_quarter_of(start)
    while True:
        qs, qe = quarter_bounds(fy, q)
        if qs > end:
            break
        label = gettext("Q%(q)s/%(year)s") % {"q": q, "year": fy}
        out.append(Period(f"FY{fy}-Q{q}", max(qs, start), min(qe, end), label))
        fy, q = (fy + 1, 1) if q == 4 else (fy, q + 1)
    return out


def fiscal_year_periods(start: dt.date, end: dt.date) -> list[Period]:
    out = []
    for fy in range(fiscal_year_of(start), fiscal_year_of(end) + 1):
        fs, fe = fiscal_year_bounds(fy)
        label = gettext("Fiscal year %(year)s") % {"year": fy}
        out.append(Period(f"FY{fy}", max(fs, start), min(fe, end), label))
    return out
