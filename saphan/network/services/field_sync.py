"""Sends from the offline field app (static/network/field.js): a visit recorded and a concern
reported on a phone, perhaps hours after it was typed, perhaps twice (the signal dropped before
the answer came back and the queue sent it again).

Each send carries a key the phone made (a UUID): a key already answered gets the first answer
again and nothing is recorded twice. A visit's send also carries the version of the visit the
volunteer saw (``Visit.updated_at``); when the visit changed on the server meanwhile the send is
refused with both versions (``VisitConflict``) and nothing is overwritten: the volunteer chooses,
and "keep mine" is sent again with the server's version as its base."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from saphan.cases.enums import FollowUpStatus
from saphan.cases.models import FollowUpVisit
from saphan.cases.services.common import not_in_future, record_event
from saphan.orgs.access import require

from ..models import FieldSubmission, ReferralService, RiskFactor, Visit, VisitStatus
from .tips import TipInput, tip_report
from .visits import apply_household_factors, survey_household, visit_record

if TYPE_CHECKING:
    from saphan.orgs.models import User


def visit_version(visit: Visit) -> str:
    """The token a phone keeps with the form it was given: the visit's last change."""
    return visit.updated_at.isoformat()


class VisitConflict(Exception):
    """The visit changed on the server since the phone was given it."""

    def __init__(self, visit: Visit):
        super().__init__("conflict")
        self.visit = visit


@dataclass
class VisitSend:
    done_on: dt.date
    findings: str
    risk_factors: list[str]
    referrals: list[str]
    awareness_given: bool
    household_code: str = ""  # a returnee's household in the survey, if the volunteer knows it


def visit_as_sent(visit: Visit) -> dict:
    """The server's version of a visit, as the phone shows it beside its own."""
    from saphan.core.thai import format_date

    return {
        "version": visit_version(visit),
        "status": visit.get_status_display(),
        "recorded": visit.status == VisitStatus.DONE,
        "cancelled": visit.status == VisitStatus.CANCELLED,
        "done_on": format_date(visit.done_on) if visit.done_on else "",
        "findings": visit.findings,
        "risk_factors": [str(RiskFactor(f).label) for f in visit.risk_factors],
        "referrals": [str(ReferralService(r).label) for r in visit.referrals],
        "awareness_given": visit.awareness_given,
    }


def _claim(*, actor: User, key: uuid.UUID, kind: str) -> FieldSubmission | dict:
    """The submission row for this key, or the first answer when the key was answered."""
    try:
        with transaction.atomic():
            return FieldSubmission.objects.create(user=actor, key=key, kind=kind)
    except IntegrityError:
        # The other send of this key has committed (PostgreSQL made this insert wait for it).
        return FieldSubmission.objects.get(user=actor, key=key).answer | {"replayed": True}


@transaction.atomic
def visit_correct(*, actor: User, visit: Visit, data: VisitSend) -> Visit:
    """The volunteer's own record of a visit made, written again (their choice when the phone
    and the server disagreed). A follow-up's result on the case is corrected too, and the
    timeline says so; the first record stays in the history (pghistory)."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status != VisitStatus.DONE or visit.assigned_to_id != actor.pk:
        raise PermissionDenied("only the volunteer's own recorded visit")
    if not actor.has_perm("network.report_concern"):
        raise PermissionDenied("not a network member")
    if data.done_on is None:
        raise ValidationError({"done_on": _("Say on which day you visited.")})
    not_in_future(data.done_on, "done_on")
    if not (data.findings or "").strip():
        raise ValidationError({"findings": _("Write what you found.")})
    visit.done_on = data.done_on
    visit.findings = data.findings.strip()
    visit.risk_factors = [f for f in data.risk_factors if f in RiskFactor.values]
    visit.referrals = [r for r in data.referrals if r in ReferralService.values]
    visit.awareness_given = data.awareness_given
    household = survey_household(visit=visit, household_code=data.household_code)
    if household is not None:
        visit.household = household
    visit.save()
    apply_household_factors(actor=actor, visit=visit)
    if visit.follow_up_id:
        follow_up = FollowUpVisit.objects.select_related("plan", "case").get(pk=visit.follow_up_id)
        if data.done_on < follow_up.plan.started_on:
            raise ValidationError(
                {"done_on": _("A follow-up visit cannot be before reintegration started.")}
            )
        FollowUpVisit.objects.filter(pk=follow_up.pk, status=FollowUpStatus.DONE).update(
            done_on=data.done_on, findings=visit.findings, updated_at=timezone.now()
        )
        record_event(
            case=follow_up.case, actor=actor, kind="network_visit_corrected",
            number=follow_up.number, done_on=data.done_on,
            volunteer=actor.get_full_name() or actor.username, findings=visit.findings,
        )  # fmt: skip
    return visit


@transaction.atomic
def visit_sync(
    *, actor: User, visit: Visit, key: uuid.UUID, base_version: str, data: VisitSend
) -> dict:
    """A visit sent from the phone: recorded once per key; refused with both versions when the
    visit changed since ``base_version``. Returns the answer the phone shows."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)  # one send of a visit at a time
    if visit.assigned_to_id != actor.pk:
        raise PermissionDenied("not the volunteer's visit")
    claimed = _claim(actor=actor, key=key, kind="visit")
    if isinstance(claimed, dict):
        return claimed
    if base_version != visit_version(visit):
        raise VisitConflict(visit)  # rolls back the claim: the choice is sent under this key
    if visit.status == VisitStatus.ASSIGNED:
        require(actor, "network.record_visit", visit)
        visit = visit_record(
            actor=actor, visit=visit, done_on=data.done_on, findings=data.findings,
            risk_factors=data.risk_factors, referrals=data.referrals,
            awareness_given=data.awareness_given, household_code=data.household_code,
        )  # fmt: skip
        message = _t("Visit recorded. Thank you.")
    elif visit.status == VisitStatus.DONE:
        visit = visit_correct(actor=actor, visit=visit, data=data)
        message = _t("Your record of the visit is saved.")
    else:  # cancelled: there is nothing to record any more
        raise VisitConflict(visit)
    claimed.object_id = visit.pk
    claimed.answer = {"ok": True, "message": message, "version": visit_version(visit)}
    claimed.save(update_fields=["object_id", "answer"])
    return claimed.answer


@transaction.atomic
def report_sync(*, actor: User, key: uuid.UUID, data: TipInput) -> dict:
    """A concern reported from the phone: one tip per key."""
    require(actor, "network.report_concern")
    claimed = _claim(actor=actor, key=key, kind="report")
    if isinstance(claimed, dict):
        return claimed
    tip = tip_report(actor=actor, data=data)
    claimed.object_id = tip.pk
    claimed.answer = {
        "ok": True,
        "message": _t("Thank you. Your report %(code)s reached the provincial team.")
        % {"code": tip.tracking_code},
        "code": tip.tracking_code,
    }
    claimed.save(update_fields=["object_id", "answer"])
    return claimed.answer
