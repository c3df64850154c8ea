"""Deadline alerts: a periodic task raises an in-app alert, once, for the case worker and the
province's supervisors whenever a clock of clocks.py becomes due soon or overdue."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from procrastinate.contrib.django import app

from saphan.core.services import alert_write
from saphan.orgs.roles import Role

from . import clocks
from .models import Case
from .process import OPEN_PHASES

log = logging.getLogger(__name__)
LEVEL = {clocks.DeadlineStatus.OVERDUE: "danger", clocks.DeadlineStatus.DUE_SOON: "warning"}


def cases_with_running_clocks():
    """Only open cases that have a clock that can still fire: far fewer than all cases.

    The parallel tracks count while they are open: a s.37 permission (it may near its end or
    have ended unrenewed), a compensation order (it may be unpaid), a follow-up visit not done,
    a referral not answered. Each is an EXISTS, so the case list does not multiply by rows.
    """
    from .models import CompensationOrder, FollowUpVisit, Referral, StayPermit

    case = OuterRef("pk")
    return (
        Case.objects.filter(phase__in=OPEN_PHASES)
        .filter(
            Q(custody__isnull=False, custody__ended_at__isnull=True)
            | Q(temporary_protections__isnull=False, temporary_protections__ended_at__isnull=True)
            | Q(Exists(StayPermit.objects.filter(case=case)))
            | Q(Exists(CompensationOrder.objects.filter(claim__case=case)))
            | Q(Exists(FollowUpVisit.objects.filter(case=case).exclude(status="done")))
            | Q(Exists(Referral.objects.filter(case=case, answered_at__isnull=True)))
        )
        .distinct()
    )


def _message_for(case, deadline, language: str, *, now, cache: dict) -> str:
    """The alert text in the reader's language: labels are made in the active language, so the
    case's deadlines are computed again under it (once per case and language)."""
    key = (case.pk, language)
    with translation.override(language):
        if key not in cache:
            cache[key] = {(d.kind, d.subject_id): d for d in clocks.case_deadlines(case, now=now)}
        localized = cache[key].get((deadline.kind, deadline.subject_id), deadline)
        return f"{case.code}: {localized.label} — {localized.status_label} ({localized.due_text})"


def raise_deadline_alerts(*, now=None) -> int:
    """Create the alerts that are due; returns how many were created."""
    now = now or timezone.now()
    User = get_user_model()
    supervisors: dict[str, list] = {}
    receivers: dict[object, list] = {}
    created = 0
    labels: dict = {}
    running = list(cases_with_running_clocks().select_related("case_worker"))
    computed = {}
    for start in range(0, len(running), 500):  # a fixed number of queries per 500 cases
        computed.update(clocks.deadlines_for_cases(running[start : start + 500], now=now))
    for case in running:
        for deadline in computed[case.pk]:
            if deadline.status not in LEVEL:
                continue
            if case.province_id not in supervisors:
                supervisors[case.province_id] = list(
                    User.objects.filter(
                        is_active=True,
                        province_id=case.province_id,
                        roles__contains=[Role.PROVINCIAL_SUPERVISOR],
                    )
                )
            people = {u.pk: u for u in supervisors[case.province_id]}
            if case.case_worker_id:
                people[case.case_worker_id] = case.case_worker
            if to_agency_id := deadline.extra.get("to_agency_id"):
                # An unanswered referral is the receiving agency's to answer: its supervisors too.
                if to_agency_id not in receivers:
                    receivers[to_agency_id] = list(
                        User.objects.filter(
                            is_active=True,
                            agency_id=to_agency_id,
                            roles__contains=[Role.PROVINCIAL_SUPERVISOR],
                        )
                    )
                people.update({u.pk: u for u in receivers[to_agency_id]})
            for user in people.values():
                message = _message_for(case, deadline, user.language or "th", now=now, cache=labels)
                made = alert_write(
                    user=user, key=f"{deadline.kind}:{deadline.subject_id}:{deadline.status}:{user.pk}",
                    kind=deadline.kind, level=LEVEL[deadline.status], message=message,
                    due_at=deadline.due_at, link=reverse("cases:detail", args=[case.code]),
                )  # fmt: skip
                created += made
    if created:
        log.info("raised %d deadline alerts", created)
    return created


@app.periodic(cron="*/5 * * * *", periodic_id="deadline_alerts")
@app.task(queue="default", pass_context=False)
def deadline_alerts(timestamp: int | None = None) -> None:
    raise_deadline_alerts()


@app.task(queue="default", pass_context=False, queueing_lock="demo_cases")
def demo_cases_top_up(target: int) -> None:
    """Fill the demo up to ``target`` synthetic cases in the background, so `make run` serves at
    once and the lists and dashboards fill within minutes (each case goes through the services)."""
    from .demo import ensure_demo_cases

    made = ensure_demo_cases(target=target)
    log.info("demo: %d synthetic cases added", made)
