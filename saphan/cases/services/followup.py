"""Stage 12: reintegration with the home province's team and the village volunteer, and the
follow-up visits at 1, 3, 6 and 12 months (clocks follow_up_1..4)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.geo.models import District, Province
from saphan.orgs.models import Agency

from .. import clocks
from ..enums import FollowUpStatus
from ..models import Case, FollowUpVisit, ReintegrationPlan
from .common import case_write, not_in_future, record_event, return_tracks_guard

if TYPE_CHECKING:
    from saphan.orgs.models import User

PERM = "cases.change_return"


@case_write(PERM)
def reintegration_plan_create(
    *, actor: User, case: Case, home_province: Province, responsible_agency: Agency, plan: str,
    started_on: dt.date, home_district: District | None = None, volunteer_name: str = "",
    volunteer_contact: str = "", expected_version: int | None = None,
) -> ReintegrationPlan:  # fmt: skip
    """The plan, and the four follow-up visits it schedules."""
    return_tracks_guard(case)
    not_in_future(started_on, "started_on")
    if ReintegrationPlan.objects.filter(case=case).exists():
        raise ValidationError(_("This case already has a reintegration plan."))
    if not plan.strip():
        raise ValidationError({"plan": _("Write the reintegration plan.")})
    if responsible_agency.province_id != home_province.pk:
        raise ValidationError(
            {"responsible_agency": _("Choose an agency in the person's home province.")}
        )
    if home_district is not None and home_district.province_id != home_province.pk:
        raise ValidationError({"home_district": _("The district is not in the chosen province.")})
    reintegration = ReintegrationPlan.objects.create(
        case=case, home_province=home_province, home_district=home_district,
        responsible_agency=responsible_agency, volunteer_name=volunteer_name.strip(),
        volunteer_contact=volunteer_contact.strip(), plan=plan.strip(), started_on=started_on,
        recorded_by=actor,
    )  # fmt: skip
    due_dates = clocks.follow_up_due_dates(started_on)
    FollowUpVisit.objects.bulk_create(
        [
            FollowUpVisit(case=case, plan=reintegration, number=n, due_on=due_on)
            for n, due_on in enumerate(due_dates, start=1)
        ]
    )
    record_event(
        case=case, actor=actor, kind="reintegration_planned", agency=responsible_agency.code,
        province=home_province.pk, started_on=started_on, visits=len(due_dates),
    )  # fmt: skip
    return reintegration


def _visit(case: Case, visit: FollowUpVisit) -> FollowUpVisit:
    visit = FollowUpVisit.objects.select_related("plan").get(pk=visit.pk)
    if visit.case_id != case.pk:
        raise ValidationError(_("This visit belongs to another case."))
    if visit.status == FollowUpStatus.DONE:
        raise ValidationError(_("This visit is already recorded."))
    return visit


@case_write(PERM)
def follow_up_record(
    *, actor: User, case: Case, visit: FollowUpVisit, done_on: dt.date, visited_by: str,
    findings: str,
    expected_version: int | None = None,
) -> FollowUpVisit:  # fmt: skip
    """A visit made (on time, or late after it was missed)."""
    return_tracks_guard(case)
    visit = _visit(case, visit)
    not_in_future(done_on, "done_on")
    if done_on < visit.plan.started_on:
        raise ValidationError(
            {"done_on": _("A follow-up visit cannot be before reintegration started.")}
        )
    if not visited_by.strip():
        raise ValidationError({"visited_by": _("Say who made the visit.")})
    if not findings.strip():
        raise ValidationError({"findings": _("Write what the visit found.")})
    FollowUpVisit.objects.filter(pk=visit.pk).update(
        status=FollowUpStatus.DONE, done_on=done_on, visited_by=visited_by.strip(),
        findings=findings.strip(), recorded_by=actor, updated_at=timezone.now(),
    )  # fmt: skip
    visit.refresh_from_db()
    record_event(
        case=case, actor=actor, kind="follow_up_done", number=visit.number, done_on=done_on
    )
    return visit


@case_write(PERM)
def follow_up_miss(
    *,
    actor: User,
    case: Case,
    visit: FollowUpVisit,
    reason: str,
    expected_version: int | None = None,
) -> FollowUpVisit:
    """A visit that did not happen. It stays an overdue deadline until a visit is made."""
    return_tracks_guard(case)
    visit = _visit(case, visit)
    if visit.due_on >= timezone.localdate():
        raise ValidationError(_("A visit can be marked missed only after its due date."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the visit did not happen.")})
    FollowUpVisit.objects.filter(pk=visit.pk).update(
        status=FollowUpStatus.MISSED, missed_reason=reason.strip(), recorded_by=actor,
        updated_at=timezone.now(),
    )  # fmt: skip
    visit.refresh_from_db()
    record_event(
        case=case, actor=actor, kind="follow_up_missed", number=visit.number, note=reason.strip()
    )
    return visit
