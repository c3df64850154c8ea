"""Approve or send back from the supervisor's queue (the queue page lists what each kind's
``waiting`` selector in approvals.py returns): one POST, one service, back to the queue with a
message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.core.errors import ConflictError

from ..approvals import CLOSURE, IDENTIFICATION, Approval
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


def _decide(kind: Approval):
    """The queue's one-step decision on one kind of approval (approvals.py). Only a row in the
    actor's own queue (``kind.waiting``) is decided: one not in it (another province, already
    decided, not a supervisor) is refused like one that does not exist for them."""

    @require_POST
    @login_required
    def decide(request, pk):
        user, version = request.user, _version(request)
        require_case_role(user)
        item = kind.waiting(actor=user).filter(pk=pk).first()
        if item is None:
            raise PermissionDenied("not waiting for this actor")
        case = item.case
        decision = request.POST.get("decision")
        reason = request.POST.get("reason", "").strip()
        try:
            if decision == "approve":
                kind.approve(user, case, item, version)
                messages.success(request, kind.approved % {"code": case.code})
            elif decision == "send_back":
                kind.send_back(user, case, item, reason, version)
                messages.success(request, kind.sent_back % {"code": case.code})
            else:
                messages.error(request, _("Choose approve or send back."))
        except ConflictError as e:
            messages.error(request, f"{case.code}: {e.message}")
        except ValidationError as e:
            text = " ".join(str(m) for m in e.messages)
            messages.error(request, f"{case.code}: {text}")
        return _back(request, case)

    return decide


identification_decide = _decide(IDENTIFICATION)
closure_decide = _decide(CLOSURE)
