"""Stages 1-6 and 13: intake, custody, screening, temporary protection, identification, rights
notice, closure and reopening; the phase moves through process.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.orgs.access import require
from saphan.orgs.models import Agency

from .. import clocks, process
from ..models import (
    AccessReason,
    Case,
    CaseAccess,
    CaseClosure,
    CourtExtension,
    Custody,
    IdentificationDecision,
    IdentificationMember,
    Intake,
    RightsNotice,
    ScreeningInterview,
    TemporaryProtection,
)
from ..process import Phase
from .common import case_touch, case_write, next_case_code, not_in_future, record_event

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from saphan.orgs.models import User
    from saphan.people.models import CaseParty, Person


# --- inputs -------------------------------------------------------------------------------------
@dataclass
class IntakeInput:
    received_at: dt.datetime
    source: str
    channel: str
    description: str
    urgency: str = "routine"
    referring_agency: Agency | None = None
    reporter_name: str = ""
    reporter_contact: str = ""
    reporter_agrees_to_contact: bool = False
    place_province_id: str | None = None
    place_district_id: str | None = None
    place_subdistrict_id: str | None = None
    place_detail: str = ""


@dataclass
class ScreeningInput:
    interviewed_at: dt.datetime
    interpreter_language: str = ""
    interpreter_name: str = ""
    indicators: list[str] = field(default_factory=list)
    methods_of_control: list[str] = field(default_factory=list)
    exploitation_types: list[str] = field(default_factory=list)
    sex_exploitation_types: list[str] = field(default_factory=list)
    forced_labour_industry: str = ""
    recruitment_methods: list[str] = field(default_factory=list)
    recruitment_apps: list[str] = field(default_factory=list)
    relationship_to_trafficker: str = ""
    vulnerabilities: list[str] = field(default_factory=list)
    notes: str = ""
    qualification_override_reason: str = ""
    consent_interview: bool | None = None
    consent_data_use: bool | None = None


@dataclass
class MemberPresent:
    agency: Agency
    name: str
    user: object = None


def _advance(case: Case, actor: User) -> None:
    """Move the phase as far as the records now allow, with a timeline event for each move."""
    target = process.furthest_automatic_phase(case)
    if target != case.phase:
        previous = case.phase
        Case.objects.filter(pk=case.pk).update(phase=target)
        case.phase = target
        record_event(
            case=case, actor=actor, kind="phase_changed", from_phase=previous, to_phase=target
        )


# --- stage 1 --------------------------------------------------------------------------------------
def _place_check(data: IntakeInput) -> None:
    """The place of a tip is a real province, and its district and subdistrict lie in it (a
    partner system may send any code; the pages offer only real ones)."""
    from saphan.geo.selectors import area_errors

    # an empty code is no place given (a partner system may send "")
    data.place_province_id = data.place_province_id or None
    data.place_district_id = data.place_district_id or None
    data.place_subdistrict_id = data.place_subdistrict_id or None
    errors = area_errors(
        province_id=data.place_province_id,
        district_id=data.place_district_id,
        subdistrict_id=data.place_subdistrict_id,
    )
    if errors:  # the first code that does not fit
        part, message = next(iter(errors.items()))
        raise ValidationError({f"place_{part}": message})


def _intake_create(*, actor: User, case: Case, data: IntakeInput) -> Intake:
    not_in_future(data.received_at, "received_at")
    _place_check(data)
    intake = Intake.objects.create(case=case, recorded_by=actor, **data.__dict__)
    record_event(
        case=case, actor=actor, kind="intake_recorded", at=data.received_at,
        source=data.source, channel=data.channel, urgency=data.urgency,
    )  # fmt: skip
    return intake


@transaction.atomic
def case_open(*, actor: User, intake: IntakeInput, case_worker: User | None = None) -> Case:
    """Open a case from a tip or referral, in the actor's province and agency."""
    require(actor, "cases.add_case")
    if not (actor.province_id and actor.agency_id):
        raise PermissionDenied("a case needs a province and an owning agency")
    now = timezone.now()
    case = Case.objects.create(
        code=next_case_code(province=actor.province, at=intake.received_at or now),
        province_id=actor.province_id,
        agency_id=actor.agency_id,
        case_worker=case_worker or actor,
        opened_at=intake.received_at,
    )
    record_event(case=case, actor=actor, kind="case_opened", code=case.code)
    _intake_create(actor=actor, case=case, data=intake)
    return case


