"""Writes of the protection process (DESIGN.md rule 2). Each is keyword-only, atomic, checks the
permission, writes its record and the timeline event together, and moves the phase through
process.py."""

from .charges import victim_charge_record, victim_charge_waive
from .common import Submitted, case_touch, record_event, submission_once, submit_once
from .compensation import compensation_claim_add, compensation_order_add, compensation_payment_add
from .crime import (
    mdt_member_add,
    mdt_member_remove,
    perpetrator_add,
    perpetrator_link,
    place_add,
)
from .documents import case_note_add, document_attach
from .followup import follow_up_miss, follow_up_record, reintegration_plan_create
from .legal import (
    legal_proceeding_add,
    legal_proceeding_update,
    legal_testimony_given,
    legal_testimony_schedule,
    protection_measure_add,
)
from .permits import stay_permit_record
from .plan import (
    assistance_plan_close,
    assistance_plan_create,
    planned_service_add,
    planned_service_update,
    shelter_stay_end,
    shelter_stay_start,
)
from .referrals import referral_answer, referral_send, referral_withdraw
from .returns import family_assessment_record, return_complete, return_plan_create
from .stages import (
    IntakesRefused,
    case_assign,
    case_open,
    case_reopen,
    cases_open_all,
    closure_decide,
    closure_request,
    custody_end,
    custody_extend,
    custody_record,
    identification_approve,
    identification_decide,
    identification_send_back,
    intake_add,
    person_link,
    phase_advance,
    rights_notice_record,
    screening_record,
    temporary_protection_start,
)

__all__ = [
    "victim_charge_record",
    "victim_charge_waive",
    "mdt_member_add",
    "mdt_member_remove",
    "perpetrator_add",
    "perpetrator_link",
    "place_add",
    "assistance_plan_close",
    "assistance_plan_create",
    "case_assign",
    "case_note_add",
    "case_open",
    "cases_open_all",
    "IntakesRefused",
    "case_reopen",
    "case_touch",
    "closure_decide",
    "closure_request",
    "compensation_claim_add",
    "compensation_order_add",
    "compensation_payment_add",
    "custody_end",
    "custody_extend",
    "custody_record",
    "document_attach",
    "family_assessment_record",
    "follow_up_miss",
    "follow_up_record",
    "identification_approve",
    "identification_send_back",
    "identification_decide",
    "intake_add",
    "legal_proceeding_add",
    "legal_proceeding_update",
    "legal_testimony_given",
    "legal_testimony_schedule",
    "person_link",
    "phase_advance",
    "planned_service_add",
    "planned_service_update",
    "protection_measure_add",
    "record_event",
    "referral_answer",
    "referral_send",
    "referral_withdraw",
    "reintegration_plan_create",
    "return_complete",
    "return_plan_create",
    "rights_notice_record",
    "screening_record",
    "shelter_stay_end",
    "shelter_stay_start",
    "stay_permit_record",
    "submission_once",
    "submit_once",
    "Submitted",
    "temporary_protection_start",
]
