"""The protection process: the allowed moves between its phases (the Phase picklist, in
enums.py) and their guards.

DESIGN.md rule 3: the law lives here. The phase is the one thing that moves forward; services
record what happened and then ask `advance(case)` to move the phase as far as the records
allow. Closing needs a supervisor's approval (services), reopening returns the case to the
phase it was closed from. Pages show `next_steps(case)` and `blockers(case, phase)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from saphan.core.request_memo import remembered

from .enums import Phase

ORDER = list(Phase)
OPEN_PHASES = [p for p in Phase.values if p != Phase.CLOSED]


class TransitionError(Exception):
    """A move the law or the process does not allow yet; carries the unmet requirements."""

    def __init__(self, phase: Phase, unmet: list[str]):
        self.phase = phase
        self.unmet = unmet
        super().__init__("; ".join(str(u) for u in unmet))


# --- guards: each returns the unmet requirement's message, or None -----------------------------
Guard = Callable[[object], "str | None"]


def _has_victim(case):
    linked = remembered(
        ("case has a victim", case.pk), lambda: case.parties.filter(role="victim").exists()
    )
    if not linked:
        return _("Link the person (victim or possible victim) to the case.")
    return None


def _holds(case, model_name: str, *, then_read: bool = False) -> bool:
    """Whether the case holds a record of the cases app's ``model_name`` (asked once per
    page for every kind: presence.case_holds). ``then_read``: the caller reads the records
    next, so outside a page this asks nothing first (presence.may_hold)."""
    from . import models
    from .presence import case_holds, may_hold

    model = getattr(models, model_name)
    return may_hold(case, model) if then_read else case_holds(case, model)


def has_screening(case) -> bool:
    """The case has a screening interview on record (identification needs one)."""
    return _holds(case, "ScreeningInterview")


def _has_screening(case):
    if not has_screening(case):
        return _("Record the screening interview.")
    return None


def _custody_not_in_a_cell(case):
    custody = getattr(case, "custody", None) if _has_custody(case) else None
    if custody is not None and not custody.place_is_not_a_cell:
        return _("Screening custody must be in a suitable place that is not a cell (s.29).")
    return None


def _has_custody(case) -> bool:
    return _holds(case, "Custody")


def _approved_actual_decision(case):
    decision = latest_decision(case)
    if decision is None:
        return _("Record the multidisciplinary team's identification decision.")
    if decision.approved_at is None:
        return _("The provincial supervisor must approve the identification record.")
    if decision.status != "ActualVictimOfTrafficking":
        return _("Protection and assistance under s.33 follow an 'actual victim' decision.")
    return None


def _rights_notice(case):
    if not _holds(case, "RightsNotice"):
        return _("Tell the person their rights (s.33-34) and record it.")
    return None


def _has_assistance_plan(case):
    if not _holds(case, "AssistancePlan"):
        return _("Make the protection and assistance plan (s.33) first.")
    return None


def _has_returned_or_reintegration(case):
    returned = (
        _holds(case, "ReturnPlan", then_read=True)
        and case.return_plans.filter(returned_on__isnull=False).exists()
    )
    if not returned and not _has_reintegration_plan(case):
        return _("Record the return (the date the person went home) or a reintegration plan.")
    return None


def _has_reintegration_plan(case) -> bool:
    return _holds(case, "ReintegrationPlan")


GUARDS: dict[Phase, list[Guard]] = {
    Phase.SCREENING: [_has_victim, _custody_not_in_a_cell],
    Phase.IDENTIFICATION: [_has_victim, _has_screening, _custody_not_in_a_cell],
    Phase.PROTECTION: [_approved_actual_decision, _rights_notice],
    Phase.RETURN_REINTEGRATION: [_approved_actual_decision, _rights_notice, _has_assistance_plan],
    Phase.FOLLOW_UP: [_approved_actual_decision, _rights_notice, _has_returned_or_reintegration],
}

# Phases the records alone move a case into; the later ones are a worker's decision
# (services.phase_advance), the other half.
AUTOMATIC = [Phase.SCREENING, Phase.IDENTIFICATION, Phase.PROTECTION]
BY_DECISION = [Phase.RETURN_REINTEGRATION, Phase.FOLLOW_UP]


def advance_targets(case) -> list[Phase]:
    """The phases a worker may move the case on to: those decided by a worker, ahead of where
    the case is (none once it is closed). Their guards are checked when the move is made."""
    current = ORDER.index(Phase(case.phase))
    return [p for p in BY_DECISION if ORDER.index(p) > current]


# --- a closed case ------------------------------------------------------------------------------
def is_closed(case) -> bool:
    return case.phase == Phase.CLOSED


def closed_unmet(case) -> str | None:
    """Nothing on a closed case changes until it is reopened: the message, or None when open."""
    if is_closed(case):
        return _("The case is closed; reopen it first.")
    return None


# --- who counts as an identified victim ---------------------------------------------------------
# A case's victim counts as identified (an "actual victim" of trafficking under the Act) once the
# case's current status is "actual victim" and a provincial supervisor approved an "actual
# victim" identification decision: a decision still waiting for approval identifies no one.
# The date of identification is the first approved "actual victim" decision. Indicators,
# reports and the villages of origin that household targeting weighs all use this one rule.
def identified_cases_sql(and_where: str = "") -> str:
    """SQL with the columns (case_id, first_at) of every identified case. ``and_where``, when
    given, narrows it further (e.g. `` AND c.id = ANY(%s::uuid[])``, the case as ``c``); the
    caller passes its parameters."""
    from .enums import TraffickingStatus

    actual = TraffickingStatus.ACTUAL.value
    return f"""
        SELECT c.id AS case_id, MIN(i.decided_at) AS first_at
        FROM cases_case c
        JOIN cases_identificationdecision i ON i.case_id = c.id
        WHERE c.trafficking_status = '{actual}' AND i.status = '{actual}'
          AND i.approved_at IS NOT NULL{and_where}
        GROUP BY c.id
    """


def latest_decision(case):
    if not _holds(case, "IdentificationDecision", then_read=True):
        return None
    return case.identifications.order_by("-decided_at", "-created_at").first()


def blockers(case, phase: Phase) -> list[str]:
    """What is still missing before ``case`` may be in ``phase``."""
    return [str(msg) for guard in GUARDS.get(phase, []) if (msg := guard(case)) is not None]


def can_enter(case, phase: Phase) -> bool:
    return not blockers(case, phase)


def require_transition(case, phase: Phase) -> None:
    """Refuse a move backwards, out of a closed case, or one whose guards are unmet."""
    current = Phase(case.phase)
    if (closed := closed_unmet(case)) is not None:
        raise TransitionError(phase, [str(closed)])
    if phase == Phase.CLOSED:
        return  # closing has its own approval (services.closure_approve)
    if ORDER.index(phase) <= ORDER.index(current):
        raise TransitionError(phase, [str(_("A case only moves forward through the process."))])
    unmet = blockers(case, phase)
    if unmet:
        raise TransitionError(phase, unmet)


def furthest_automatic_phase(case) -> Phase:
    """The furthest phase the case's records put it in, never behind where it already is."""
    current = Phase(case.phase)
    if current == Phase.CLOSED:
        return current
    best = current
    for phase in AUTOMATIC:
        if ORDER.index(phase) > ORDER.index(best) and can_enter(case, phase):
            best = phase
    return best