class IntakesRefused(ValidationError):
    """No case was opened: the intakes refused, each as (its number from 1, why)."""

    def __init__(self, rows: list[tuple[int, ValidationError]]) -> None:
        super().__init__([e for _n, e in rows])
        self.rows = rows


@transaction.atomic(durable=True)
def cases_open_all(*, actor: User, intakes: list[IntakeInput]) -> list[Case]:
    """Open a case for each intake, or none: every intake is checked, and when any is refused
    nothing is saved and ``IntakesRefused`` says which and why (a partner's bulk upload)."""
    opened: list[Case] = []
    refused: list[tuple[int, ValidationError]] = []
    for number, intake in enumerate(intakes, start=1):
        try:
            with transaction.atomic():
                opened.append(case_open(actor=actor, intake=intake))
        except ValidationError as exc:
            refused.append((number, exc))
    if refused:
        raise IntakesRefused(refused)
    return opened


@case_write()
def intake_add(
    *, actor: User, case: Case, intake: IntakeInput, expected_version: int | None = None
) -> Intake:
    """Merge another tip or referral into an existing case."""
    return _intake_create(actor=actor, case=case, data=intake)


@case_write()
def person_link(
    *,
    actor: User,
    case: Case,
    person: Person,
    role: str = "victim",
    expected_version: int | None = None,
) -> CaseParty:
    from saphan.orgs.access import visible_persons
    from saphan.people.models import CaseParty

    if not visible_persons(actor).filter(pk=person.pk).exists() and person.case_links.exists():
        raise PermissionDenied("person not visible")
    party, created = CaseParty.objects.get_or_create(case=case, person=person, role=role)
    if created:
        record_event(case=case, actor=actor, kind="person_linked", role=role)
    _advance(case, actor)
    return party


@transaction.atomic
def case_assign(
    *, actor: User, case: Case, case_worker: User, expected_version: int | None = None
) -> Case:
    require(actor, "cases.assign_case", case)
    case_touch(case=case, expected_version=expected_version)
    if (
        case_worker.province_id != case.province_id
        and not CaseAccess.objects.filter(case=case, agency_id=case_worker.agency_id).exists()
    ):
        raise ValidationError(
            _(
                "The case worker must work in the case's province or in an agency it was referred to."
            )
        )
    Case.objects.filter(pk=case.pk).update(case_worker=case_worker)
    case.case_worker = case_worker
    CaseAccess.objects.get_or_create(
        case=case, user=case_worker, reason=AccessReason.ASSIGNED, revoked_at=None,
        defaults={"identity": True, "granted_by": actor},
    )  # fmt: skip
    record_event(case=case, actor=actor, kind="case_assigned", worker=case_worker.username)
    return case


# --- stage 2: custody (s.29) ----------------------------------------------------------------------
@case_write()
def custody_record(
    *, actor: User, case: Case, started_at: dt.datetime, place: str, place_is_not_a_cell: bool,
    confirm_start: bool = False, expected_version: int | None = None,
) -> Custody:  # fmt: skip
    not_in_future(started_at, "started_at")
    warning = clocks.custody_start_warning(started_at)
    if warning and not confirm_start:
        raise ValidationError({"confirm_start": warning})
    if not place_is_not_a_cell:
        raise ValidationError(
            {
                "place_is_not_a_cell": _(
                    "Under s.29 a person kept for screening must be in a suitable place that is not a cell."
                )
            }
        )
    if Custody.objects.filter(case=case).exists():
        raise ValidationError(_("Screening custody is already recorded for this case."))
    first_screening = case.screenings.order_by("interviewed_at").first()
    if first_screening and first_screening.interviewed_at < started_at:
        raise ValidationError(
            {"started_at": _("Custody cannot start after the screening interview it was for.")}
        )
    custody = Custody.objects.create(
        case=case, started_at=started_at, place=place, place_is_not_a_cell=True, recorded_by=actor
    )
    record_event(
        case=case, actor=actor, kind="custody_started", at=started_at, place=place,
        deadline=clocks.custody_deadline(custody).isoformat(),
    )  # fmt: skip
    _advance(case, actor)
    return custody


