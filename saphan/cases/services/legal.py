"""Stage 8: support in the legal proceedings: the criminal case, testimony dates and protection
measures. Police, prosecutors and labour officers of the MDT write here as well."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import ProceedingStatus
from ..models import Case, LegalProceeding, ProtectionMeasure, TestimonyDate
from .common import case_write, record_event

if TYPE_CHECKING:
    from saphan.orgs.models import User

PERM = "cases.change_legal"


def _own(proceeding: LegalProceeding, case: Case) -> None:
    if proceeding.case_id != case.pk:
        raise ValidationError(_("These proceedings belong to another case."))


@case_write(PERM)
def legal_proceeding_add(
    *, actor: User, case: Case, victim_role: str, police_case_number: str = "",
    police_station: str = "",
    prosecutor: str = "", court: str = "", court_case_number: str = "",
    status: str = ProceedingStatus.INVESTIGATION, notes: str = "",
    expected_version: int | None = None,
) -> LegalProceeding:  # fmt: skip
    if not (police_case_number.strip() or court_case_number.strip()):
        raise ValidationError(
            {"police_case_number": _("Give the police case number or the court case number.")}
        )
    if police_case_number.strip() and not police_station.strip():
        raise ValidationError({"police_station": _("Name the police station of the case.")})
    proceeding = LegalProceeding.objects.create(
        case=case, victim_role=victim_role, police_case_number=police_case_number.strip(),
        police_station=police_station.strip(), prosecutor=prosecutor.strip(), court=court.strip(),
        court_case_number=court_case_number.strip(), status=status, notes=notes, recorded_by=actor,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="legal_proceeding_added",
        number=proceeding.court_case_number or proceeding.police_case_number,
        victim_role=victim_role, legal_status=status,
    )  # fmt: skip
    return proceeding


@case_write(PERM)
def legal_proceeding_update(
    *, actor: User, case: Case, proceeding: LegalProceeding, status: str,
    prosecutor: str | None = None, court: str | None = None, court_case_number: str | None = None,
    victim_role: str | None = None, notes: str | None = None, expected_version: int | None = None,
) -> LegalProceeding:  # fmt: skip
    """The case moves on (to the prosecutor, to court, a judgment); None leaves a field as it is."""
    _own(proceeding, case)
    changes = {
        k: v.strip() if isinstance(v, str) else v
        for k, v in {
            "status": status, "prosecutor": prosecutor, "court": court,
            "court_case_number": court_case_number, "victim_role": victim_role, "notes": notes,
        }.items()
        if v is not None
    }  # fmt: skip
    court_stage = {ProceedingStatus.TRIAL, ProceedingStatus.APPEAL, ProceedingStatus.JUDGMENT_FINAL}
    if status in court_stage and not (changes.get("court") or proceeding.court):
        raise ValidationError({"court": _("Name the court hearing the case.")})
    LegalProceeding.objects.filter(pk=proceeding.pk).update(**changes, updated_at=timezone.now())
    proceeding.refresh_from_db()
    record_event(
        case=case, actor=actor, kind="legal_proceeding_updated",
        number=proceeding.court_case_number or proceeding.police_case_number, legal_status=status,
    )  # fmt: skip
    return proceeding


@case_write(PERM)
def legal_testimony_schedule(
    *, actor: User, case: Case, proceeding: LegalProceeding, scheduled_at: dt.datetime, kind: str,
    place: str = "", expected_version: int | None = None,
) -> TestimonyDate:  # fmt: skip
    """A date the person gives evidence; it may be in the future (that is the point)."""
    _own(proceeding, case)
    testimony = TestimonyDate.objects.create(
        proceeding=proceeding, scheduled_at=scheduled_at, kind=kind, place=place.strip()
    )
    record_event(
        case=case, actor=actor, kind="testimony_scheduled", testimony_kind=kind,
        scheduled_at=scheduled_at.isoformat(),
    )  # fmt: skip
    return testimony


@case_write(PERM)
def legal_testimony_given(
    *, actor: User, case: Case, testimony: TestimonyDate, expected_version: int | None = None
) -> TestimonyDate:
    testimony = TestimonyDate.objects.select_related("proceeding").get(pk=testimony.pk)
    _own(testimony.proceeding, case)
    if testimony.done:
        raise ValidationError(_("This testimony is already recorded as given."))
    if testimony.scheduled_at > timezone.now():
        raise ValidationError({"scheduled_at": _("This testimony date has not come yet.")})
    TestimonyDate.objects.filter(pk=testimony.pk).update(done=True, updated_at=timezone.now())
    testimony.done = True
    record_event(
        case=case, actor=actor, kind="testimony_given", at=testimony.scheduled_at,
        testimony_kind=testimony.kind,
    )  # fmt: skip
    return testimony


@case_write(PERM)
def protection_measure_add(
    *, actor: User, case: Case, proceeding: LegalProceeding, measure: str, started_on: dt.date,
    ended_on: dt.date | None = None, details: str = "", expected_version: int | None = None,
) -> ProtectionMeasure:  # fmt: skip
    _own(proceeding, case)
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": _("The measure cannot end before it starts.")})
    item = ProtectionMeasure.objects.create(
        proceeding=proceeding, measure=measure, started_on=started_on, ended_on=ended_on,
        details=details,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="protection_measure_added", measure=measure,
        started_on=started_on,
    )  # fmt: skip
    return item