def case_status(phase: str, closure_reason: str = "") -> str:
    """HTCDS cas_Status from the phase (Active, FollowUp, Closed, ClosedReferred)."""
    if phase == Phase.CLOSED:
        return "ClosedReferred" if closure_reason == "referred" else "Closed"
    if phase == Phase.FOLLOW_UP:
        return "FollowUp"
    return "Active"


@dataclass(frozen=True)
class NextStep:
    label: str
    action: str  # the name of the form on the case page that does it
    done: bool = False


def next_steps(case) -> list[NextStep]:
    """What the case worker does next, in the order of the process, for the case page."""
    phase = Phase(case.phase)
    steps: list[NextStep] = []
    if phase == Phase.CLOSED:
        return steps
    if phase in (Phase.INTAKE, Phase.SCREENING):
        steps.append(
            NextStep(
                str(_("Link the person to the case")), "person", done=_has_victim(case) is None
            )
        )
        steps.append(
            NextStep(
                str(_("Record screening custody, if the person is kept (s.29)")),
                "custody",
                done=_has_custody(case),
            )
        )
        steps.append(
            NextStep(
                str(_("Record the screening interview")),
                "screening",
                done=_has_screening(case) is None,
            )
        )
    if phase in (Phase.SCREENING, Phase.IDENTIFICATION):
        steps.append(
            NextStep(
                str(_("Place the person in temporary protection (up to 15 days)")),
                "temporary_protection",
                done=_holds(case, "TemporaryProtection"),
            )
        )
        decision = latest_decision(case)
        steps.append(
            NextStep(
                str(_("Record the identification decision")),
                "identification",
                done=decision is not None,
            )
        )
        if decision is not None:
            steps.append(
                NextStep(
                    str(_("Supervisor approves the identification record")),
                    "approve_identification",
                    done=decision.approved_at is not None,
                )
            )
    if phase in (Phase.IDENTIFICATION, Phase.PROTECTION):
        steps.append(
            NextStep(
                str(_("Tell the person their rights and record it")),
                "rights_notice",
                done=_rights_notice(case) is None,
            )
        )
    if phase in (Phase.PROTECTION, Phase.RETURN_REINTEGRATION, Phase.FOLLOW_UP):
        steps.extend(_track_steps(case, phase))
    steps.append(NextStep(str(_("Request closure when the case is done")), "closure", done=False))
    return steps


