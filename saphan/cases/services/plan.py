"""Stage 7, s.33: the protection and assistance plan, its services and shelter stays."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.orgs.models import Agency, AgencyKind

from ..enums import ServiceStatus
from ..models import AccessReason, AssistancePlan, Case, CaseAccess, PlannedService, ShelterStay
from .common import case_write, not_in_future, record_event

if TYPE_CHECKING:
    from saphan.orgs.models import User

PERM = "cases.change_assistance"
SHELTER_KINDS = {AgencyKind.SHELTER, AgencyKind.PROTECTION_CENTRE, AgencyKind.NGO}


def _not_before(later: dt.date | None, earlier: dt.date | None, field: str, message: str) -> None:
    if later is not None and earlier is not None and later < earlier:
        raise ValidationError({field: message})


# --- the plan ------------------------------------------------------------------------------------
@case_write(PERM)
def assistance_plan_create(
    *, actor: User, case: Case, objectives: str, planned_end: dt.date,
    started_on: dt.date | None = None,
    action_plan: str = "", expected_version: int | None = None,
) -> AssistancePlan:  # fmt: skip
    """The s.33 plan made with the person; one open plan at a time."""
    started_on = started_on or timezone.localdate()
    not_in_future(started_on, "started_on")
    if not objectives.strip():
        raise ValidationError({"objectives": _("Write what the plan is for.")})
    _not_before(planned_end, started_on, "planned_end", _("The plan cannot end before it starts."))
    if case.assistance_plans.filter(actual_end__isnull=True).exists():
        raise ValidationError(_("This case already has an open assistance plan; end it first."))
    plan = AssistancePlan.objects.create(
        case=case, objectives=objectives.strip(), action_plan=action_plan, started_on=started_on,
        planned_end=planned_end, recorded_by=actor,
    )  # fmt: skip
    record_event(case=case, actor=actor, kind="assistance_plan_created", planned_end=planned_end)
    return plan


@case_write(PERM)
def assistance_plan_close(
    *, actor: User, case: Case, plan: AssistancePlan, actual_end: dt.date,
    expected_version: int | None = None,
) -> AssistancePlan:  # fmt: skip
    if plan.case_id != case.pk or plan.actual_end is not None:
        raise ValidationError(_("This plan is not open."))
    not_in_future(actual_end, "actual_end")
    _not_before(
        actual_end, plan.started_on, "actual_end", _("The plan cannot end before it starts.")
    )
    AssistancePlan.objects.filter(pk=plan.pk).update(actual_end=actual_end)
    plan.actual_end = actual_end
    record_event(case=case, actor=actor, kind="assistance_plan_closed", actual_end=actual_end)
    return plan


# --- its services --------------------------------------------------------------------------------
@case_write(PERM)
def planned_service_add(
    *, actor: User, case: Case, plan: AssistancePlan, type: str, planned_start: dt.date,
    planned_end: dt.date | None = None, provider_agency: Agency | None = None,
    provider_name: str = "", description: str = "", expected_version: int | None = None,
) -> PlannedService:  # fmt: skip
    if plan.case_id != case.pk or plan.actual_end is not None:
        raise ValidationError({"plan": _("Add services to the case's open plan.")})
    if provider_agency is None and not provider_name.strip():
        raise ValidationError(
            {"provider_name": _("Name the agency or the person who provides the service.")}
        )
    _not_before(
        planned_end, planned_start, "planned_end", _("The service cannot end before it starts.")
    )
    service = PlannedService.objects.create(
        plan=plan, type=type, planned_start=planned_start, planned_end=planned_end,
        provider_agency=provider_agency, provider_name=provider_name.strip(),
    description=description,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="service_planned", service_type=type,
        provider=provider_agency.code if provider_agency else provider_name.strip(),
        planned_start=planned_start,
    )  # fmt: skip
    return service


_NEXT = {
    ServiceStatus.PLANNED: {ServiceStatus.IN_PROGRESS, ServiceStatus.DONE, ServiceStatus.CANCELLED},
    ServiceStatus.IN_PROGRESS: {ServiceStatus.DONE, ServiceStatus.CANCELLED},
    ServiceStatus.DONE: set(),
    ServiceStatus.CANCELLED: set(),
}


@case_write(PERM)
def planned_service_update(
    *, actor: User, case: Case, service: PlannedService, status: str,
    actual_start: dt.date | None = None, actual_end: dt.date | None = None, outcome: str = "",
    expected_version: int | None = None,
) -> PlannedService:  # fmt: skip
    """Move a service on: started (with its start date), done (with its end and outcome), or
    cancelled (with the reason as its outcome)."""
    service = PlannedService.objects.select_related("plan").get(pk=service.pk)
    if service.plan.case_id != case.pk:
        raise ValidationError(_("This service belongs to another case."))
    if status not in _NEXT[ServiceStatus(service.status)]:
        raise ValidationError({"status": _("A service that is done or cancelled cannot change.")})
    actual_start = actual_start or service.actual_start
    not_in_future(actual_start, "actual_start")
    not_in_future(actual_end, "actual_end")
    if status in (ServiceStatus.IN_PROGRESS, ServiceStatus.DONE) and actual_start is None:
        raise ValidationError({"actual_start": _("Give the date the service started.")})
    if status == ServiceStatus.DONE and actual_end is None:
        raise ValidationError({"actual_end": _("Give the date the service ended.")})
    _not_before(
        actual_end, actual_start, "actual_end", _("The service cannot end before it starts.")
    )
    if status in (ServiceStatus.DONE, ServiceStatus.CANCELLED) and not outcome.strip():
        raise ValidationError(
            {
                "outcome": _("Say how the service went.")
                if status == ServiceStatus.DONE
                else _("Say why the service was cancelled.")
            }
        )
    PlannedService.objects.filter(pk=service.pk).update(
        status=status, actual_start=actual_start, actual_end=actual_end,
        outcome=outcome.strip() or service.outcome, updated_at=timezone.now(),
    )  # fmt: skip
    service.refresh_from_db()
    record_event(
        case=case, actor=actor, kind="service_updated", service_type=service.type,
        service_status=status,
    )  # fmt: skip
    return service


# --- shelter stays ---------------------------------------------------------------------------------
@case_write(PERM)
def shelter_stay_start(
    *,
    actor: User,
    case: Case,
    shelter: Agency,
    started_on: dt.date,
    expected_version: int | None = None,
) -> ShelterStay:
    """The person moves into a shelter: its staff see the case, with identity, while they stay."""
    not_in_future(started_on, "started_on")
    if shelter.kind not in SHELTER_KINDS or not shelter.is_active:
        raise ValidationError({"shelter": _("Choose a shelter or protection centre.")})
    if case.shelter_stays.filter(ended_on__isnull=True).exists():
        raise ValidationError(_("The person is still in a shelter; record the exit first."))
    access = CaseAccess.objects.create(
        case=case, agency=shelter, reason=AccessReason.SHELTER_RESIDENT, identity=True,
        granted_by=actor,
    )  # fmt: skip
    stay = ShelterStay.objects.create(
        case=case, shelter=shelter, started_on=started_on, access=access, recorded_by=actor
    )
    record_event(
        case=case, actor=actor, kind="shelter_stay_started", shelter=shelter.code,
        started_on=started_on,
    )  # fmt: skip
    return stay


@case_write(PERM)
def shelter_stay_end(
    *, actor: User, case: Case, stay: ShelterStay, ended_on: dt.date, exit_reason: str,
    exit_note: str = "", expected_version: int | None = None,
) -> ShelterStay:  # fmt: skip
    """The person leaves the shelter; the shelter's access to the case ends with the stay."""
    stay = ShelterStay.objects.select_related("shelter").get(pk=stay.pk)
    if stay.case_id != case.pk or stay.ended_on is not None:
        raise ValidationError(_("This shelter stay has already ended."))
    not_in_future(ended_on, "ended_on")
    _not_before(ended_on, stay.started_on, "ended_on", _("The stay cannot end before it started."))
    if not exit_reason:
        raise ValidationError({"exit_reason": _("Say why the stay ended.")})
    ShelterStay.objects.filter(pk=stay.pk).update(
        ended_on=ended_on, exit_reason=exit_reason, exit_note=exit_note, updated_at=timezone.now()
    )
    stay.ended_on, stay.exit_reason, stay.exit_note = ended_on, exit_reason, exit_note
    if stay.access_id:
        CaseAccess.objects.filter(pk=stay.access_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    record_event(
        case=case, actor=actor, kind="shelter_stay_ended", shelter=stay.shelter.code,
        exit_reason=exit_reason,
    )  # fmt: skip
    return stay
