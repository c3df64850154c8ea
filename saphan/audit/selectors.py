"""Reads of the two logs for the auditor page: who saw (ReadAccess) and who changed (pghistory)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from pghistory.models import Events

from saphan.orgs.access import require

from .models import ReadAccess

if TYPE_CHECKING:
    from saphan.orgs.models import User


@dataclass(frozen=True)
class LogFilters:
    username: str = ""
    record: str = ""  # a record id, a case code, or a record type such as "cases.case"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outcome: str = ""  # one of models.Outcome; "" = all


def _day_bounds(f: LogFilters) -> tuple[dt.datetime | None, dt.datetime | None]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(f.date_from, dt.time.min, tzinfo=tz) if f.date_from else None
    end = dt.datetime.combine(f.date_to, dt.time.max, tzinfo=tz) if f.date_to else None
    return start, end


def read_log(*, actor: User, filters: LogFilters) -> QuerySet[ReadAccess]:
    require(actor, "audit.view_logs")
    qs = ReadAccess.objects.select_related("user")
    if filters.outcome:
        qs = qs.filter(outcome=filters.outcome)
    if filters.username:
        qs = qs.filter(username__icontains=filters.username.strip())
    if filters.record:
        r = filters.record.strip()
        qs = qs.filter(Q(record_id=r) | Q(record_label__iexact=r) | Q(record_type=r.lower()))
    start, end = _day_bounds(filters)
    if start:
        qs = qs.filter(at__gte=start)
    if end:
        qs = qs.filter(at__lte=end)
    return qs.order_by("-id")


def change_log(*, actor: User, filters: LogFilters) -> QuerySet:
    require(actor, "audit.view_logs")
    qs = Events.objects.all()
    if filters.username:
        ids = [
            str(pk)
            for pk in get_user_model()
            .objects.filter(username__icontains=filters.username.strip())
            .values_list("pk", flat=True)[:50]
        ]
        qs = qs.filter(pgh_context__user__in=ids)
    if filters.record:
        r = filters.record.strip()
        qs = qs.filter(
            Q(pgh_obj_id=r)
            | Q(pgh_obj_model__iexact=r)
            | Q(pgh_data__code=r)
            | Q(pgh_data__username=r)
        )
    start, end = _day_bounds(filters)
    if start:
        qs = qs.filter(pgh_created_at__gte=start)
    if end:
        qs = qs.filter(pgh_created_at__lte=end)
    return qs.order_by("-pgh_created_at")
