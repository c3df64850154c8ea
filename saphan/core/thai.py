"""Thai dates, ID numbers and text. (Minimal first cut; extended with the date input and tokens.)"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

BE_OFFSET = 543

THAI_MONTHS_SHORT = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]


def to_be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def format_date_be(value: dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {THAI_MONTHS_SHORT[value.month - 1]} {to_be_year(value.year)}"


def format_datetime_be(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date_be(local)} {local:%H:%M} น."
