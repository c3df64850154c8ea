"""The actions of the parallel tracks (stages 7-12), referrals, notes and documents: one form and
one service call each, on the same page and with the same error handling as the stage actions
(actions.case_action)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import forms, services
from ..enums import ServiceStatus
from .registry import ASSISTANCE, CHANGE, LEGAL, RECORDS, REFERRALS, RETURN, Action

ASSIST = "cases.change_assistance"
LAW = "cases.change_legal"
BACK = "cases.change_return"
REFER = "cases.refer_case"


def _blank_is_none(value: str) -> str | None:
    """An empty box on an update form keeps what is recorded."""
    return value.strip() or None


# --- stage 7 -----------------------------------------------------------------------------------


def run_assistance_plan(request, case, d):
    services.assistance_plan_create(
        actor=request.user,
        case=case,
        objectives=d["objectives"],
        action_plan=d["action_plan"],
        started_on=d["started_on"],
        planned_end=d["planned_end"],
        expected_version=d["version"],
    )
    return _("The protection and assistance plan was recorded.")


def run_assistance_plan_close(request, case, d):
    services.assistance_plan_close(
        actor=request.user,
        case=case,
        plan=d["plan"],
        actual_end=d["actual_end"],
        expected_version=d["version"],
    )
    return _("The assistance plan was ended.")


def run_planned_service(request, case, d):
    services.planned_service_add(
        actor=request.user,
        case=case,
        plan=d["plan"],
        type=d["type"],
        description=d["description"],
        provider_agency=d["provider_agency"],
        provider_name=d["provider_name"],
        planned_start=d["planned_start"],
        planned_end=d["planned_end"],
        expected_version=d["version"],
    )
    return _("The service was added to the plan.")


def run_planned_service_update(request, case, d):
    service = services.planned_service_update(
        actor=request.user,
        case=case,
        service=d["service"],
        status=d["status"],
        actual_start=d["actual_start"],
        actual_end=d["actual_end"],
        outcome=d["outcome"],
        expected_version=d["version"],
    )
    return _("The service is now: %(status)s.") % {"status": ServiceStatus(service.status).label}


def run_shelter_stay(request, case, d):
    services.shelter_stay_start(
        actor=request.user,
        case=case,
        shelter=d["shelter"],
        started_on=d["started_on"],
        expected_version=d["version"],
    )
    return _("The shelter stay was recorded; the shelter's staff now see the case.")


def run_shelter_stay_end(request, case, d):
    services.shelter_stay_end(
        actor=request.user,
        case=case,
        stay=d["stay"],
        ended_on=d["ended_on"],
        exit_reason=d["exit_reason"],
        exit_note=d["exit_note"],
        expected_version=d["version"],
    )
    return _("The end of the shelter stay was recorded.")


# --- stage 8 -----------------------------------------------------------------------------------


def run_legal_proceeding(request, case, d):
    services.legal_proceeding_add(
        actor=request.user,
        case=case,
        victim_role=d["victim_role"],
        police_case_number=d["police_case_number"],
        police_station=d["police_station"],
        prosecutor=d["prosecutor"],
        court=d["court"],
        court_case_number=d["court_case_number"],
        status=d["status"],
        notes=d["notes"],
        expected_version=d["version"],
    )
    return _("The legal proceedings were recorded.")


def run_legal_proceeding_update(request, case, d):
    services.legal_proceeding_update(
        actor=request.user,
        case=case,
        proceeding=d["proceeding"],
        status=d["status"],
        prosecutor=_blank_is_none(d["prosecutor"]),
        court=_blank_is_none(d["court"]),
        court_case_number=_blank_is_none(d["court_case_number"]),
        victim_role=d["victim_role"] or None,
        notes=_blank_is_none(d["notes"]),
        expected_version=d["version"],
    )
    return _("The legal proceedings were updated.")


def run_testimony(request, case, d):
    services.legal_testimony_schedule(
        actor=request.user,
        case=case,
        proceeding=d["proceeding"],
        scheduled_at=d["scheduled_at"],
        kind=d["kind"],
        place=d["place"],
        expected_version=d["version"],
    )
    return _("The testimony date was recorded.")


def run_testimony_given(request, case, d):
    services.legal_testimony_given(
        actor=request.user, case=case, testimony=d["testimony"], expected_version=d["version"]
    )
    return _("The testimony was recorded as given.")


def run_protection_measure(request, case, d):
    services.protection_measure_add(
        actor=request.user,
        case=case,
        proceeding=d["proceeding"],
        measure=d["measure"],
        started_on=d["started_on"],
        ended_on=d["ended_on"],
        details=d["details"],
        expected_version=d["version"],
    )
    return _("The protection measure was recorded.")


# --- stages 9-10 -------------------------------------------------------------------------------


def run_compensation_claim(request, case, d):
    services.compensation_claim_add(
        actor=request.user,
        case=case,
        kind=d["kind"],
        amount_claimed=d["amount_claimed"],
        claimed_on=d["claimed_on"],
        details=d["details"],
        expected_version=d["version"],
    )
    return _("The compensation claim was recorded.")


def run_compensation_order(request, case, d):
    services.compensation_order_add(
        actor=request.user,
        case=case,
        claim=d["claim"],
        amount_ordered=d["amount_ordered"],
        ordered_on=d["ordered_on"],
        decided_by=d["decided_by"],
        order_ref=d["order_ref"],
        expected_version=d["version"],
    )
    return _("The compensation order was recorded; it is tracked until it is paid.")


def run_compensation_payment(request, case, d):
    services.compensation_payment_add(
        actor=request.user,
        case=case,
        claim=d["claim"],
        amount_paid=d["amount_paid"],
        paid_on=d["paid_on"],
        payer=d["payer"],
        reference=d["reference"],
        expected_version=d["version"],
    )
    return _("The payment was recorded.")


def run_stay_permit(request, case, d):
    services.stay_permit_record(
        actor=request.user,
        case=case,
        purpose=d["purpose"],
        permit_type=d["permit_type"],
        valid_from=d["valid_from"],
        valid_to=d["valid_to"],
        issuing_office=d["issuing_office"],
        reference=d["reference"],
        expected_version=d["version"],
    )
    return _("The permission to stay (s.37) was recorded; its expiry is on the case page.")


# --- stages 11-12 ------------------------------------------------------------------------------


def run_victim_charge(request, case, d):
    services.victim_charge_record(
        actor=request.user, case=case, offence=d["offence"], charged_by=d["charged_by"],
        charged_on=d["charged_on"], waived=d["waived"], waived_on=d["waived_on"],
        reason=d["reason"], details=d["details"], expected_version=d["version"],
    )  # fmt: skip
    return _("The charge against the victim was recorded.")


def run_victim_charge_waive(request, case, d):
    services.victim_charge_waive(
        actor=request.user, case=case, charge=d["charge"], waived_on=d["waived_on"],
        reason=d["reason"], expected_version=d["version"],
    )  # fmt: skip
    return _("The charge was recorded as waived.")


def run_family_assessment(request, case, d):
    services.family_assessment_record(
        actor=request.user,
        case=case,
        assessed_on=d["assessed_on"],
        assessor=d["assessor"],
        findings=d["findings"],
        safe_to_return=d["safe_to_return"],
        conditions=d["conditions"],
        counterpart=d.get("counterpart"),
        expected_version=d["version"],
    )
    return _("The family assessment was recorded.")


def run_return_plan(request, case, d):
    services.return_plan_create(
        actor=request.user,
        case=case,
        kind=d["kind"],
        planned_on=d["planned_on"],
        destination_country=d["destination_country"],
        destination_province=d["destination_province"],
        destination_detail=d["destination_detail"],
        counterpart_org=d["counterpart_org"],
        counterpart=d.get("counterpart"),
        counterpart_contact=d["counterpart_contact"],
        escort=d["escort"],
        expected_version=d["version"],
    )
    return _("The return was planned.")


def run_return_complete(request, case, d):
    services.return_complete(
        actor=request.user,
        case=case,
        plan=d["plan"],
        returned_on=d["returned_on"],
        handed_over_to=d["handed_over_to"],
        escort=d["escort"],
        expected_version=d["version"],
    )
    return _("The return was recorded as completed.")


def run_reintegration_plan(request, case, d):
    services.reintegration_plan_create(
        actor=request.user,
        case=case,
        home_province=d["home_province"],
        responsible_agency=d["responsible_agency"],
        plan=d["plan"],
        started_on=d["started_on"],
        volunteer_name=d["volunteer_name"],
        volunteer_contact=d["volunteer_contact"],
        expected_version=d["version"],
    )
    return _("The reintegration plan was recorded and the follow-up visits were scheduled.")


def run_follow_up(request, case, d):
    services.follow_up_record(
        actor=request.user,
        case=case,
        visit=d["visit"],
        done_on=d["done_on"],
        visited_by=d["visited_by"],
        findings=d["findings"],
        expected_version=d["version"],
    )
    return _("The follow-up visit was recorded.")


def run_follow_up_missed(request, case, d):
    services.follow_up_miss(
        actor=request.user,
        case=case,
        visit=d["visit"],
        reason=d["reason"],
        expected_version=d["version"],
    )
    return _("The visit was marked missed; it stays overdue until a visit is made.")


# --- referrals, notes, documents ---------------------------------------------------------------


def run_referral(request, case, d):
    referral = services.referral_send(
        actor=request.user,
        case=case,
        to_agency=d["to_agency"],
        reason=d["reason"],
        kind=d["kind"],
        details=d["details"],
        share_identity=d["share_identity"],
        consent_recorded=d["consent_recorded"],
        consent_at=d["consent_at"],
        consent_note=d["consent_note"],
        override_reason=d["override_reason"],
        expected_version=d["version"],
    )
    return _("Sent to %(agency)s; it waits for their answer.") % {"agency": referral.to_agency}


def run_referral_withdraw(request, case, d):
    services.referral_withdraw(
        actor=request.user,
        case=case,
        referral=d["referral"],
        reason=d["reason"],
        expected_version=d["version"],
    )
    return _("The referral was withdrawn.")


def run_note(request, case, d):
    services.case_note_add(
        actor=request.user, case=case, text=d["text"], expected_version=d["version"]
    )
    return _("The note was added.")


def run_document(request, case, d):
    services.document_attach(
        actor=request.user,
        case=case,
        upload=d["file"],
        title=d["title"],
        expected_version=d["version"],
    )
    return _("The document was attached.")


# --- the registry ------------------------------------------------------------------------------


def _open(state) -> bool:
    return not state.closed


TRACK_ACTIONS = [
    Action(
        "assistance-plan",
        gettext_lazy("Make the assistance plan"),
        forms.AssistancePlanForm,
        ASSIST,
        run_assistance_plan,
        lambda s: _open(s) and s.records.open_plan is None,
        intro=gettext_lazy(
            "Section 33: the plan is made with the person, for their protection and recovery. "
            "Add its services once it is saved."
        ),
        group=ASSISTANCE,
    ),
    Action(
        "assistance-plan-close",
        gettext_lazy("End the assistance plan"),
        forms.AssistancePlanCloseForm,
        ASSIST,
        run_assistance_plan_close,
        lambda s: _open(s) and s.records.open_plan is not None,
        group=ASSISTANCE,
    ),
    Action(
        "planned-service",
        gettext_lazy("Add a service to the plan"),
        forms.PlannedServiceForm,
        ASSIST,
        run_planned_service,
        lambda s: _open(s) and s.records.open_plan is not None,
        group=ASSISTANCE,
    ),
    Action(
        "planned-service-update",
        gettext_lazy("Update a service"),
        forms.PlannedServiceUpdateForm,
        ASSIST,
        run_planned_service_update,
        lambda s: _open(s) and bool(s.records.open_services),
        group=ASSISTANCE,
        select="service",
    ),
    Action(
        "shelter-stay",
        gettext_lazy("Record a shelter stay"),
        forms.ShelterStayForm,
        ASSIST,
        run_shelter_stay,
        lambda s: _open(s) and s.records.open_stay is None,
        intro=gettext_lazy("While the person stays, the shelter's staff see the case."),
        group=ASSISTANCE,
    ),
    Action(
        "shelter-stay-end",
        gettext_lazy("Record leaving the shelter"),
        forms.ShelterStayEndForm,
        ASSIST,
        run_shelter_stay_end,
        lambda s: _open(s) and s.records.open_stay is not None,
        intro=gettext_lazy("When the stay ends, the shelter's access to the case ends with it."),
        group=ASSISTANCE,
    ),
    Action(
        "legal-proceeding",
        gettext_lazy("Add legal proceedings"),
        forms.LegalProceedingForm,
        LAW,
        run_legal_proceeding,
        _open,
        intro=gettext_lazy("Give the police case number or the court case number."),
        group=LEGAL,
    ),
    Action(
        "legal-proceeding-update",
        gettext_lazy("Update legal proceedings"),
        forms.LegalProceedingUpdateForm,
        LAW,
        run_legal_proceeding_update,
        lambda s: _open(s) and bool(s.records.proceedings),
        group=LEGAL,
        select="proceeding",
    ),
    Action(
        "testimony",
        gettext_lazy("Schedule a testimony"),
        forms.TestimonyForm,
        LAW,
        run_testimony,
        lambda s: _open(s) and bool(s.records.proceedings),
        group=LEGAL,
        select="proceeding",
    ),
    Action(
        "testimony-given",
        gettext_lazy("Record a testimony as given"),
        forms.TestimonyGivenForm,
        LAW,
        run_testimony_given,
        lambda s: _open(s) and bool(forms.testimonies_to_confirm(s.records)),
        group=LEGAL,
        select="testimony",
        submit=gettext_lazy("It was given"),
    ),
    Action(
        "protection-measure",
        gettext_lazy("Add a protection measure"),
        forms.ProtectionMeasureForm,
        LAW,
        run_protection_measure,
        lambda s: _open(s) and bool(s.records.proceedings),
        group=LEGAL,
        select="proceeding",
    ),
    Action(
        "compensation-claim",
        gettext_lazy("Record a compensation claim"),
        forms.CompensationClaimForm,
        LAW,
        run_compensation_claim,
        _open,
        intro=gettext_lazy(
            "Sections 34-35: compensation from the offender in the criminal case, and payments "
            "from the anti-trafficking fund. Record each claim, then what was ordered and paid."
        ),
        group=LEGAL,
    ),
    Action(
        "compensation-order",
        gettext_lazy("Record a compensation order"),
        forms.CompensationOrderForm,
        LAW,
        run_compensation_order,
        lambda s: _open(s) and bool(s.records.claims),
        intro=gettext_lazy("An order not paid in full after 90 days becomes an overdue alert."),
        group=LEGAL,
        select="claim",
    ),
    Action(
        "compensation-payment",
        gettext_lazy("Record a compensation payment"),
        forms.CompensationPaymentForm,
        LAW,
        run_compensation_payment,
        lambda s: _open(s) and bool(s.records.claims),
        intro=gettext_lazy("Only money that actually reached the person."),
        group=LEGAL,
        select="claim",
    ),
    Action(
        "stay-permit",
        gettext_lazy("Record permission to stay (s.37)"),
        forms.StayPermitForm,
        LAW,
        run_stay_permit,
        _open,
        intro=gettext_lazy(
            "Section 37: permission to stay, and to work, while the proceedings, treatment, "
            "rehabilitation or a compensation claim need the person in Thailand. A renewal is a "
            "new permission that runs past the old one."
        ),
        group=LEGAL,
    ),
    Action(
        "victim-charge",
        gettext_lazy("Record a charge against the victim"),
        forms.VictimChargeForm,
        LAW,
        run_victim_charge,
        _open,
        intro=gettext_lazy(
            "Record every charge brought against the person, by whom and when, and whether it "
            "was waived and why (s.41; the non-punishment principle)."
        ),
        group=LEGAL,
    ),
    Action(
        "victim-charge-waive",
        gettext_lazy("Record a charge as waived"),
        forms.VictimChargeWaiveForm,
        LAW,
        run_victim_charge_waive,
        lambda s: _open(s) and any(not c.waived for c in s.victim_charges),
        group=LEGAL,
        select="charge",
    ),
    Action(
        "family-assessment",
        gettext_lazy("Record a family assessment"),
        forms.FamilyAssessmentForm,
        BACK,
        run_family_assessment,
        _open,
        intro=gettext_lazy("A return to the family needs an assessment that found it safe."),
        group=RETURN,
    ),
    Action(
        "return-plan",
        gettext_lazy("Plan the return"),
        forms.ReturnPlanForm,
        BACK,
        run_return_plan,
        lambda s: _open(s) and s.return_tracks,
        intro=gettext_lazy(
            "Repatriation (s.38) goes with the country of origin's counterpart; a Thai victim "
            "abroad comes home under s.39; a return to the family in Thailand needs a family "
            "assessment that found it safe."
        ),
        group=RETURN,
    ),
    Action(
        "return-complete",
        gettext_lazy("Record the return as completed"),
        forms.ReturnCompleteForm,
        BACK,
        run_return_complete,
        lambda s: _open(s) and s.return_tracks and bool(s.records.pending_returns),
        group=RETURN,
        select="plan",
    ),
    Action(
        "reintegration-plan",
        gettext_lazy("Make the reintegration plan"),
        forms.ReintegrationPlanForm,
        BACK,
        run_reintegration_plan,
        lambda s: _open(s) and s.return_tracks and s.records.reintegration is None,
        group=RETURN,
    ),
    Action(
        "follow-up",
        gettext_lazy("Record a follow-up visit"),
        forms.FollowUpForm,
        BACK,
        run_follow_up,
        lambda s: _open(s) and s.return_tracks and bool(s.records.open_visits),
        group=RETURN,
        select="visit",
    ),
    Action(
        "follow-up-missed",
        gettext_lazy("Mark a follow-up visit missed"),
        forms.FollowUpMissedForm,
        BACK,
        run_follow_up_missed,
        lambda s: _open(s) and s.return_tracks and bool(forms.visits_to_miss(s.records)),
        intro=gettext_lazy(
            "A missed visit stays overdue until a visit is made: record it when it happens."
        ),
        group=RETURN,
        select="visit",
        submit=gettext_lazy("Mark missed"),
    ),
    Action(
        "referral",
        gettext_lazy("Refer or transfer the case"),
        forms.ReferralForm,
        REFER,
        run_referral,
        _open,
        template="cases/forms/referral.html",
        group=REFERRALS,
        submit=gettext_lazy("Send"),
    ),
    Action(
        "referral-withdraw",
        gettext_lazy("Withdraw a referral"),
        forms.ReferralWithdrawForm,
        REFER,
        run_referral_withdraw,
        lambda s: _open(s) and bool(s.records.pending_referrals),
        group=REFERRALS,
        select="referral",
        submit=gettext_lazy("Withdraw"),
    ),
    Action(
        "note",
        gettext_lazy("Add a case note"),
        forms.CaseNoteForm,
        CHANGE,
        run_note,
        _open,
        group=RECORDS,
    ),
    Action(
        "document",
        gettext_lazy("Attach a document"),
        forms.DocumentForm,
        CHANGE,
        run_document,
        _open,
        group=RECORDS,
        submit=gettext_lazy("Attach"),
    ),
]