@case_write()
def custody_extend(
    *, actor: User, case: Case, order_number: str, order_date: dt.date, court: str,
    new_deadline: dt.datetime,
    expected_version: int | None = None,
) -> CourtExtension:  # fmt: skip
    custody = Custody.objects.filter(case=case).prefetch_related("extensions").first()
    if custody is None:
        raise ValidationError(_("Record the screening custody first."))
    not_in_future(order_date, "order_date")
    limit = clocks.custody_limit(custody)
    if new_deadline > limit:
        raise ValidationError(
            {
                "new_deadline": _(
                    "A court may extend screening custody to at most 7 days from custody (s.29)."
                )
            }
        )
    if new_deadline <= clocks.custody_deadline(custody):
        raise ValidationError(
            {"new_deadline": _("The new deadline must be later than the current one.")}
        )
    ext = CourtExtension.objects.create(
        custody=custody, order_number=order_number, order_date=order_date, court=court,
        new_deadline=new_deadline, recorded_by=actor,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="custody_extended", order_number=order_number, court=court,
        deadline=new_deadline.isoformat(),
    )  # fmt: skip
    return ext


@case_write()
def custody_end(
    *, actor: User, case: Case, ended_at: dt.datetime, expected_version: int | None = None
) -> Custody:
    custody = Custody.objects.filter(case=case).first()
    if custody is None:
        raise ValidationError(_("Record the screening custody first."))
    not_in_future(ended_at, "ended_at")
    if ended_at < custody.started_at:
        raise ValidationError({"ended_at": _("Custody cannot end before it started.")})
    Custody.objects.filter(pk=custody.pk).update(ended_at=ended_at)
    custody.ended_at = ended_at
    record_event(case=case, actor=actor, kind="custody_ended", at=ended_at)
    return custody


# --- stage 3: screening ------------------------------------------------------------------------------
@case_write()
def screening_record(
    *, actor: User, case: Case, data: ScreeningInput, custody_still_held: bool = False,
    expected_version: int | None = None,
) -> ScreeningInterview:  # fmt: skip
    """Record the interview. Screening custody (s.29) was for this interview: it ends when the
    interview is recorded, at the interview's time, unless the person is still held."""
    not_in_future(data.interviewed_at, "interviewed_at")
    custody = Custody.objects.filter(case=case).first()
    if custody is not None and data.interviewed_at < custody.started_at:
        raise ValidationError(
            {"interviewed_at": _("The screening interview cannot be before custody started.")}
        )
    from ..plugins import screening_qualification_check

    # An interviewer without a valid screening qualification on that day must say why; the
    # reason is kept on the interview and the timeline (and dropped when they were qualified).
    data.qualification_override_reason = screening_qualification_check(
        actor=actor, interviewed_at=data.interviewed_at, reason=data.qualification_override_reason
    )
    interview = ScreeningInterview.objects.create(case=case, interviewer=actor, **data.__dict__)
    found = sorted(set(case.exploitation_types) | set(data.exploitation_types))
    Case.objects.filter(pk=case.pk).update(exploitation_types=found)
    case.exploitation_types = found
    record_event(
        case=case, actor=actor, kind="screening_recorded", at=data.interviewed_at,
        indicators=len(data.indicators), exploitation=data.exploitation_types,
        interpreter=bool(data.interpreter_name or data.interpreter_language),
    )  # fmt: skip
    if data.qualification_override_reason:
        record_event(
            case=case,
            actor=actor,
            kind="screening_unqualified",
            reason=data.qualification_override_reason,
        )
    if custody is not None and custody.ended_at is None and not custody_still_held:
        ended = max(data.interviewed_at, custody.started_at)
        Custody.objects.filter(pk=custody.pk).update(ended_at=ended)
        custody.ended_at = ended
        record_event(case=case, actor=actor, kind="custody_ended", at=ended)
    _advance(case, actor)
    return interview


