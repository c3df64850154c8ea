"""The stage actions of a case: one form, one service each, at /cases/<code>/<action>/.

GET shows the form; POST hands the form's one-time key and the service call to
``services.submit_once`` (one durable transaction, the service's own), then redirects to the case page with a message. When the service refuses, the form
comes back with the user's input and the service's messages next to the fields:
ValidationError → field errors; ConflictError → its message, a link to the current case, and
the form ready to be saved again; TransitionError → the unmet requirements as a warning;
PermissionDenied → 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saphan.core.errors import ConflictError

from .. import clocks, forms, process, selectors, services
from ..approvals import IDENTIFICATION
from ..models import CaseClosure, Custody, VictimCharge
from ..presence import may_hold
from ..process import Phase, TransitionError
from ..services.stages import MemberPresent, ScreeningInput
from .common import case_or_404, pick
from .crime import CRIME_ACTIONS
from .registry import CHANGE, GROUPS, Action, Call, is_open
from .tracks import TRACK_ACTIONS

# --- what a case allows now -------------------------------------------------------------------


@dataclass
class CaseState:
    """The facts about a case's records that decide which actions are open (not the law:
    the services and process.py decide whether an action succeeds)."""

    closed: bool
    custody: object
    has_screening: bool
    pending_decision: object
    pending_closure: object
    advance_targets: list
    # The parallel-track records (selectors.CaseRecords): which track actions are open.
    records: object = None
    # Return, reintegration and follow-up are open in this phase (process.return_tracks_open).
    return_tracks: bool = True
    victim_charges: list = field(default_factory=list)

    @property
    def custody_running(self) -> bool:
        return self.custody is not None and self.custody.ended_at is None


def case_state(case, records=None, *, decisions=None, closures=None, screenings=None) -> CaseState:
    """What the case's actions depend on. The case page passes the identification decisions,
    closures and screenings it has already read (``decisions`` etc.), so they are not read
    again; without them each is asked of the database."""
    custody = None
    if may_hold(case, Custody):
        try:
            custody = case.custody
        except ObjectDoesNotExist:
            custody = None
    if decisions is None:
        decision = process.latest_decision(case)
    else:
        decision = max(decisions, key=lambda d: (d.decided_at, d.created_at), default=None)
    if closures is None:
        pending_closure = (
            case.closures.filter(decided_at__isnull=True).order_by("-requested_at").first()
            if may_hold(case, CaseClosure)
            else None
        )
    else:
        open_requests = [c for c in closures if c.decided_at is None]
        pending_closure = max(open_requests, key=lambda c: c.requested_at, default=None)
    return CaseState(
        closed=process.is_closed(case),
        custody=custody,
        has_screening=process.has_screening(case) if screenings is None else bool(screenings),
        pending_decision=decision
        if decision and decision.approved_at is None and decision.sent_back_at is None
        else None,
        pending_closure=pending_closure,
        advance_targets=process.advance_targets(case),
        records=records if records is not None else selectors.case_records(case=case),
        return_tracks=process.return_tracks_open(case),
        victim_charges=list(case.victim_charges.all()) if may_hold(case, VictimCharge) else [],
    )


# --- the service calls ------------------------------------------------------------------------


def _person_create(*, actor, full_name: str, age: int | None):
    from saphan.people.services import person_create

    return person_create(actor=actor, full_name=full_name, age=age)


def run_person(request, case, d):
    if d.get("existing_person"):
        # "This is the same person" on a candidate of the duplicate check: no new person.
        from saphan.people.services import person_for_link

        person = person_for_link(
            actor=request.user,
            person_id=d["existing_person"],
            typed_name=d.get("full_name") or "",
            path=request.path,
        )
    else:
        person = _person_create(actor=request.user, full_name=d["full_name"], age=d.get("age"))
    services.person_link(
        actor=request.user,
        case=case,
        person=person,
        role=d["role"],
        expected_version=d["version"],
    )
    if d.get("existing_person"):
        return _("The recorded person was linked to the case; no new person was made.")
    return _("The person was linked to the case.")


# The screening form has a field for each of ScreeningInput's, under the same name.
SCREENING_FIELDS = [f.name for f in fields(ScreeningInput)]


def run_screening(request, case, d):
    services.screening_record(
        actor=request.user,
        case=case,
        data=ScreeningInput(**pick(d, SCREENING_FIELDS)),
        custody_still_held=d["custody_still_held"],
        expected_version=d["version"],
    )
    return _("The screening interview was recorded.")


def _members_present(members) -> list[MemberPresent]:
    """The MDT members the identification form collected, as (agency, name) pairs."""
    return [MemberPresent(agency=agency, name=name) for agency, name in members]


def run_identification_approve(request, case, d):
    decision = case_state(case).pending_decision
    if decision is None:
        raise ValidationError(_("There is no identification decision waiting for approval."))
    # Settled as the queue's one-step decision settles it (approvals.IDENTIFICATION); only the
    # messages differ: the case page's leave out the case code.
    if d.get("decision") == "send_back":
        IDENTIFICATION.send_back(request.user, case, decision, d["reason"], d["version"])
        return _("The identification decision was sent back to the case worker.")
    IDENTIFICATION.approve(request.user, case, decision, d["version"])
    return _("The identification record was approved.")


def run_closure_decide(request, case, d):
    closure = case_state(case).pending_closure
    if closure is None:
        raise ValidationError(_("There is no closure request waiting for a decision."))
    approve = d["decision"] == "approve"
    services.closure_decide(
        actor=request.user,
        case=case,
        closure=closure,
        approve=approve,
        note=d["note"],
        expected_version=d["version"],
    )
    return _("The case was closed.") if approve else _("The closure was sent back.")


# --- the registry -------------------------------------------------------------------------------


STAGE_ACTIONS = [
    Action(
        "person",
        gettext_lazy("Link a person"),
        forms.PersonLinkForm,
        CHANGE,
        run_person,
        is_open,
        template="cases/forms/person.html",
    ),
    Action(
        "custody",
        gettext_lazy("Record screening custody"),
        forms.CustodyForm,
        CHANGE,
        Call(
            "custody_record",
            ("started_at", "place", "place_is_not_a_cell", "confirm_start"),
            gettext_lazy("Screening custody recorded. Its deadline is on the case page."),
        ),
        lambda s: is_open(s) and s.custody is None,
        intro=gettext_lazy(
            "Record custody only when the person is kept for screening (s.29). "
            "The 24-hour deadline is computed from the time you enter."
        ),
    ),
    Action(
        "custody-extension",
        gettext_lazy("Record a court extension of custody"),
        forms.CustodyExtensionForm,
        CHANGE,
        Call(
            "custody_extend",
            ("order_number", "order_date", "court", "new_deadline"),
            gettext_lazy("The court's extension of custody was recorded."),
        ),
        lambda s: is_open(s) and s.custody_running,
    ),
    Action(
        "custody-end",
        gettext_lazy("End screening custody"),
        forms.CustodyEndForm,
        CHANGE,
        Call(
            "custody_end",
            ("ended_at",),
            gettext_lazy("The end of screening custody was recorded."),
        ),
        lambda s: is_open(s) and s.custody_running,
    ),
    Action(
        "screening",
        gettext_lazy("Record the screening interview"),
        forms.ScreeningForm,
        CHANGE,
        run_screening,
        is_open,
        template="cases/forms/screening.html",
    ),
    Action(
        "temporary-protection",
        gettext_lazy("Start temporary protection"),
        forms.TemporaryProtectionForm,
        CHANGE,
        Call(
            "temporary_protection_start",
            ("started_at", "shelter"),
            gettext_lazy("Temporary protection recorded. The 15-day period is on the case page."),
        ),
        is_open,
    ),
    Action(
        "identification",
        gettext_lazy("Record the identification decision"),
        forms.IdentificationForm,
        CHANGE,
        Call(
            "identification_decide",
            (
                "status",
                "deciding_org",
                "decided_at",
                "reasons",
                "members",
                "basis",
                "acts",
                "means",
                "purposes",
                "indicator_weighing",
            ),
            gettext_lazy(
                "The identification decision was recorded; it waits for the supervisor's approval."
            ),
            adjust={"members": _members_present},
        ),
        lambda s: is_open(s) and s.has_screening,
        template="cases/forms/identification.html",
    ),
    Action(
        "identification-approve",
        gettext_lazy("Approve the identification record"),
        forms.IdentificationApproveForm,
        "cases.approve_identification",
        run_identification_approve,
        lambda s: is_open(s) and s.pending_decision is not None,
        template="cases/forms/identification_approve.html",
        submit=gettext_lazy("Save the decision"),
    ),
    Action(
        "rights-notice",
        gettext_lazy("Record the rights notice"),
        forms.RightsNoticeForm,
        CHANGE,
        Call(
            "rights_notice_record",
            ("notified_at", "language", "rights", "interpreter_name", "person_views"),
            gettext_lazy("The rights notice was recorded."),
        ),
        is_open,
    ),
    Action(
        "advance",
        gettext_lazy("Move to the next phase"),
        forms.PhaseAdvanceForm,
        CHANGE,
        Call(
            "phase_advance",
            ("to",),
            lambda case, d: _("The case moved to: %(phase)s.") % {"phase": Phase(d["to"]).label},
        ),
        lambda s: is_open(s) and bool(s.advance_targets),
        submit=gettext_lazy("Move the case"),
    ),
    Action(
        "closure",
        gettext_lazy("Request closure"),
        forms.ClosureRequestForm,
        CHANGE,
        Call(
            "closure_request",
            ("reason", "details", "withdraw_referrals_reason"),
            gettext_lazy("Closure requested; it waits for the supervisor's approval."),
        ),
        lambda s: is_open(s) and s.pending_closure is None,
        intro=gettext_lazy("The provincial supervisor approves or sends back every closure."),
        submit=gettext_lazy("Send to the supervisor"),
    ),
    Action(
        "closure-decide",
        gettext_lazy("Decide on the closure request"),
        forms.ClosureDecideForm,
        "cases.approve_closure",
        run_closure_decide,
        lambda s: is_open(s) and s.pending_closure is not None,
        template="cases/forms/closure_decide.html",
    ),
    Action(
        "reopen",
        gettext_lazy("Reopen the case"),
        forms.ReopenForm,
        "cases.approve_closure",
        Call("case_reopen", ("reason",), gettext_lazy("The case was reopened.")),
        lambda s: s.closed,
        submit=gettext_lazy("Reopen"),
    ),
    Action(
        "assign",
        gettext_lazy("Assign the case worker"),
        forms.AssignForm,
        "cases.assign_case",
        Call(
            "case_assign",
            ("case_worker",),
            lambda case, d: (
                _("The case was assigned to %(name)s.") % {"name": d["case_worker"].display_name}
            ),
        ),
        is_open,
        submit=gettext_lazy("Assign"),
    ),
]
ACTIONS: dict[str, Action] = {a.slug: a for a in [*STAGE_ACTIONS, *TRACK_ACTIONS, *CRIME_ACTIONS]}


def actions_for(user, case, state: CaseState) -> list[Action]:
    """The actions this user may take on this case now, in the order of the process."""
    perms = {perm: user.has_perm(perm, case) for perm in {a.perm for a in ACTIONS.values()}}
    return [a for a in ACTIONS.values() if perms[a.perm] and a.available(state)]


def action_groups(actions: list[Action], *, open_keys=()) -> list[dict]:
    """The actions under the headings of the "Record or decide" panel, empty groups left out;
    the groups in ``open_keys`` shown unfolded."""
    return [
        {
            "key": key,
            "label": label,
            "actions": [a for a in actions if a.group == key],
            "open": key in open_keys,
        }
        for key, label in GROUPS.items()
        if any(a.group == key for a in actions)
    ]


def _candidates_url() -> str:
    """The people app's duplicate-candidates endpoint, when it is installed."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("people:candidates")
    except NoReverseMatch:
        return ""


