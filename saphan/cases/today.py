"""What the case work asks of a person today (saphan.core.today): deadlines, referrals to answer,
identification decisions and closures to approve. Each entry opens the form that settles it."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.core.today import (
    DUE_SOON,
    OVERDUE,
    WAITING,
    Provider,
    TodayEntry,
    TodaySection,
    register_today,
    waiting_section,
)
from saphan.orgs.roles import Role

from . import clocks, selectors
from .approvals import CLOSURE, IDENTIFICATION, Approval

# The case action whose form settles each kind of deadline (cases/views/actions.py, tracks.py),
# and the form's ``select`` field when the deadline names one record.
DEADLINE_FORM = {
    "screening_custody": ("custody-end", None),
    "temporary_protection": ("identification", None),
    "permit_expiry": ("stay-permit", None),
    "compensation_unpaid": ("compensation-payment", None),
    "follow_up": ("follow-up", "visit"),
}


def deadline_url(case, deadline) -> str:
    """The form that settles ``deadline`` of ``case``; the case page when no one form does
    (a referral's answer is the receiving agency's)."""
    slug, select = DEADLINE_FORM.get(deadline.kind, (None, None))
    if slug is None:
        return reverse("cases:detail", args=[case.code])
    url = reverse("cases:action", args=[case.code, slug])
    if select and deadline.subject_id:
        url += f"?{select}={deadline.subject_id}"
    return url


def deadlines(user, *, limit: int) -> TodaySection | None:
    if not user.has_role(Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR):
        return None
    pressing = [
        (case, d)
        for case, d in selectors.my_deadlines(actor=user)
        if d.status in (clocks.DeadlineStatus.OVERDUE, clocks.DeadlineStatus.DUE_SOON)
    ]
    overdue = sum(1 for _c, d in pressing if d.status == clocks.DeadlineStatus.OVERDUE)
    entries = [
        TodayEntry(
            title=case.code,
            detail=d.label,
            url=deadline_url(case, d),
            when=d.due_day if d.all_day else d.due_at,
            all_day=d.all_day,
            when_label=_("Due"),
            urgency=OVERDUE if d.status == clocks.DeadlineStatus.OVERDUE else DUE_SOON,
            status_label=d.status_label,
        )
        for case, d in pressing[:limit]
    ]
    return TodaySection(
        key="deadlines",
        title=_("Deadlines overdue or due soon"),
        count=len(pressing),
        overdue=overdue,
        entries=entries,
        more_url=reverse("cases:deadlines"),
        more_label=_("All my deadlines"),
    )


def referrals(user, *, limit: int) -> TodaySection | None:
    qs = selectors.referrals_waiting(actor=user)
    count = qs.count()
    if not count:
        return None
    now = timezone.now()
    soon = clocks.add(now, "referral_response_due_soon") - now
    entries, overdue = [], 0
    for referral in qs[:limit]:
        due = clocks.referral_deadline(referral)
        status = clocks.status_of(due, now=now, done=False, soon=soon)
        overdue += status == clocks.DeadlineStatus.OVERDUE
        entries.append(
            TodayEntry(
                title=referral.case.code,
                detail=_("Referred by %(agency)s") % {"agency": referral.from_agency},
                url=reverse("cases:referral-answer", args=[referral.pk]),
                when=due,
                when_label=_("Answer due"),
                urgency={
                    clocks.DeadlineStatus.OVERDUE: OVERDUE,
                    clocks.DeadlineStatus.DUE_SOON: DUE_SOON,
                }.get(status, WAITING),
                status_label=str(clocks.STATUS_LABELS[status]),
            )
        )
    return TodaySection(
        key="referrals",
        title=_("Referrals to answer"),
        count=count,
        overdue=overdue,
        entries=entries,
        more_url=reverse("cases:referrals"),
        more_label=_("All referrals waiting"),
    )


def _approvals(kind: Approval) -> Provider:
    """The section of one kind of case decision to approve (approvals.py): each entry opens the
    case's form for it (``kind.action``) and is decided in one step from the queue page
    (``kind.decide``)."""

    def section(user, *, limit: int) -> TodaySection | None:
        return waiting_section(
            kind.waiting(actor=user),
            limit=limit,
            entry=lambda row: TodayEntry(
                title=row.case.code,
                detail=kind.detail(row),
                url=reverse("cases:action", args=[row.case.code, kind.action]),
                decide_url=reverse(kind.decide, args=[row.pk]),
                version=row.case.version,
                when=getattr(row, kind.when),
                when_label=str(kind.when_label),
                urgency=WAITING,
            ),
            key=kind.section,
            title=str(kind.title),
            approval=True,
        )

    return section


identification_approvals = _approvals(IDENTIFICATION)
closure_approvals = _approvals(CLOSURE)


register_today(deadlines, place=10)
register_today(referrals, place=20)
register_today(identification_approvals, place=30)
register_today(closure_approvals, place=31)
