"""The case page's panel for volunteer visits: which follow-up visits the home village's
volunteer was asked to make, and a form to ask them. Shown to those who may change the return
track and see the person's identity (the visit carries the person's name and address)."""

from __future__ import annotations

from django.template.loader import render_to_string

from saphan.cases.models import ReintegrationPlan
from saphan.cases.presence import may_hold
from saphan.orgs.access import can_see_identity

from .models import Visit
from .selectors import volunteers_for_case


def render(*, request, case) -> str | None:
    user = request.user
    if not may_hold(case, ReintegrationPlan):
        return None
    plan = getattr(case, "reintegration_plan", None)
    if plan is None or not user.has_perm("cases.change_return", case):
        return None
    if not can_see_identity(user, case):
        return None
    follow_ups = list(case.follow_up_visits.order_by("number"))
    if not follow_ups:
        return None
    assignments = {}
    for v in (
        Visit.objects.filter(case=case, follow_up__isnull=False)
        .select_related("assigned_to")
        .order_by("created_at")
    ):
        assignments[v.follow_up_id] = v
    volunteers, _person = volunteers_for_case(case)
    closed = case.phase == "closed"
    rows = []
    for f in follow_ups:
        a = assignments.get(f.pk)
        open_assignment = a is not None and a.status == "assigned"
        rows.append((f, a, f.status != "done" and not closed and not open_assignment))
    return render_to_string(
        "network/case_panel.html",
        {"case": case, "rows": rows, "volunteers": volunteers, "closed": closed},
        request=request,
    )