# --- the view -----------------------------------------------------------------------------------


def _form(action: Action, request, case, records, *, data=None, initial=None):
    return action.form_class(
        data,
        request.FILES if data is not None else None,
        case=case,
        user=request.user,
        records=records,
        initial=initial,
    )


def _submit(request, case, action: Action, form):
    """Claim the form's key and run the service, all or nothing. Returns a redirect on success,
    or None with the form (and the context) carrying what went wrong."""
    d = form.cleaned_data
    extra: dict = {}
    try:
        submitted = services.submit_once(
            actor=request.user,
            key=d.get("submission_key"),
            write=lambda: action.run(request, case, d),
        )
        if not submitted.done:
            messages.info(request, _("This form was already saved; nothing was saved twice."))
            return redirect("cases:detail", code=case.code), extra
        message = submitted.value
    except ConflictError as e:
        # Show the form again over the current record: same input, the current version, so
        # that checking the case and pressing save again is all it takes.
        current = case_or_404(request, case.code, purpose=action.slug)
        records = selectors.case_records(case=current)
        data = request.POST.copy()
        data["version"] = str(current.version)
        form = _form(action, request, current, records, data=data)
        form.is_valid()
        extra = {"conflict": str(e.message), "form": form, "case": current, "records": records}
        return None, extra
    except TransitionError as e:
        extra = {"unmet": [str(u) for u in e.unmet]}
        form.add_error(None, _("The case cannot move to this phase yet."))
        return None, extra
    except ValidationError as e:
        forms.validation_errors_to_form(form, e)
        return None, extra
    messages.success(request, message)
    return redirect("cases:detail", code=case.code), extra


