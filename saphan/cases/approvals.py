"""What a provincial supervisor approves or sends back: an identification decision and a closure
request. One row a kind says where it waits, the case form and the queue's one-step decision
that settle it, and how the today page (today.py) and the queue (views/queue.py) speak of it;
both read this table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors, services


@dataclass(frozen=True)
class Approval:
    waiting: Callable[..., Any]  # what waits for the actor (a selector taking actor=)
    section: str  # the today page's section key
    title: Promise  # the today page's section title
    detail: Callable[[Any], str]  # one waiting row, in a line
    when: str  # the row's field that says when it was made
    when_label: Promise
    action: str  # the case form that settles one (views/actions.py)
    decide: str  # the queue's URL name: approve or send back in one step
    approve: Callable[..., Any]  # (actor, case, row, expected_version)
    send_back: Callable[..., Any]  # (actor, case, row, reason, expected_version)
    approved: Promise  # the queue's message after each, with %(code)s
    sent_back: Promise


IDENTIFICATION = Approval(
    waiting=selectors.identifications_waiting,
    section="identification-approvals",
    title=gettext_lazy("Identification decisions to approve"),
    detail=lambda decision: (
        _("Identification decision: %(status)s") % {"status": decision.get_status_display()}
    ),
    when="decided_at",
    when_label=gettext_lazy("Decided"),
    action="identification-approve",
    decide="cases:queue-identification",
    approve=lambda actor, case, decision, version: services.identification_approve(
        actor=actor, case=case, decision=decision, expected_version=version
    ),
    send_back=lambda actor, case, decision, reason, version: services.identification_send_back(
        actor=actor, case=case, decision=decision, reason=reason, expected_version=version
    ),
    approved=gettext_lazy("%(code)s: the identification record was approved."),
    sent_back=gettext_lazy(
        "%(code)s: the identification decision was sent back to the case worker."
    ),
)

CLOSURE = Approval(
    waiting=selectors.closures_waiting,
    section="closure-approvals",
    title=gettext_lazy("Closure requests to decide"),
    detail=lambda closure: (
        _("Closure requested: %(reason)s") % {"reason": closure.get_reason_display()}
    ),
    when="requested_at",
    when_label=gettext_lazy("Requested"),
    action="closure-decide",
    decide="cases:queue-closure",
    approve=lambda actor, case, closure, version: services.closure_decide(
        actor=actor, case=case, closure=closure, approve=True, expected_version=version
    ),
    send_back=lambda actor, case, closure, reason, version: services.closure_decide(
        actor=actor,
        case=case,
        closure=closure,
        approve=False,
        note=reason,
        expected_version=version,
    ),  # fmt: skip
    approved=gettext_lazy("%(code)s: the case was closed."),
    sent_back=gettext_lazy("%(code)s: the closure request was sent back to the case worker."),
)

APPROVALS = (IDENTIFICATION, CLOSURE)
