"""The actions of the parallel tracks (stages 7-12), referrals, notes and documents: one form and
one service call each, declared as data (registry.Call), on the same page and with the same
error handling as the stage actions (actions.case_action)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import forms
from ..enums import ServiceStatus
from .registry import (
    ASSISTANCE,
    CHANGE,
    LEGAL,
    RECORDS,
    REFERRALS,
    RETURN,
    Action,
    Call,
    is_open,
    open_with,
)


def _blank_is_none(value: str) -> str | None:
    """An empty box on an update form keeps what is recorded."""
    return value.strip() or None


def _or_none(value: object) -> object:
    """A choice left empty keeps what is recorded."""
    return value or None


def _group(perm: str, group: str):
    """The actions of one group of the "Record or decide" panel: all of them need ``perm``, the
    permission over that group's records."""

    def action(slug, title, form_class, run, available, **options) -> Action:
        return Action(slug, title, form_class, perm, run, available, group=group, **options)

    return action


_assistance = _group("cases.change_assistance", ASSISTANCE)
_legal = _group("cases.change_legal", LEGAL)
_return = _group("cases.change_return", RETURN)
_referrals = _group("cases.refer_case", REFERRALS)
_records = _group(CHANGE, RECORDS)


# --- the registry: each action's form, service call (registry.Call) and when it is open -------