def _track_steps(case, phase: Phase) -> list[NextStep]:
    """The parallel tracks of stages 7-12, as far as they concern the phase."""
    steps: list[NextStep] = []
    if phase == Phase.PROTECTION:
        has_plan = _holds(case, "AssistancePlan")
        plan = case.assistance_plans.filter(actual_end__isnull=True).first() if has_plan else None
        steps += [
            NextStep(
                str(_("Make the protection and assistance plan with the person (s.33)")),
                "assistance_plan",
                done=has_plan,
            ),
            NextStep(
                str(_("Plan the services: shelter, health, interpreter, legal aid, training…")),
                "planned_service",
                done=plan is not None and plan.services.exists(),
            ),
            NextStep(
                str(_("Record the shelter stay, if the person stays in a shelter")),
                "shelter_stay",
                done=_holds(case, "ShelterStay"),
            ),
            NextStep(
                str(_("Record the legal proceedings: police case, prosecutor, court")),
                "legal_proceeding",
                done=_holds(case, "LegalProceeding"),
            ),
            NextStep(
                str(_("Record the compensation claim (s.34-35)")),
                "compensation_claim",
                done=_holds(case, "CompensationClaim"),
            ),
            NextStep(
                str(_("Record permission to stay and work (s.37), for a foreign victim")),
                "stay_permit",
                done=_holds(case, "StayPermit"),
            ),
        ]
    if phase in (Phase.PROTECTION, Phase.RETURN_REINTEGRATION):
        returns = (
            list(case.return_plans.all()) if _holds(case, "ReturnPlan", then_read=True) else []
        )
        to_family = any(r.kind == "return_to_family_in_thailand" for r in returns)
        steps += [
            NextStep(
                str(_("Assess the family before a return to it")),
                "family_assessment",
                done=_holds(case, "FamilyAssessment"),
            ),
            NextStep(
                str(_("Plan the return: repatriation (s.38-39) or to the family")),
                "return_plan",
                done=bool(returns),
            ),
        ]
        if returns:
            steps.append(
                NextStep(
                    str(_("Record the return: the date and to whom the person was handed over")),
                    "return_complete",
                    done=any(r.returned_on for r in returns),
                )
            )
        if to_family or phase == Phase.RETURN_REINTEGRATION:
            steps.append(
                NextStep(
                    str(_("Make the reintegration plan with the home province and the volunteer")),
                    "reintegration_plan",
                    done=_has_reintegration_plan(case),
                )
            )
    if phase == Phase.FOLLOW_UP:
        visits = (
            list(case.follow_up_visits.all())
            if _holds(case, "FollowUpVisit", then_read=True)
            else []
        )
        steps.append(
            NextStep(
                str(_("Record the scheduled follow-up visits")),
                "follow_up",
                done=bool(visits) and all(v.status == "done" for v in visits),
            )
        )
    return steps


