"""Numbers of the plan pages: ``{{ value|num }}`` → 1,234 or 85.5 (nothing for a missing value)."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def num(value) -> str:
    if value is None or value == "":
        return ""
    try:
        d = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d.normalize():,.2f}".rstrip("0").rstrip(".")


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return ""


@register.filter
def status_label(value) -> str:
    from saphan.plans.models import ProgressStatus

    try:
        return ProgressStatus(value).label
    except ValueError:
        return ""


@register.filter
def state_label(value) -> str:
    from saphan.plans.models import ReportState

    try:
        return ReportState(value).label
    except ValueError:
        return ""
