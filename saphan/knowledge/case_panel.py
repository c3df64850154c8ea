"""The knowledge panel on the case page: the current stage's checklist, the law that governs
it and the good practices that match the case. No personal data: nationalities are used to
rank practices, never shown."""

from __future__ import annotations

from django.template.loader import render_to_string

from saphan.cases.process import Phase

from . import selectors


def render(*, request, case) -> str | None:
    if case.phase == Phase.CLOSED:
        return None
    return render_to_string(
        "knowledge/case_panel.html",
        {
            "case": case,
            "checklist": selectors.checklist_for_case(case=case),
            "law_sections": list(selectors.law_for_phase(case.phase)),
            "practices": selectors.suggested_practices(actor=request.user, case=case),
            "can_tick": request.user.has_perm("cases.change_case", case),
        },
        request=request,
    )
