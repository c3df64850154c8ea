"""Reads of cases. Every queryset starts at orgs/access.py; every opened case is logged."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from saphan.audit.services import log_read
from saphan.orgs import access

from .models import Case


def case_list(*, actor) -> QuerySet[Case]:
    return access.visible_cases(actor).select_related("province", "agency", "case_worker")


def case_get(*, actor, code: str, path: str = "", purpose: str = "") -> Case:
    """Open one case: refused unless visible; the read is logged with the scope that allowed it."""
    case = case_list(actor=actor).filter(code=code).first()
    if case is None:
        raise PermissionDenied("case not visible")
    log_read(
        actor=actor, record=case, scope=access.case_scope(actor, case), purpose=purpose, path=path
    )
    return case
