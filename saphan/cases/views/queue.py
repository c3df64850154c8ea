"""Approve or send back from the supervisor's queue (the queue page lists what
selectors.identifications_waiting / closures_waiting return): one POST, one service, back to
the queue with a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.core.errors import ConflictError

from .. import selectors, services
from .common import require_case_role


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _back(request, case):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("cases:detail", code=case.code)


def _decide(request, *, waiting, approve, send_back, done_approve, done_back):
    """``waiting`` is the actor's own queue: a row not in it (another province, already decided,
    not a supervisor) is refused like one that does not exist for them."""
    require_case_role(request.user)
    item = waiting.filter(pk=request.resolver_match.kwargs["pk"]).first()
    if item is None:
        raise PermissionDenied("not waiting for this actor")
    case = item.case
    decision = request.POST.get("decision")
    reason = request.POST.get("reason", "").strip()
    try:
        if decision == "approve":
            approve(item, case)
            messages.success(request, done_approve % {"code": case.code})
        elif decision == "send_back":
            send_back(item, case, reason)
            messages.success(request, done_back % {"code": case.code})
        else:
            messages.error(request, _("Choose approve or send back."))
    except ConflictError as e:
        messages.error(request, f"{case.code}: {e.message}")
    except ValidationError as e:
        text = " ".join(str(m) for m in e.messages)
        messages.error(request, f"{case.code}: {text}")
    return _back(request, case)


@require_POST
@login_required
def identification_decide(request, pk):
    user, version = request.user, _version(request)
    return _decide(
        request,
        waiting=selectors.identifications_waiting(actor=user),
        approve=lambda d, case: services.identification_approve(
            actor=user, case=case, decision=d, expected_version=version
        ),
        send_back=lambda d, case, reason: services.identification_send_back(
            actor=user, case=case, decision=d, reason=reason, expected_version=version
        ),
        done_approve=_("%(code)s: the identification record was approved."),
        done_back=_("%(code)s: the identification decision was sent back to the case worker."),
    )


@require_POST
@login_required
def closure_decide(request, pk):
    user, version = request.user, _version(request)
    return _decide(
        request,
        waiting=selectors.closures_waiting(actor=user),
        approve=lambda c, case: services.closure_decide(
            actor=user, case=case, closure=c, approve=True, expected_version=version
        ),
        send_back=lambda c, case, reason: services.closure_decide(
            actor=user, case=case, closure=c, approve=False, note=reason, expected_version=version
        ),
        done_approve=_("%(code)s: the case was closed."),
        done_back=_("%(code)s: the closure request was sent back to the case worker."),
    )