# --- stage 4-6 ---------------------------------------------------------------------------------------
@case_write()
def temporary_protection_start(
    *,
    actor: User,
    case: Case,
    started_at: dt.datetime,
    shelter: Agency,
    expected_version: int | None = None,
) -> TemporaryProtection:
    not_in_future(started_at, "started_at")
    protection = TemporaryProtection.objects.create(
        case=case, started_at=started_at, shelter=shelter, recorded_by=actor
    )
    CaseAccess.objects.create(
        case=case,
        agency=shelter,
        reason=AccessReason.SHELTER_RESIDENT,
        identity=True,
        granted_by=actor,
    )
    record_event(
        case=case, actor=actor, kind="temporary_protection_started", at=started_at,
    shelter=shelter.code,
        deadline=clocks.temporary_protection_deadline(protection).isoformat(),
    )  # fmt: skip
    return protection


@case_write()
def identification_decide(
    *, actor: User, case: Case, status: str, deciding_org: str, decided_at: dt.datetime,
    reasons: str,
    members: list[MemberPresent], basis: str = "", acts: list[str] | None = None,
    means: list[str] | None = None, purposes: list[str] | None = None,
    indicator_weighing: dict[str, str] | None = None, expected_version: int | None = None,
) -> IdentificationDecision:  # fmt: skip
    """The MDT's decision: possible, actual or not a victim, with its legal basis (s.6 or s.6/1)
    and the elements of the offence (act, means, purpose; process.identification_unmet);
    approved later by the supervisor."""
    acts, means, purposes = list(acts or []), list(means or []), list(purposes or [])
    not_in_future(decided_at, "decided_at")
    if not members:
        raise ValidationError({"members": _("Name the team members present and their agencies.")})
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    first = case.screenings.order_by("interviewed_at").first()
    if first is None:
        raise ValidationError(_("Record the screening interview first."))
    if decided_at < first.interviewed_at:
        raise ValidationError(
            {"decided_at": _("The decision cannot be before the screening interview.")}
        )
    seen = process.screening_indicators(case)
    weighing = {
        i: str((indicator_weighing or {}).get(i, "")).strip()
        for i in seen
        if str((indicator_weighing or {}).get(i, "")).strip()
    }
    unmet = process.identification_unmet(
        case, status=status, basis=basis, acts=acts, means=means, purposes=purposes,
        indicator_weighing=weighing, day=timezone.localdate(decided_at),
    )  # fmt: skip
    if unmet:
        raise ValidationError(unmet)
    if status != "NotAVictimOfTrafficking":
        weighing = {}
    decision = IdentificationDecision.objects.create(
        case=case, status=status, deciding_org=deciding_org, decided_at=decided_at, reasons=reasons,
        basis=basis, acts=acts, means=means, purposes=purposes, indicator_weighing=weighing,
        recorded_by=actor,
    )  # fmt: skip
    IdentificationMember.objects.bulk_create(
        [
            IdentificationMember(decision=decision, agency=m.agency, name=m.name, user=m.user)
            for m in members
        ]
    )
    record_event(
        case=case, actor=actor, kind="identification_decided", at=decided_at, status=status,
        deciding_org=deciding_org, members=len(members), basis=basis,
    )  # fmt: skip
    return decision


