import datetime as dt
from decimal import Decimal

import pytest

from saphan.plans.models import Indicator, Unit
from saphan.plans.periods import Quarter, fiscal_year_of, last_completed_quarter, quarter_of
from saphan.plans.services import overall_status, suggest_status


@pytest.mark.parametrize(
    "day, fy, q",
    [
        (dt.date(2025, 10, 1), 2569, 1),
        (dt.date(2025, 12, 31), 2569, 1),
        (dt.date(2026, 1, 1), 2569, 2),
        (dt.date(2026, 6, 30), 2569, 3),
        (dt.date(2026, 9, 30), 2569, 4),
        (dt.date(2026, 11, 29), 2570, 1),
    ],
)
def test_thai_fiscal_quarters_start_in_october(day, fy, q):
    assert fiscal_year_of(day) == fy
    assert quarter_of(day) == Quarter(fy, q)
    assert quarter_of(day).start <= day <= quarter_of(day).end


def test_quarter_dates_and_due_day():
    q4 = Quarter(2569, 4)
    assert (q4.start, q4.end, q4.due) == (
        dt.date(2026, 7, 1),
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 15),
    )
    assert q4.next() == Quarter(2570, 1) and Quarter(2570, 1).previous() == q4
    assert last_completed_quarter(dt.date(2026, 11, 29)) == q4
    assert Quarter.parse("2569-4") == q4
    for bad in ("", "2569", "2569-5", "1999-1", "x-1"):
        with pytest.raises(ValueError):
            Quarter.parse(bad)


PEOPLE = {"unit": Unit.PEOPLE, "direction": "higher"}
DAYS = {"unit": Unit.DAYS, "direction": "lower", "adds_up": False}


@pytest.mark.parametrize(
    "indicator, target, value, quarter, status",
    [
        # 40 people a year: 20 expected by the end of quarter 2.
        (PEOPLE, 40, 19, 2, "on_track"),
        (PEOPLE, 40, 13, 2, "at_risk"),
        (PEOPLE, 40, 5, 2, "off_track"),
        # Days, lower is better.
        (DAYS, 15, 12, 1, "on_track"),
        (DAYS, 15, 40, 1, "off_track"),
    ],
)
def test_status_suggestion_is_pro_rata_for_counts(indicator, target, value, quarter, status):
    suggested = suggest_status(
        indicator=Indicator(**indicator),
        target=Decimal(target),
        value=Decimal(value),
        quarter=quarter,
    )
    assert suggested == status


def test_overall_status():
    assert overall_status([]) == ""
    assert overall_status(["on_track"] * 9 + ["at_risk"]) == "on_track"
    assert overall_status(["on_track"] * 8 + ["at_risk"] * 2) == "at_risk"
    assert overall_status(["on_track"] * 8 + ["off_track"] * 2) == "off_track"
