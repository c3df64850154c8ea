"""Thai dates and ID numbers in templates. A template builtin (config/settings.py): no {% load %}.

    {{ case.opened_on|date_be }}        15 มิ.ย. 2565 / 15 Jun 2022 (the reader's language)
    {{ case.opened_on|date_be_long }}   15 มิถุนายน 2565 / 15 June 2022
    {{ event.at|datetime_be }}          15 มิ.ย. 2565 13:00 น. / 15 Jun 2022 13:00
    {{ person.national_id|thai_id }}    1-2345-67890-12-1
    {{ plan.year|be_year }}             2565, from a C.E. year or a date

Like Django's own `date` filter, a missing or unusable value shows as "" rather than failing
the page.
"""

import datetime as dt

from django import template

from saphan.core import thai

register = template.Library()


@register.filter
def date_be(value: object) -> str:
    return thai.format_date(value) if isinstance(value, dt.date) else ""


@register.filter
def date_be_long(value: object) -> str:
    return thai.format_date(value, long=True) if isinstance(value, dt.date) else ""


@register.filter
def datetime_be(value: object) -> str:
    return thai.format_datetime(value) if isinstance(value, dt.date) else ""


@register.filter
def thai_id(value: object) -> str:
    return thai.format_thai_id(str(value)) if value not in (None, "") else ""


@register.filter
def be_year(value: object) -> int | str:
    if isinstance(value, dt.date):
        return thai.to_be_year(thai.local_date(value).year)
    try:
        return thai.to_be_year(int(value))
    except (TypeError, ValueError):
        return ""