@transaction.atomic
def identification_approve(
    *,
    actor: User,
    case: Case,
    decision: IdentificationDecision,
    expected_version: int | None = None,
) -> IdentificationDecision:
    require(actor, "cases.approve_identification", case)
    case_touch(case=case, expected_version=expected_version)
    if (
        decision.case_id != case.pk
        or decision.approved_at is not None
        or decision.sent_back_at is not None
    ):
        raise ValidationError(_("This decision is not waiting for approval."))
    now = timezone.now()
    IdentificationDecision.objects.filter(pk=decision.pk).update(approved_by=actor, approved_at=now)
    decision.approved_by, decision.approved_at = actor, now
    Case.objects.filter(pk=case.pk).update(trafficking_status=decision.status)
    case.trafficking_status = decision.status
    record_event(case=case, actor=actor, kind="identification_approved", status=decision.status)
    _advance(case, actor)
    return decision


def _tell_case_worker(
    *,
    case: Case,
    actor: User,
    key: str,
    message: Callable[[], str],
    people: Iterable[User | None] = (),
) -> None:
    """An alert, after commit, to the case worker (and whoever asked) that a supervisor sent
    something back: it carries the case code and a link, never the person."""
    from django.urls import reverse

    from saphan.core.services import alerts_after_commit

    users = {u.pk: u for u in [case.case_worker, *people] if u is not None and u.pk != actor.pk}
    if not users:
        return
    alerts_after_commit(
        users=users.values(),
        key=key,
        kind="sent_back",
        message=message,
        level="warning",
        link=reverse("cases:detail", args=[case.code]),
    )