@login_required
def case_action(request, code: str, action: str):
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("no such action")
    case = case_or_404(request, code, purpose=action)
    if not request.user.has_perm(spec.perm, case):
        raise PermissionDenied(spec.perm)
    records = selectors.case_records(case=case)
    extra: dict = {}
    if request.method == "POST":
        form = _form(spec, request, case, records, data=request.POST)
        if form.is_valid():
            response, extra = _submit(request, case, spec, form)
            if response is not None:
                return response
            form = extra.pop("form", form)
            case = extra.pop("case", case)
            records = extra.pop("records", records)
    else:
        state = case_state(case, records)
        if not spec.available(state):
            messages.info(request, _("This step is not open for this case now."))
            return redirect("cases:detail", code=case.code)
        chosen = request.GET.get(spec.select) if spec.select else None
        form = _form(
            spec, request, case, records, initial={spec.select: chosen} if chosen else None
        )
    state = case_state(case, records)
    context = {
        "case": case,
        "action": spec,
        "form": form,
        "state": state,
        "records": records,
        "deadlines": clocks.case_deadlines(case),
        **extra,
    }
    if action in {"custody-extension", "custody-end"} and state.custody is not None:
        context["custody_deadline"] = clocks.custody_deadline(state.custody)
    if action == "person":
        context["candidates_url"] = _candidates_url()
    return render(request, "cases/action.html", context)
