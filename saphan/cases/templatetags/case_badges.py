"""The phase and deadline badges, written in Python: a list shows two per row, twice (the
table and the phone cards), and a template include per badge cost more than the rest of the
row."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()

DEADLINE_BADGE = {
    "overdue": "text-bg-danger",
    "due_soon": "text-bg-warning",
    "done": "text-bg-success",
}


@register.simple_tag
def phase_badge(phase: str, label: object) -> str:
    return format_html('<span class="badge phase-badge phase-{}">{}</span>', phase, label)


@register.simple_tag
def deadline_badge(d) -> str:
    """A deadline's status (clocks.Deadline or anything with ``status`` and ``status_label``)."""
    status = getattr(d, "status", "")
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        DEADLINE_BADGE.get(status, "text-bg-secondary"),
        status,
        getattr(d, "status_label", ""),
    )
