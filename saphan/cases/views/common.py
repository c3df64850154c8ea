"""What every case page needs: the case (404 when the user may not see it) and role checks."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from saphan.orgs.access import CASE_ROLES

from .. import selectors

# Bootstrap colours of deadline statuses (clocks.DeadlineStatus) and of the phases.
DEADLINE_COLOURS = {
    "overdue": "danger",
    "due_soon": "warning",
    "due": "secondary",
    "done": "success",
}


def pick(d: dict, names) -> dict:
    """The cleaned data's fields ``names``, as the keyword arguments of a service or an input."""
    return {name: d[name] for name in names}


def require_case_role(user) -> None:
    """Case pages are for the roles that may hold case rows at all (access.CASE_ROLES)."""
    if not user.has_role(*CASE_ROLES):
        raise PermissionDenied("no case role")


def case_or_404(request, code: str, *, purpose: str = ""):
    """The case through the selector (which logs the read); a case the user may not see is
    answered exactly like one that does not exist."""
    require_case_role(request.user)
    try:
        return selectors.case_get(actor=request.user, code=code, path=request.path, purpose=purpose)
    except PermissionDenied:
        raise Http404("no such case") from None


def next_open_deadline(deadlines):
    """The first deadline that is not done (clocks sorts overdue, due soon, due, done)."""
    return next((d for d in deadlines if d.status != "done"), None)
