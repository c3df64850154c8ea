"""Stage 11: the family assessment and the return: repatriation with the country of origin's
counterpart (s.38), a Thai victim brought home from abroad (s.39), or a return to the family in
Thailand, which needs an assessment that says the family is safe."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.geo.models import District, Province

from ..enums import ReturnKind, SafeToReturn
from ..models import Case, FamilyAssessment, ReturnPlan
from .common import case_write, not_in_future, record_event, return_tracks_guard

if TYPE_CHECKING:
    from saphan.orgs.models import User

    from ..models import Counterpart

PERM = "cases.change_return"
SAFE = {SafeToReturn.YES, SafeToReturn.WITH_CONDITIONS}


def latest_family_assessment(case: Case) -> FamilyAssessment | None:
    return case.family_assessments.order_by("-assessed_on", "-created_at").first()


def _safe_assessment(case: Case) -> FamilyAssessment:
    assessment = latest_family_assessment(case)
    if assessment is None or assessment.safe_to_return not in SAFE:
        raise ValidationError(
            {
                "kind": _(
                    "A return to the family needs a family assessment that found it safe to "
                    "return. Assess the family first."
                )
            }
        )
    return assessment


@case_write(PERM)
def family_assessment_record(
    *, actor: User, case: Case, assessed_on: dt.date, assessor: str, findings: str,
    safe_to_return: str,
    conditions: str = "", expected_version: int | None = None,
    counterpart: Counterpart | None = None,
) -> FamilyAssessment:  # fmt: skip
    not_in_future(assessed_on, "assessed_on")
    if not assessor.strip():
        raise ValidationError({"assessor": _("Say who assessed the family.")})
    if not findings.strip():
        raise ValidationError({"findings": _("Write what the assessment found.")})
    if safe_to_return == SafeToReturn.WITH_CONDITIONS and not conditions.strip():
        raise ValidationError({"conditions": _("Write the conditions for a safe return.")})
    assessment = FamilyAssessment.objects.create(
        case=case, assessed_on=assessed_on, assessor=assessor.strip(), findings=findings.strip(),
        safe_to_return=safe_to_return, conditions=conditions.strip(), recorded_by=actor,
        counterpart=counterpart,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="family_assessed", safe_to_return=safe_to_return,
        assessed_on=assessed_on,
    )  # fmt: skip
    return assessment


@case_write(PERM)
def return_plan_create(
    *, actor: User, case: Case, kind: str, planned_on: dt.date, destination_country: str = "TH",
    destination_province: Province | None = None, destination_district: District | None = None,
    destination_detail: str = "", counterpart_org: str = "", counterpart_contact: str = "",
    escort: str = "", expected_version: int | None = None, counterpart: Counterpart | None = None,
) -> ReturnPlan:  # fmt: skip
    return_tracks_guard(case)
    country = (destination_country or "").strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise ValidationError({"destination_country": _("Choose the destination country.")})
    assessment = None
    if kind == ReturnKind.REPATRIATION:
        if country == "TH":
            raise ValidationError(
                {"destination_country": _("Repatriation (s.38) is to the country of origin.")}
            )
        if counterpart is not None and not counterpart_org.strip():
            counterpart_org = counterpart.name_en  # the directory's entry, kept as text too
        if not counterpart_org.strip():
            raise ValidationError(
                {
                    "counterpart_org": _(
                        "Name the counterpart organisation in the country of origin."
                    )
                }
            )
    else:
        if country != "TH":
            raise ValidationError(
                {"destination_country": _("This kind of return is to a place in Thailand.")}
            )
        if kind == ReturnKind.TO_FAMILY:
            if destination_province is None:
                raise ValidationError(
                    {"destination_province": _("Choose the province the person returns to.")}
                )
            assessment = _safe_assessment(case)
    if (
        destination_district is not None
        and destination_province is not None
        and destination_district.province_id != destination_province.pk
    ):
        raise ValidationError(
            {"destination_district": _("The district is not in the chosen province.")}
        )
    plan = ReturnPlan.objects.create(
        case=case, kind=kind, planned_on=planned_on, destination_country=country,
        destination_province=destination_province, destination_district=destination_district,
        destination_detail=destination_detail.strip(), counterpart_org=counterpart_org.strip(),
        counterpart=counterpart, counterpart_contact=counterpart_contact.strip(),
        escort=escort.strip(),
        family_assessment=assessment, recorded_by=actor,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="return_planned", return_kind=kind, planned_on=planned_on,
        country=country,
    )  # fmt: skip
    return plan


@case_write(PERM)
def return_complete(
    *, actor: User, case: Case, plan: ReturnPlan, returned_on: dt.date, handed_over_to: str,
    escort: str = "", expected_version: int | None = None,
) -> ReturnPlan:  # fmt: skip
    """The person went home and was handed over. A family return is checked again against the
    latest assessment: a newer one that found the family unsafe stops it."""
    return_tracks_guard(case)
    if plan.case_id != case.pk or plan.returned_on is not None:
        raise ValidationError(_("This return is not waiting to be completed."))
    not_in_future(returned_on, "returned_on")
    if not handed_over_to.strip():
        raise ValidationError({"handed_over_to": _("Say to whom the person was handed over.")})
    if plan.kind == ReturnKind.TO_FAMILY:
        _safe_assessment(case)
    ReturnPlan.objects.filter(pk=plan.pk).update(
        returned_on=returned_on, handed_over_to=handed_over_to.strip(),
        escort=escort.strip() or plan.escort, updated_at=timezone.now(),
    )  # fmt: skip
    plan.refresh_from_db()
    record_event(
        case=case, actor=actor, kind="return_completed", return_kind=plan.kind,
        handed_over_to=plan.handed_over_to, returned_on=returned_on,
    )  # fmt: skip
    return plan
