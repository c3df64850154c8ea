"""Provincial progress reports waiting for the supervisor's approval or the regional office's
review (saphan.core.today)."""

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
from saphan.orgs.roles import Role

from .models import ProgressReport, ReportState


def reports(user, *, limit: int) -> TodaySection | None:
    # The same scope as the rules plans.approve_report / plans.review_report (plans/rules.py).
    if user.has_role(Role.PROVINCIAL_SUPERVISOR) and user.province_id:
        qs = ProgressReport.objects.filter(
            province_id=user.province_id, state=ReportState.SUBMITTED
        )
        when_field, when_label = "submitted_at", _("Submitted")
    elif user.has_role(Role.REGIONAL_OFFICER) and user.region_id:
        qs = ProgressReport.objects.filter(
            province__region_id=user.region_id, state=ReportState.APPROVED
        )
        when_field, when_label = "approved_at", _("Approved")
    else:
        return None
    return waiting_section(
        qs,
        limit=limit,
        rows=qs.select_related("province", "period").order_by(when_field),
        entry=lambda report: TodayEntry(
            title=str(report.province),
            detail=str(report.period),
            url=reverse("plans:report", args=[report.pk]),
            when=getattr(report, when_field),
            when_label=when_label,
            urgency=WAITING,
        ),
        key="plan-reports",
        title=_("Progress reports to review"),
        approval=True,
    )


register_today(reports, place=35)
