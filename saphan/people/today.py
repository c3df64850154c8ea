"""Requests to see a person, waiting for the supervisor's decision (saphan.core.today)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from saphan.core.today import (
    WAITING,
    TodayEntry,
    TodaySection,
    register_today,
    waiting_section,
)

from .selectors import access_requests_to_decide


def access_requests(user, *, limit: int) -> TodaySection | None:
    return waiting_section(
        access_requests_to_decide(actor=user),
        limit=limit,
        entry=lambda request: TodayEntry(
            title=request.case.code,
            detail=_("%(name)s asks to see who the person is")
            % {"name": request.requester.display_name},
            url=reverse("people:access_request_decide", args=[request.pk]),
            when=request.created_at,
            when_label=_("Asked"),
            urgency=WAITING,
        ),
        key="access-requests",
        title=_("Access requests to answer"),
        more_url=reverse("people:access_requests"),
        more_label=_("All access requests"),
        approval=True,
    )


register_today(access_requests, place=25)
