"""The case pages (thin: parse a form, call one selector or service, redirect with a message)."""

from .actions import case_action
from .crime import counterparts, perpetrator_detail, perpetrator_search
from .detail import case_detail
from .documents import case_document
from .intake import case_new
from .lists import case_list, case_list_export, my_deadlines, my_deadlines_export
from .perpetrators import perpetrator_edit, perpetrator_merge, perpetrator_merge_detail
from .queue import closure_decide, identification_decide
from .referrals import referral_answer, referrals_waiting

__all__ = [
    "case_action",
    "case_detail",
    "case_document",
    "case_list",
    "case_list_export",
    "case_new",
    "closure_decide",
    "identification_decide",
    "counterparts",
    "my_deadlines",
    "my_deadlines_export",
    "perpetrator_detail",
    "perpetrator_edit",
    "perpetrator_merge",
    "perpetrator_merge_detail",
    "perpetrator_search",
    "referral_answer",
    "referrals_waiting",
]