@case_write("cases.approve_identification")
def identification_send_back(
    *,
    actor: User,
    case: Case,
    decision: IdentificationDecision,
    reason: str,
    expected_version: int | None = None,
) -> IdentificationDecision:
    """The supervisor returns a decision to the case worker with the reason: it stops waiting
    for approval, the reason goes on the timeline and the case worker gets an alert; the team
    records a new decision."""
    if (
        decision.case_id != case.pk
        or decision.approved_at is not None
        or decision.sent_back_at is not None
    ):
        raise ValidationError(_("This decision is not waiting for approval."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the decision is sent back.")})
    now = timezone.now()
    IdentificationDecision.objects.filter(pk=decision.pk).update(
        sent_back_by=actor, sent_back_at=now, send_back_reason=reason.strip()
    )
    decision.sent_back_by, decision.sent_back_at, decision.send_back_reason = (
        actor, now, reason.strip(),
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="identification_sent_back", status=decision.status,
        reason=reason.strip(),
    )  # fmt: skip
    code = case.code
    _tell_case_worker(
        case=case, actor=actor, key=f"identification-sent-back:{decision.pk}",
        people=[decision.recorded_by],
        message=lambda: _("%(code)s: the supervisor sent the identification decision back")
        % {"code": code},
    )  # fmt: skip
    return decision


@case_write()
def rights_notice_record(
    *, actor: User, case: Case, notified_at: dt.datetime, language: str, rights: list[str],
    interpreter_name: str = "", person_views: str = "", expected_version: int | None = None,
) -> RightsNotice:  # fmt: skip
    not_in_future(notified_at, "notified_at")
    if not rights:
        raise ValidationError({"rights": _("Tick the rights that were explained.")})
    notice = RightsNotice.objects.create(
        case=case, notified_at=notified_at, language=language, rights=rights,
        interpreter_name=interpreter_name, person_views=person_views, recorded_by=actor,
    )  # fmt: skip
    record_event(
        case=case,
        actor=actor,
        kind="rights_notified",
        at=notified_at,
        language=language,
        rights=rights,
    )
    _advance(case, actor)
    return notice


@case_write()
def phase_advance(*, actor: User, case: Case, to: str, expected_version: int | None = None) -> Case:
    """An explicit move to a later phase (return and reintegration, follow-up)."""
    process.require_transition(case, Phase(to))
    previous = case.phase
    Case.objects.filter(pk=case.pk).update(phase=to)
    case.phase = to
    record_event(case=case, actor=actor, kind="phase_changed", from_phase=previous, to_phase=to)
    return case


# --- stage 13 ------------------------------------------------------------------------------------------
@case_write()
def closure_request(
    *, actor: User, case: Case, reason: str, details: str = "", withdraw_referrals_reason: str = "",
    expected_version: int | None = None,
) -> CaseClosure:  # fmt: skip
    """Ask the supervisor to close the case. A referral still waiting for an answer stops it,
    unless the requester withdraws it here, with a reason, in the same step."""
    if case.closures.filter(decided_at__isnull=True).exists():
        raise ValidationError(_("A closure request is already waiting for the supervisor."))
    pending = list(process.open_referrals(case))
    if pending:
        if not withdraw_referrals_reason.strip():
            raise ValidationError({"withdraw_referrals_reason": process.closure_unmet(case)})
        from .referrals import referral_withdraw

        for referral in pending:
            referral_withdraw(
                actor=actor, case=case, referral=referral, reason=withdraw_referrals_reason
            )
    if reason == "not_a_victim":
        decision = process.latest_decision(case)
        if (
            decision is None
            or decision.status != "NotAVictimOfTrafficking"
            or decision.approved_at is None
        ):
            raise ValidationError(
                {
                    "reason": _(
                        "Closing as 'not a victim' needs an approved 'not a victim' decision."
                    )
                }
            )
    closure = CaseClosure.objects.create(
        case=case, reason=reason, details=details, requested_by=actor, requested_at=timezone.now()
    )
    record_event(case=case, actor=actor, kind="closure_requested", reason=reason)
    return closure


@transaction.atomic
def closure_decide(
    *,
    actor: User,
    case: Case,
    closure: CaseClosure,
    approve: bool,
    note: str = "",
    expected_version: int | None = None,
) -> CaseClosure:
    require(actor, "cases.approve_closure", case)
    case_touch(case=case, expected_version=expected_version)
    if closure.case_id != case.pk or closure.decided_at is not None:
        raise ValidationError(_("This closure request is not waiting for a decision."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why the closure is sent back.")})
    if approve and (unmet := process.closure_unmet(case)):
        raise ValidationError(unmet)
    now = timezone.now()
    CaseClosure.objects.filter(pk=closure.pk).update(
        decided_by=actor, decided_at=now, approved=approve, decision_note=note
    )
    closure.decided_by, closure.decided_at, closure.approved, closure.decision_note = (
        actor,
        now,
        approve,
        note,
    )
    if approve:
        data = {"from_phase": case.phase, "reason": closure.reason}
        Case.objects.filter(pk=case.pk).update(phase=Phase.CLOSED, closed_at=now)
        case.phase, case.closed_at = Phase.CLOSED, now
        record_event(case=case, actor=actor, kind="case_closed", **data)
    else:
        record_event(case=case, actor=actor, kind="closure_sent_back", note=note)
        code = case.code
        _tell_case_worker(
            case=case, actor=actor, key=f"closure-sent-back:{closure.pk}",
            people=[closure.requested_by],
            message=lambda: _("%(code)s: the supervisor sent the closure request back")
            % {"code": code},
        )  # fmt: skip
    return closure


@transaction.atomic
def case_reopen(
    *, actor: User, case: Case, reason: str, expected_version: int | None = None
) -> Case:
    """Reopen a closed case with a reason; it returns to the phase it was closed from."""
    require(actor, "cases.approve_closure", case)
    case_touch(case=case, expected_version=expected_version)
    if not process.is_closed(case):
        raise ValidationError(_("Only a closed case can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is reopened.")})
    closed = case.timeline.filter(kind="case_closed").order_by("-at", "-id").first()
    back_to = (closed.data.get("from_phase") if closed else None) or Phase.INTAKE
    closure = (
        case.closures.filter(approved=True, reopened_at__isnull=True)
        .order_by("-decided_at")
        .first()
    )
    if closure is not None:
        CaseClosure.objects.filter(pk=closure.pk).update(
            reopened_at=timezone.now(), reopened_by=actor, reopen_reason=reason
        )
    Case.objects.filter(pk=case.pk).update(phase=back_to, closed_at=None)
    case.phase, case.closed_at = back_to, None
    record_event(case=case, actor=actor, kind="case_reopened", reason=reason, to_phase=back_to)
    return case