TRACK_ACTIONS = [
    _assistance(
        "assistance-plan",
        gettext_lazy("Make the assistance plan"),
        forms.AssistancePlanForm,
        Call(
            "assistance_plan_create",
            ("objectives", "action_plan", "started_on", "planned_end"),
            gettext_lazy("The protection and assistance plan was recorded."),
        ),
        lambda s: is_open(s) and s.records.open_plan is None,
        intro=gettext_lazy(
            "Section 33: the plan is made with the person, for their protection and recovery. "
            "Add its services once it is saved."
        ),
    ),
    _assistance(
        "assistance-plan-close",
        gettext_lazy("End the assistance plan"),
        forms.AssistancePlanCloseForm,
        Call(
            "assistance_plan_close",
            ("plan", "actual_end"),
            gettext_lazy("The assistance plan was ended."),
        ),
        lambda s: is_open(s) and s.records.open_plan is not None,
    ),
    _assistance(
        "planned-service",
        gettext_lazy("Add a service to the plan"),
        forms.PlannedServiceForm,
        Call(
            "planned_service_add",
            (
                "plan",
                "type",
                "description",
                "provider_agency",
                "provider_name",
                "planned_start",
                "planned_end",
            ),
            gettext_lazy("The service was added to the plan."),
        ),
        lambda s: is_open(s) and s.records.open_plan is not None,
    ),
    _assistance(
        "planned-service-update",
        gettext_lazy("Update a service"),
        forms.PlannedServiceUpdateForm,
        Call(
            "planned_service_update",
            ("service", "status", "actual_start", "actual_end", "outcome"),
            lambda service, d: (
                _("The service is now: %(status)s.")
                % {"status": ServiceStatus(service.status).label}
            ),
        ),
        open_with("open_services"),
        select="service",
    ),
    _assistance(
        "shelter-stay",
        gettext_lazy("Record a shelter stay"),
        forms.ShelterStayForm,
        Call(
            "shelter_stay_start",
            ("shelter", "started_on"),
            gettext_lazy("The shelter stay was recorded; the shelter's staff now see the case."),
        ),
        lambda s: is_open(s) and s.records.open_stay is None,
        intro=gettext_lazy("While the person stays, the shelter's staff see the case."),
    ),
    _assistance(
        "shelter-stay-end",
        gettext_lazy("Record leaving the shelter"),
        forms.ShelterStayEndForm,
        Call(
            "shelter_stay_end",
            ("stay", "ended_on", "exit_reason", "exit_note"),
            gettext_lazy("The end of the shelter stay was recorded."),
        ),
        lambda s: is_open(s) and s.records.open_stay is not None,
        intro=gettext_lazy("When the stay ends, the shelter's access to the case ends with it."),
    ),
    _legal(
        "legal-proceeding",
        gettext_lazy("Add legal proceedings"),
        forms.LegalProceedingForm,
        Call(
            "legal_proceeding_add",
            (
                "victim_role",
                "police_case_number",
                "police_station",
                "prosecutor",
                "court",
                "court_case_number",
                "status",
                "notes",
            ),
            gettext_lazy("The legal proceedings were recorded."),
        ),
        is_open,
        intro=gettext_lazy("Give the police case number or the court case number."),
    ),
    _legal(
        "legal-proceeding-update",
        gettext_lazy("Update legal proceedings"),
        forms.LegalProceedingUpdateForm,
        Call(
            "legal_proceeding_update",
            (
                "proceeding",
                "status",
                "prosecutor",
                "court",
                "court_case_number",
                "victim_role",
                "notes",
            ),
            gettext_lazy("The legal proceedings were updated."),
            adjust={
                "prosecutor": _blank_is_none,
                "court": _blank_is_none,
                "court_case_number": _blank_is_none,
                "victim_role": _or_none,
                "notes": _blank_is_none,
            },
        ),
        open_with("proceedings"),
        select="proceeding",
    ),
    _legal(
        "testimony",
        gettext_lazy("Schedule a testimony"),
        forms.TestimonyForm,
        Call(
            "legal_testimony_schedule",
            ("proceeding", "scheduled_at", "kind", "place"),
            gettext_lazy("The testimony date was recorded."),
        ),
        open_with("proceedings"),
        select="proceeding",
    ),
    _legal(
        "testimony-given",
        gettext_lazy("Record a testimony as given"),
        forms.TestimonyGivenForm,
        Call(
            "legal_testimony_given",
            ("testimony",),
            gettext_lazy("The testimony was recorded as given."),
        ),
        lambda s: is_open(s) and bool(forms.testimonies_to_confirm(s.records)),
        select="testimony",
        submit=gettext_lazy("It was given"),
    ),
    _legal(
        "protection-measure",
        gettext_lazy("Add a protection measure"),
        forms.ProtectionMeasureForm,
        Call(
            "protection_measure_add",
            ("proceeding", "measure", "started_on", "ended_on", "details"),
            gettext_lazy("The protection measure was recorded."),
        ),
        open_with("proceedings"),
        select="proceeding",
    ),
    _legal(
        "compensation-claim",
        gettext_lazy("Record a compensation claim"),
        forms.CompensationClaimForm,
        Call(
            "compensation_claim_add",
            ("kind", "amount_claimed", "claimed_on", "details"),
            gettext_lazy("The compensation claim was recorded."),
        ),
        is_open,
        intro=gettext_lazy(
            "Sections 34-35: compensation from the offender in the criminal case, and payments "
            "from the anti-trafficking fund. Record each claim, then what was ordered and paid."
        ),
    ),
    _legal(
        "compensation-order",
        gettext_lazy("Record a compensation order"),
        forms.CompensationOrderForm,
        Call(
            "compensation_order_add",
            ("claim", "amount_ordered", "ordered_on", "decided_by", "order_ref"),
            gettext_lazy("The compensation order was recorded; it is tracked until it is paid."),
        ),
        open_with("claims"),
        intro=gettext_lazy("An order not paid in full after 90 days becomes an overdue alert."),
        select="claim",
    ),
    _legal(
        "compensation-payment",
        gettext_lazy("Record a compensation payment"),
        forms.CompensationPaymentForm,
        Call(
            "compensation_payment_add",
            ("claim", "amount_paid", "paid_on", "payer", "reference"),
            gettext_lazy("The payment was recorded."),
        ),
        open_with("claims"),
        intro=gettext_lazy("Only money that actually reached the person."),
        select="claim",
    ),
    _legal(
        "stay-permit",
        gettext_lazy("Record permission to stay (s.37)"),
        forms.StayPermitForm,
        Call(
            "stay_permit_record",
            ("purpose", "permit_type", "valid_from", "valid_to", "issuing_office", "reference"),
            gettext_lazy(
                "The permission to stay (s.37) was recorded; its expiry is on the case page."
            ),
        ),
        is_open,
        intro=gettext_lazy(
            "Section 37: permission to stay, and to work, while the proceedings, treatment, "
            "rehabilitation or a compensation claim need the person in Thailand. A renewal is a "
            "new permission that runs past the old one."
        ),
    ),
    _legal(
        "victim-charge",
        gettext_lazy("Record a charge against the victim"),
        forms.VictimChargeForm,
        Call(
            "victim_charge_record",
            ("offence", "charged_by", "charged_on", "waived", "waived_on", "reason", "details"),
            gettext_lazy("The charge against the victim was recorded."),
        ),
        is_open,
        intro=gettext_lazy(
            "Record every charge brought against the person, by whom and when, and whether it "
            "was waived and why (s.41; the non-punishment principle)."
        ),
    ),
    _legal(
        "victim-charge-waive",
        gettext_lazy("Record a charge as waived"),
        forms.VictimChargeWaiveForm,
        Call(
            "victim_charge_waive",
            ("charge", "waived_on", "reason"),
            gettext_lazy("The charge was recorded as waived."),
        ),
        lambda s: is_open(s) and any(not c.waived for c in s.victim_charges),
        select="charge",
    ),
    _return(
        "family-assessment",
        gettext_lazy("Record a family assessment"),
        forms.FamilyAssessmentForm,
        Call(
            "family_assessment_record",
            ("assessed_on", "assessor", "findings", "safe_to_return", "conditions", "counterpart?"),
            gettext_lazy("The family assessment was recorded."),
        ),
        is_open,
        intro=gettext_lazy("A return to the family needs an assessment that found it safe."),
    ),
    _return(
        "return-plan",
        gettext_lazy("Plan the return"),
        forms.ReturnPlanForm,
        Call(
            "return_plan_create",
            (
                "kind",
                "planned_on",
                "destination_country",
                "destination_province",
                "destination_detail",
                "counterpart_org",
                "counterpart?",
                "counterpart_contact",
                "escort",
            ),
            gettext_lazy("The return was planned."),
        ),
        lambda s: is_open(s) and s.return_tracks,
        intro=gettext_lazy(
            "Repatriation (s.38) goes with the country of origin's counterpart; a Thai victim "
            "abroad comes home under s.39; a return to the family in Thailand needs a family "
            "assessment that found it safe."
        ),
    ),
    _return(
        "return-complete",
        gettext_lazy("Record the return as completed"),
        forms.ReturnCompleteForm,
        Call(
            "return_complete",
            ("plan", "returned_on", "handed_over_to", "escort"),
            gettext_lazy("The return was recorded as completed."),
        ),
        lambda s: is_open(s) and s.return_tracks and bool(s.records.pending_returns),
        select="plan",
    ),
    _return(
        "reintegration-plan",
        gettext_lazy("Make the reintegration plan"),
        forms.ReintegrationPlanForm,
        Call(
            "reintegration_plan_create",
            (
                "home_province",
                "responsible_agency",
                "plan",
                "started_on",
                "volunteer_name",
                "volunteer_contact",
            ),
            gettext_lazy(
                "The reintegration plan was recorded and the follow-up visits were scheduled."
            ),
        ),
        lambda s: is_open(s) and s.return_tracks and s.records.reintegration is None,
    ),
    _return(
        "follow-up",
        gettext_lazy("Record a follow-up visit"),
        forms.FollowUpForm,
        Call(
            "follow_up_record",
            ("visit", "done_on", "visited_by", "findings"),
            gettext_lazy("The follow-up visit was recorded."),
        ),
        lambda s: is_open(s) and s.return_tracks and bool(s.records.open_visits),
        select="visit",
    ),
    _return(
        "follow-up-missed",
        gettext_lazy("Mark a follow-up visit missed"),
        forms.FollowUpMissedForm,
        Call(
            "follow_up_miss",
            ("visit", "reason"),
            gettext_lazy("The visit was marked missed; it stays overdue until a visit is made."),
        ),
        lambda s: is_open(s) and s.return_tracks and bool(forms.visits_to_miss(s.records)),
        intro=gettext_lazy(
            "A missed visit stays overdue until a visit is made: record it when it happens."
        ),
        select="visit",
        submit=gettext_lazy("Mark missed"),
    ),
    _referrals(
        "referral",
        gettext_lazy("Refer or transfer the case"),
        forms.ReferralForm,
        Call(
            "referral_send",
            (
                "to_agency",
                "reason",
                "kind",
                "details",
                "share_identity",
                "consent_recorded",
                "consent_at",
                "consent_note",
                "override_reason",
            ),
            lambda referral, d: (
                _("Sent to %(agency)s; it waits for their answer.") % {"agency": referral.to_agency}
            ),
        ),
        is_open,
        template="cases/forms/referral.html",
        submit=gettext_lazy("Send"),
    ),
    _referrals(
        "referral-withdraw",
        gettext_lazy("Withdraw a referral"),
        forms.ReferralWithdrawForm,
        Call(
            "referral_withdraw", ("referral", "reason"), gettext_lazy("The referral was withdrawn.")
        ),
        open_with("pending_referrals"),
        select="referral",
        submit=gettext_lazy("Withdraw"),
    ),
    _records(
        "note",
        gettext_lazy("Add a case note"),
        forms.CaseNoteForm,
        Call("case_note_add", ("text",), gettext_lazy("The note was added.")),
        is_open,
    ),
    _records(
        "document",
        gettext_lazy("Attach a document"),
        forms.DocumentForm,
        Call(
            "document_attach", ("upload=file", "title"), gettext_lazy("The document was attached.")
        ),
        is_open,
        submit=gettext_lazy("Attach"),
    ),
]
