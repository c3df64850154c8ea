"""Visits by volunteers: a returned person's follow-up (assigned from the case page) and a
household's outreach (assigned from the ranked list). The volunteer gets only what the visit
needs, copied when it is assigned; the case file stays closed to them. A follow-up visit's result
goes back to the case: the scheduled visit is marked done and the timeline says so. The risks
the volunteer saw are set on the household visited (a returnee's household when the volunteer
gives its survey id) and the household is scored again."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.cases.enums import FollowUpStatus
from saphan.cases.models import Case, FollowUpVisit
from saphan.cases.services.common import not_in_future, record_event
from saphan.orgs.access import can_see_identity, require

from ..models import (
    Household,
    MemberKind,
    NetworkMember,
    ReferralService,
    RiskFactor,
    Visit,
    VisitKind,
    VisitStatus,
)
from ..selectors import case_victim, person_address

if TYPE_CHECKING:
    from saphan.orgs.models import User


def _volunteer_member(user: User, province_id: str) -> NetworkMember:
    member = (
        NetworkMember.objects.select_related("user")
        .filter(user=user, is_active=True, kind=MemberKind.VOLUNTEER, user__is_active=True)
        .first()
    )
    if member is None:
        raise ValidationError({"volunteer": _("Choose an active volunteer (อพม.).")})
    if member.province_id != province_id:
        raise ValidationError({"volunteer": _("The volunteer is not in this province.")})
    return member


@transaction.atomic
def follow_up_assign(
    *, actor: User, case: Case, follow_up: FollowUpVisit, volunteer: User, purpose: str,
) -> Visit:  # fmt: skip
    """Ask the home village's volunteer to make a scheduled follow-up visit."""
    require(actor, "cases.change_return", case)
    if not can_see_identity(actor, case):
        raise PermissionDenied("identity")
    follow_up = (
        FollowUpVisit.objects.select_for_update().select_related("plan").get(pk=follow_up.pk)
    )
    if follow_up.case_id != case.pk:
        raise ValidationError(_("This visit belongs to another case."))
    if follow_up.status == FollowUpStatus.DONE:
        raise ValidationError(_("This visit is already recorded."))
    if Visit.objects.filter(follow_up=follow_up, status=VisitStatus.ASSIGNED).exists():
        raise ValidationError(_("This visit is already assigned to a volunteer."))
    member = _volunteer_member(volunteer, follow_up.plan.home_province_id)
    if not purpose.strip():
        raise ValidationError({"purpose": _("Say what the visit is for.")})
    person = case_victim(case)
    if person is None:
        raise ValidationError(_("Link the person to the case first."))
    visit = Visit.objects.create(
        kind=VisitKind.FOLLOW_UP, assigned_to=member.user, assigned_by=actor,
        province_id=follow_up.plan.home_province_id, follow_up=follow_up, case=case,
        visit_name=person.full_name, visit_address=person_address(person), purpose=purpose.strip(),
        due_on=follow_up.due_on, is_demo=case.is_demo,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="network_visit_assigned", number=follow_up.number,
        volunteer=member.user.get_full_name() or member.user.username,
    )  # fmt: skip
    return visit


@transaction.atomic
def household_visit_assign(
    *, actor: User, household: Household, volunteer: User, purpose: str
) -> Visit:
    require(actor, "network.assign_household_visit")
    if household.province_code != actor.province_id:
        raise PermissionDenied("household outside the province")
    member = _volunteer_member(volunteer, household.province_code)
    if Visit.objects.filter(household=household, status=VisitStatus.ASSIGNED).exists():
        raise ValidationError(_("This household already has a visit assigned."))
    return Visit.objects.create(
        kind=VisitKind.HOUSEHOLD, assigned_to=member.user, assigned_by=actor,
        province_id=household.province_code, household=household,
        visit_name=_("Household %(code)s") % {"code": household.household_code},
        visit_address=f"{household.village_code}",
        purpose=purpose.strip() or str(_("Outreach visit: family strength and safe migration")),
        is_demo=household.is_demo,
    )  # fmt: skip


def survey_household(*, visit: Visit, household_code: str) -> Household | None:
    """A returnee's household in the household survey of the visit's province, by the id the
    volunteer typed (its latest survey year); None when nothing was typed. Only a follow-up
    visit takes one: a household's outreach visit has its household already."""
    code = (household_code or "").strip()
    if visit.kind != VisitKind.FOLLOW_UP or not code:
        return None
    household = (
        Household.objects.filter(household_code=code, province_code=visit.province_id)
        .order_by("-survey_year")
        .first()
    )
    if household is None:
        raise ValidationError(
            {"household_code": _("No household has this id in the survey of this province.")}
        )
    return household


def apply_household_factors(*, actor: User, visit: Visit) -> None:
    """The risks seen on a visit made, set on its household (if it has one) and scored."""
    if visit.household_id:
        from ..households.services import visit_factors_apply

        visit_factors_apply(actor=actor, visit=visit)