# --- the identification decision: the elements of the offence (s.6, s.6/1) ---------------------
# s.6: an act (recruiting, transporting, transferring, harbouring, receiving), by a means
# (threat, force, abduction, fraud, deception, abuse of power or of vulnerability, debt bondage,
# money or benefits to a person in control), for a purpose of exploitation. For a child under
# 18 no means need be shown. s.6/1 (2019): forced labour or services is an offence of its own.


def victims_of(case):
    from saphan.people.models import Person

    return Person.objects.filter(case_links__case=case, case_links__role="victim").distinct()


def victim_is_child(case, day=None) -> bool:
    """A victim of the case under 18 on ``day`` (or possibly so: a person whose age is in doubt
    is treated as a child until known otherwise)."""
    return any(person.is_child(day) for person in victims_of(case))


def screening_indicators(case) -> list[str]:
    """The ILO indicators ticked at any screening of the case, in the enum's order."""
    from .enums import ForcedLabourIndicator

    seen: set[str] = set()
    for values in case.screenings.values_list("indicators", flat=True):
        seen.update(values or [])
    return [v for v in ForcedLabourIndicator.values if v in seen]


def identification_unmet(
    case, *, status: str, basis: str, acts, means, purposes, indicator_weighing, day=None
) -> dict[str, str]:
    """What the law asks of an identification decision that this one lacks, by field."""
    from .enums import DecisionBasis, ExploitationType, TraffickingStatus

    unmet: dict[str, str] = {}
    if status == TraffickingStatus.ACTUAL:
        if not basis:
            unmet["basis"] = str(
                _(
                    "Say whether the person is a victim of trafficking (s.6) or of forced labour or services (s.6/1)."
                )
            )
        elif basis == DecisionBasis.TRAFFICKING:
            if not acts:
                unmet["acts"] = str(
                    _("Tick the act: how the person was recruited, moved or received (s.6).")
                )
            if not means and not victim_is_child(case, day):
                unmet["means"] = str(
                    _(
                        "For an adult, tick at least one means (threat, force, deception…); only for a child under 18 is no means needed (s.6)."
                    )
                )
            if not purposes:
                unmet["purposes"] = str(_("Tick the purpose of exploitation."))
        elif basis == DecisionBasis.FORCED_LABOUR:
            if purposes and ExploitationType.FORCED_LABOUR_OR_SERVICES not in purposes:
                unmet["purposes"] = str(
                    _(
                        "A decision under s.6/1 is about forced labour or services: tick it as the purpose."
                    )
                )
    if status == TraffickingStatus.NOT_A_VICTIM:
        weighing = indicator_weighing or {}
        missing = [i for i in screening_indicators(case) if not str(weighing.get(i, "")).strip()]
        if missing:
            unmet["indicator_weighing"] = str(
                _(
                    "Say how each indicator seen at screening was weighed before deciding 'not a victim'."
                )
            )
    return unmet


# --- the non-punishment of victims (s.41) ------------------------------------------------------
def s41_covers(offence: str) -> bool:
    """Offences s.41 lists: the inquiry official does not prosecute a trafficked person for them."""
    from .enums import VictimChargeOffence as O

    return offence in {
        O.ILLEGAL_ENTRY_EXIT_STAY,
        O.FALSE_STATEMENT,
        O.PROSTITUTION,
        O.WORK_WITHOUT_PERMIT,
    }


# --- closure ------------------------------------------------------------------------------------
def open_referrals(case):
    """Referrals and transfers of the case still waiting for the other agency's answer."""
    return case.referrals.filter(answered_at__isnull=True).select_related("to_agency")


def closure_unmet(case) -> list[str]:
    if open_referrals(case).exists():
        return [
            str(
                _(
                    "A referral of this case is still waiting for an answer: wait for it, or withdraw it with a reason."
                )
            )
        ]
    return []


# --- return, reintegration and follow-up (stages 11-12) -----------------------------------------
RETURN_TRACK_PHASES = [Phase.PROTECTION, Phase.RETURN_REINTEGRATION, Phase.FOLLOW_UP]


def return_tracks_unmet(case) -> str | None:
    """Return, reintegration and follow-up come after identification: not while the case is
    still in intake, screening or identification (nor once it is closed)."""
    if case.phase not in RETURN_TRACK_PHASES:
        return str(
            _(
                "Return, reintegration and follow-up come after identification: the case is not yet in protection."
            )
        )
    return None


def return_tracks_open(case) -> bool:
    return return_tracks_unmet(case) is None
