"""Tips to triage and visits assigned to a volunteer (saphan.core.today)."""

from __future__ import annotations

from django.db.models import Case as When_
from django.db.models import IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.cases.enums import Urgency
from saphan.core.today import (
    DUE_SOON,
    LATER,
    OVERDUE,
    WAITING,
    TodayEntry,
    TodaySection,
    register_today,
)
from saphan.orgs import access

from .models import TipStatus, VisitStatus

# The most urgent tips first, as on the triage page.
URGENCY_ORDER = When_(
    When(urgency=Urgency.IMMEDIATE, then=Value(0)),
    When(urgency=Urgency.URGENT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def tips(user, *, limit: int) -> TodaySection | None:
    if not user.has_perm("network.view_triage"):
        return None
    qs = access.triage_tips(user).filter(status=TipStatus.NEW)
    count = qs.count()
    if not count:
        return None
    rows = qs.select_related("province").annotate(u=URGENCY_ORDER).order_by("u", "created_at")
    entries = [
        TodayEntry(
            title=tip.tracking_code,
            detail=tip.get_urgency_display(),
            url=reverse("network:tip", args=[tip.pk]),
            when=tip.created_at,
            when_label=_("Received"),
            urgency=DUE_SOON if tip.urgency != Urgency.ROUTINE else WAITING,
            status_label=tip.get_urgency_display() if tip.urgency != Urgency.ROUTINE else "",
        )
        for tip in rows[:limit]
    ]
    return TodaySection(
        key="tips",
        title=_("Tips to triage"),
        count=count,
        entries=entries,
        more_url=reverse("network:triage"),
        more_label=_("All tips waiting"),
    )


def visits(user, *, limit: int) -> TodaySection | None:
    """A volunteer's own visits to make (the staff who assign them follow them elsewhere)."""
    if not user.has_perm("network.report_concern"):
        return None
    qs = access.visible_visits(user).filter(assigned_to=user, status=VisitStatus.ASSIGNED)
    count = qs.count()
    if not count:
        return None
    today = timezone.localdate()
    entries = []
    for visit in qs.order_by("due_on", "created_at")[:limit]:
        if visit.due_on is None:
            urgency = LATER
        elif visit.due_on < today:
            urgency = OVERDUE
        elif (visit.due_on - today).days <= 3:
            urgency = DUE_SOON
        else:
            urgency = WAITING
        entries.append(
            TodayEntry(
                title=visit.get_kind_display(),
                detail=visit.purpose[:120],
                url=reverse("network:visit", args=[visit.pk]),
                when=visit.due_on,
                all_day=True,
                when_label=_("Visit by"),
                urgency=urgency,
                status_label=_("Overdue") if urgency == OVERDUE else "",
            )
        )
    return TodaySection(
        key="visits",
        title=_("Visits to make"),
        count=count,
        overdue=qs.filter(due_on__lt=today).count(),
        entries=entries,
        more_url=reverse("network:mine"),
        more_label=_("All my visits"),
    )


register_today(tips, place=40)
register_today(visits, place=41)
