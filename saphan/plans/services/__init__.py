"""Writes of the plan cascade, keyword-only, atomic and permission-checked (rules.py):

- ``reports``: the province's quarterly progress report, from its first draft to the regional
  office's review, with its evidence and the status rules it follows;
- ``structure``: the plan itself (central office): the plan, strategies, measures, indicators,
  the assignments to provinces and their targets.

Their names are re-exported here: ``services.report_submit``, ``services.plan_save``.
"""

from .reports import (
    MAX_VALUE,
    EntryInput,
    evidence_attach,
    expected_share,
    overall_status,
    period_for,
    refresh_computed,
    report_approve,
    report_return,
    report_review,
    report_save,
    report_start,
    report_submit,
    suggest_status,
)
from .structure import (
    REFERENCED,
    assignment_save,
    assignment_targets_set,
    computed_keys,
    indicator_save,
    measure_save,
    plan_save,
    strategy_save,
    structure_delete,
)

__all__ = [
    "EntryInput",
    "MAX_VALUE",
    "REFERENCED",
    "assignment_save",
    "assignment_targets_set",
    "computed_keys",
    "evidence_attach",
    "expected_share",
    "indicator_save",
    "measure_save",
    "overall_status",
    "period_for",
    "plan_save",
    "refresh_computed",
    "report_approve",
    "report_return",
    "report_review",
    "report_save",
    "report_start",
    "report_submit",
    "strategy_save",
    "structure_delete",
    "suggest_status",
]
