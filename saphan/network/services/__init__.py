"""Writes of the network app: keyword-only, atomic, permission-checked (DESIGN.md rule 2)."""

from .members import members_import, members_import_start
from .passwords import set_password_link
from .tips import (
    RateLimited,
    TipInput,
    tip_attach,
    tip_close,
    tip_open_case,
    tip_record_hotline,
    tip_refer,
    tip_report,
    tip_submit_public,
)
from .visits import (
    follow_up_assign,
    household_visit_assign,
    visit_cancel,
    visit_reassign,
    visit_record,
)

__all__ = [
    "RateLimited",
    "TipInput",
    "follow_up_assign",
    "household_visit_assign",
    "members_import",
    "members_import_start",
    "set_password_link",
    "tip_attach",
    "tip_close",
    "tip_open_case",
    "tip_record_hotline",
    "tip_refer",
    "tip_report",
    "tip_submit_public",
    "visit_cancel",
    "visit_reassign",
    "visit_record",
]