@transaction.atomic
def visit_record(
    *, actor: User, visit: Visit, done_on: dt.date, findings: str,
    risk_factors: list[str] | None = None,
    referrals: list[str] | None = None, awareness_given: bool = False,
    household_code: str = "",
) -> Visit:  # fmt: skip
    """The volunteer's record of a visit; a follow-up's result goes back to the case. The risks
    seen go to the household visited (a follow-up's: the household whose survey id was given)."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    require(actor, "network.record_visit", visit)
    if visit.status != VisitStatus.ASSIGNED:
        raise ValidationError(_("This visit is already recorded."))
    if done_on is None:
        raise ValidationError({"done_on": _("Say on which day you visited.")})
    not_in_future(done_on, "done_on")
    if not (findings or "").strip():
        raise ValidationError({"findings": _("Write what you found.")})
    risk_factors = [f for f in (risk_factors or []) if f in RiskFactor.values]
    referrals = [r for r in (referrals or []) if r in ReferralService.values]
    visit.status = VisitStatus.DONE
    visit.done_on = done_on
    visit.findings = findings.strip()
    visit.risk_factors = risk_factors
    visit.referrals = referrals
    visit.awareness_given = awareness_given
    household = survey_household(visit=visit, household_code=household_code)
    if household is not None:
        visit.household = household
    visit.save()
    apply_household_factors(actor=actor, visit=visit)
    if visit.follow_up_id:
        follow_up = (
            FollowUpVisit.objects.select_for_update()
            .select_related("plan", "case")
            .get(pk=visit.follow_up_id)
        )
        if done_on < follow_up.plan.started_on:
            raise ValidationError(
                {"done_on": _("A follow-up visit cannot be before reintegration started.")}
            )
        name = actor.get_full_name() or actor.username
        if follow_up.status != FollowUpStatus.DONE:
            FollowUpVisit.objects.filter(pk=follow_up.pk).update(
                status=FollowUpStatus.DONE, done_on=done_on, visited_by=f"อพม. {name}",
                findings=visit.findings, recorded_by=actor, updated_at=timezone.now(),
            )  # fmt: skip
        record_event(
            case=follow_up.case, actor=actor, kind="network_visit_done",
            number=follow_up.number, done_on=done_on, volunteer=name, findings=visit.findings,
        )  # fmt: skip
    return visit


def _open_visit_for_change(*, actor: User, visit: Visit, reason: str) -> Visit:
    visit = Visit.objects.select_for_update().select_related("assigned_to").get(pk=visit.pk)
    require(actor, "network.manage_visit", visit)
    if visit.case_id is not None:  # a returnee's follow-up: the case's own permission too
        require(actor, "cases.change_return", Case.objects.get(pk=visit.case_id))
    if visit.status != VisitStatus.ASSIGNED:
        raise ValidationError(_("Only a visit not yet made can be cancelled or reassigned."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why.")})
    return visit


def _cancel(visit: Visit, *, actor: User, reason: str) -> None:
    visit.status = VisitStatus.CANCELLED
    visit.cancelled_at = timezone.now()
    visit.cancelled_by = actor
    visit.cancel_reason = reason.strip()
    visit.save(
        update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason", "updated_at"]
    )


def _follow_up_number(visit: Visit):
    return (
        FollowUpVisit.objects.filter(pk=visit.follow_up_id).values_list("number", flat=True).first()
    )


def _name(user: User) -> str:
    return user.get_full_name() or user.username


@transaction.atomic
def visit_cancel(*, actor: User, visit: Visit, reason: str) -> Visit:
    """The coordinator calls off a visit not yet made, with the reason, kept on the record (a
    follow-up's case timeline says so; the scheduled follow-up is open again to assign)."""
    visit = _open_visit_for_change(actor=actor, visit=visit, reason=reason)
    _cancel(visit, actor=actor, reason=reason)
    if visit.follow_up_id:
        record_event(
            case=visit.case, actor=actor, kind="network_visit_cancelled",
            number=_follow_up_number(visit), volunteer=_name(visit.assigned_to),
            reason=visit.cancel_reason,
        )  # fmt: skip
    return visit


@transaction.atomic
def visit_reassign(*, actor: User, visit: Visit, volunteer: User, reason: str) -> Visit:
    """Give a visit not yet made to another volunteer of its province: the first is cancelled
    with the reason, the new one `replaces` it and keeps what the visit is (the household, or
    the returnee's case and scheduled follow-up, name, address, purpose, due date)."""
    visit = _open_visit_for_change(actor=actor, visit=visit, reason=reason)
    member = _volunteer_member(volunteer, visit.province_id)
    if member.user_id == visit.assigned_to_id:
        raise ValidationError({"volunteer": _("Choose another volunteer.")})
    _cancel(visit, actor=actor, reason=reason)
    new = Visit.objects.create(
        kind=visit.kind, assigned_to=member.user, assigned_by=actor, province_id=visit.province_id,
        follow_up_id=visit.follow_up_id, case_id=visit.case_id, household_id=visit.household_id,
        visit_name=visit.visit_name, visit_address=visit.visit_address, purpose=visit.purpose,
        due_on=visit.due_on, is_demo=visit.is_demo, replaces=visit,
    )  # fmt: skip
    if visit.follow_up_id:
        record_event(
            case=visit.case, actor=actor, kind="network_visit_reassigned",
            number=_follow_up_number(visit), volunteer=_name(visit.assigned_to),
            new_volunteer=_name(member.user), reason=visit.cancel_reason,
        )  # fmt: skip
    return new
