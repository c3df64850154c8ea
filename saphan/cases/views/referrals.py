"""Referrals waiting for the receiving agency's answer: the list and the answer page.

The receiving agency sees the referral (case code, sender, reason, what identity comes with it),
never the case, until it accepts; on acceptance orgs/access.py opens the case to it.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from saphan.core.errors import ConflictError
from saphan.orgs.roles import Role

from .. import clocks, selectors, services
from ..forms import ReferralAnswerForm, validation_errors_to_form
from .common import require_case_role

# The receiving agency's people: a referral to the police is answered by the police.
ANSWER_ROLES = (Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR, Role.MDT_MEMBER)


def _require_answer_role(user) -> None:
    require_case_role(user)
    if not user.has_role(*ANSWER_ROLES):
        raise PermissionDenied("only the receiving agency's staff answer referrals")


def _with_deadline(referral, *, now, soon):
    """The referral and its answer deadline (clocks.py), for the list and the answer page."""
    referral.due_at = clocks.referral_deadline(referral)
    referral.deadline_view = clocks.Deadline(
        kind="referral_response",
        label="",
        due_at=referral.due_at,
        status=clocks.status_of(referral.due_at, now=now, done=False, soon=soon),
    )
    return referral


def _deadline_context():
    now = timezone.now()
    return {"now": now, "soon": clocks.add(now, "referral_response_due_soon") - now}


@login_required
def referrals_waiting(request):
    user = request.user
    _require_answer_role(user)
    when = _deadline_context()
    rows = [_with_deadline(r, **when) for r in selectors.referrals_waiting(actor=user)]
    for row in rows:
        row.form_key = uuid.uuid4()  # each accept button is its own one-time form
    return render(request, "cases/referrals.html", {"rows": rows, "agency": user.agency})


def _already_sent(request) -> bool:
    """A second submit of an answer that was saved: the referral is no longer waiting."""
    from ..models import SubmissionKey

    key = request.POST.get("submission_key")
    try:
        return bool(key) and SubmissionKey.objects.filter(key=key, user=request.user).exists()
    except ValidationError:  # not a UUID
        return False


@login_required
def referral_answer(request, pk):
    user = request.user
    _require_answer_role(user)
    try:
        referral = selectors.referral_waiting_get(actor=user, referral_id=pk)
    except PermissionDenied:
        if request.method == "POST" and _already_sent(request):
            messages.info(request, _("This form was already saved; nothing was saved twice."))
            return redirect("cases:referrals")
        raise Http404("no such referral waiting") from None
    if not user.has_perm("cases.answer_referral", referral):
        raise PermissionDenied("cases.answer_referral")
    conflict = ""
    if request.method == "POST":
        form = ReferralAnswerForm(request.POST, referral=referral)
        if form.is_valid():
            d = form.cleaned_data
            accept = d["answer"] == "accept"
            try:
                submitted = services.submit_once(
                    actor=user,
                    key=d.get("submission_key"),
                    write=lambda: services.referral_answer(
                        actor=user,
                        referral=referral,
                        accept=accept,
                        decline_reason=d["decline_reason"],
                        expected_version=d["version"],
                    ),
                )
                if not submitted.done:
                    messages.info(
                        request, _("This form was already saved; nothing was saved twice.")
                    )
                    return redirect("cases:referrals")
            except ConflictError as e:
                referral = selectors.referral_waiting_get(actor=user, referral_id=pk)
                data = request.POST.copy()
                data["version"] = str(referral.case.version)
                form = ReferralAnswerForm(data, referral=referral)
                form.is_valid()
                conflict = str(e.message)
            except ValidationError as e:
                validation_errors_to_form(form, e)
            else:
                if accept:
                    messages.success(
                        request,
                        _("You accepted the referral: the case is now open to your agency."),
                    )
                    return redirect("cases:detail", code=referral.case.code)
                messages.success(request, _("You declined the referral; the sender is told why."))
                return redirect("cases:referrals")
    else:
        answer = request.GET.get("answer")
        form = ReferralAnswerForm(
            referral=referral,
            initial={"answer": answer} if answer in {"accept", "decline"} else None,
        )
    _with_deadline(referral, **_deadline_context())
    return render(
        request,
        "cases/referral_answer.html",
        {"referral": referral, "form": form, "conflict": conflict},
    )
