from django import template

register = template.Library()


@register.filter
def num(value):
    """1234567.5 → 1,234,567.5; whole numbers without decimals; "<5" and text as they are."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"
