"""Writes of the protection process (DESIGN.md rule 2). Each is keyword-only, atomic, checks the
permission, writes its record and the timeline event together, and moves the phase through
process.py."""

from .common import case_touch, record_event, submission_once
from .stages import (
    case_assign,
    case_open,
    case_reopen,
    closure_decide,
    closure_request,
    custody_end,
    custody_extend,
    custody_record,
    identification_approve,
    identification_decide,
    intake_add,
    person_link,
    phase_advance,
    rights_notice_record,
    screening_record,
    temporary_protection_start,
)

__all__ = [
    "case_assign",
    "case_open",
    "case_reopen",
    "case_touch",
    "closure_decide",
    "closure_request",
    "custody_end",
    "custody_extend",
    "custody_record",
    "identification_approve",
    "identification_decide",
    "intake_add",
    "person_link",
    "phase_advance",
    "record_event",
    "rights_notice_record",
    "screening_record",
    "submission_once",
    "temporary_protection_start",
]
