"""The case page: what a social worker needs at a glance, then the records and the timeline."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from saphan.people.codes import country_name

from .. import clocks, enums, process, selectors, selectors_crime
from ..forms import language_label
from ..models import (
    CaseClosure,
    IdentificationDecision,
    Intake,
    RightsNotice,
    ScreeningInterview,
    TemporaryProtection,
)
from ..models.stages import Right
from ..plugins import case_panels
from ..presence import may_hold
from ..process import ORDER, Phase
from . import registry
from .actions import action_groups, actions_for, case_state
from .common import DEADLINE_COLOURS, case_or_404

# next_steps() names the form that does each step; these are its pages.
STEP_ACTIONS = {
    "person": "person",
    "custody": "custody",
    "screening": "screening",
    "temporary_protection": "temporary-protection",
    "identification": "identification",
    "approve_identification": "identification-approve",
    "rights_notice": "rights-notice",
    "closure": "closure",
    # the parallel tracks (stages 7-12)
    "assistance_plan": "assistance-plan",
    "planned_service": "planned-service",
    "shelter_stay": "shelter-stay",
    "legal_proceeding": "legal-proceeding",
    "compensation_claim": "compensation-claim",
    "stay_permit": "stay-permit",
    "family_assessment": "family-assessment",
    "return_plan": "return-plan",
    "return_complete": "return-complete",
    "reintegration_plan": "reintegration-plan",
    "follow_up": "follow-up",
}
# A section of track records longer than this folds away on a phone (its heading stays).
FOLD_AFTER = 2
# The groups of track actions shown unfolded in each phase: the work of that phase.
OPEN_GROUPS = {
    Phase.PROTECTION: (registry.ASSISTANCE, registry.LEGAL),
    Phase.RETURN_REINTEGRATION: (registry.RETURN,),
    Phase.FOLLOW_UP: (registry.RETURN,),
}


def _labels(enum, values) -> list[str]:
    return [str(enum(v).label) if v in enum.values else v for v in values or []]


def _phases(case) -> tuple[list[dict], int]:
    current = ORDER.index(Phase(case.phase))
    steps = [
        {
            "value": phase.value,
            "label": phase.label,
            "state": "done" if i < current else ("current" if i == current else "todo"),
            "number": i + 1,
        }
        for i, phase in enumerate(ORDER)
    ]
    return steps, round((current + 1) * 100 / len(ORDER))


def _read(case, model, records) -> list:
    """``records()`` as a list, or none without a query when the case holds no ``model``."""
    return list(records()) if may_hold(case, model) else []


def _records(case, tracks) -> dict:
    """The stage records of a case already opened through the selector, ready to show."""
    # Each kind is read only when the case may hold one (on a page one query says: may_hold).
    intakes = _read(
        case, Intake, lambda: case.intakes.select_related("referring_agency", "place_province")
    )
    screenings = _read(
        case, ScreeningInterview, lambda: case.screenings.select_related("interviewer")
    )
    decisions = _read(
        case,
        IdentificationDecision,
        lambda: case.identifications.select_related("approved_by", "recorded_by").prefetch_related(
            "members__agency"
        ),
    )
    closures = _read(case, CaseClosure, lambda: case.closures.select_related(
        "requested_by", "decided_by", "reopened_by"))  # fmt: skip
    state = case_state(case, tracks, decisions=decisions, closures=closures, screenings=screenings)
    custody = state.custody
    extensions = list(custody.extensions.all()) if custody else []
    for s in screenings:
        s.indicator_labels = _labels(enums.ForcedLabourIndicator, s.indicators)
        s.control_labels = _labels(enums.MethodOfControl, s.methods_of_control)
        s.exploitation_labels = _labels(enums.ExploitationType, s.exploitation_types)
        s.sex_labels = _labels(enums.SexExploitationType, s.sex_exploitation_types)
        s.recruitment_labels = _labels(enums.RecruitmentMethod, s.recruitment_methods)
        s.app_labels = _labels(enums.RecruitmentApp, s.recruitment_apps)
        s.vulnerability_labels = _labels(enums.Vulnerability, s.vulnerabilities)
        s.language_label = language_label(s.interpreter_language)
    protections = _read(case, TemporaryProtection, lambda: case.temporary_protections.select_related(
        "shelter"))  # fmt: skip
    for p in protections:
        p.deadline = clocks.temporary_protection_deadline(p)
    notices = _read(case, RightsNotice, lambda: case.rights_notices.all())
    for n in notices:
        n.right_labels = _labels(Right, n.rights)
        n.language_label = language_label(n.language)
    return {
        "intakes": intakes,
        "custody": custody,
        "custody_deadline": clocks.custody_deadline(custody) if custody else None,
        "extensions": extensions,
        "screenings": screenings,
        "protections": protections,
        "decisions": decisions,
        "notices": notices,
        "closures": closures,
        "state": state,
    }


def _tracks(tracks, deadlines, user) -> dict:
    """The track records ready to show: each with its deadline (clocks.py) where it has one."""
    by_subject = {d.subject_id: d for d in deadlines if d.subject_id is not None}
    for permit in tracks.permits:
        permit.deadline = by_subject.get(permit.pk)
    for claim in tracks.claims:
        for order in claim.orders.all():
            order.deadline = by_subject.get(order.pk)
            order.unpaid = order.deadline is not None and order.deadline.status != "done"
            order.outstanding = order.deadline.extra.get("outstanding") if order.unpaid else 0
    for visit in tracks.visits:
        deadline = by_subject.get(visit.pk)
        if visit.status in ("done", "missed"):
            visit.badge = visit.status
        elif deadline is not None and deadline.status == "overdue":
            visit.badge = "overdue"
        else:
            visit.badge = "scheduled"
        visit.deadline = deadline
    for plan in tracks.return_plans:
        plan.country_label = country_name(plan.destination_country)
    for referral in tracks.referrals:
        referral.deadline = by_subject.get(referral.pk)
        referral.received = bool(user.agency_id) and referral.to_agency_id == user.agency_id
    return {
        "tracks": tracks,
        "has_tracks": any(
            [
                tracks.plans,
                tracks.shelter_stays,
                tracks.proceedings,
                tracks.claims,
                tracks.permits,
                tracks.family_assessments,
                tracks.return_plans,
                tracks.reintegration,
                tracks.referrals,
                tracks.notes,
                tracks.documents,
            ]
        ),
        "fold_after": FOLD_AFTER,
        "return_count": len(tracks.family_assessments) + len(tracks.return_plans),
        "now": timezone.now(),
        "deadline_colours": DEADLINE_COLOURS,
    }


def _crime(user, case, path):
    crime = selectors_crime.case_crime(actor=user, case=case, path=path)
    for place in crime.places:
        place.country_label = country_name(place.country)
    return crime


@login_required
def case_detail(request, code: str):
    user = request.user
    case = case_or_404(request, code)
    tracks = selectors.case_records(case=case)
    records = _records(case, tracks)
    state = records["state"]
    actions = actions_for(user, case, state)
    open_slugs = {a.slug for a in actions}
    steps = [
        {
            "label": step.label,
            "done": step.done,
            "slug": STEP_ACTIONS.get(step.action)
            if STEP_ACTIONS.get(step.action) in open_slugs
            else None,
        }
        for step in process.next_steps(case)
    ]
    phases, progress = _phases(case)
    blockers, next_phase = [], None
    index = ORDER.index(Phase(case.phase))
    if not process.is_closed(case) and index + 1 < len(ORDER) - 1:
        next_phase = ORDER[index + 1]
        blockers = process.blockers(case, next_phase)
    deadlines = clocks.case_deadlines(case)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "phases": phases,
            "progress": progress,
            "phase_number": index + 1,
            "phase_count": len(ORDER),
            "steps": steps,
            "next_phase": next_phase,
            "blockers": blockers,
            "deadlines": deadlines,
            "people": selectors.case_people(actor=user, case=case, path=request.path),
            "can_view_identity": user.has_perm("cases.view_identity", case),
            "actions": actions,
            "action_groups": action_groups(actions, open_keys=OPEN_GROUPS.get(case.phase, ())),
            "action_slugs": open_slugs,
            "timeline": selectors.case_timeline_named(case=case),
            "form_key": uuid.uuid4(),
            "app_panels": case_panels(request=request, case=case),
            "crime": _crime(user, case, request.path),
            **records,
            **_tracks(tracks, deadlines, user),
        },
    )
