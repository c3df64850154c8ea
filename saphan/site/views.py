from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from saphan.core.today import today_for
from saphan.orgs.roles import ROLE_DUTIES, Role
from saphan.orgs.selectors import jurisdiction_label

from .nav import APPROVALS

# How many entries of each kind the home page shows; the section links to the full list.
HOME_ENTRIES = 5
QUEUE_ENTRIES = 200


@login_required
def home(request):
    user = request.user
    duties = [(Role(r).label, ROLE_DUTIES[Role(r)]) for r in user.roles if r in Role.values]
    sections = today_for(user, limit=HOME_ENTRIES)
    return render(
        request,
        "site/home.html",
        {
            "duties": duties,
            "jurisdiction": jurisdiction_label(user),
            "today": timezone.localtime(),
            "sections": sections,
            "overdue_total": sum(s.overdue for s in sections),
            "approvals_total": sum(s.count for s in sections if s.approval),
            "can_approve": APPROVALS.shown_to(user),
        },
    )


@login_required
def queue(request):
    """Everything waiting for this person's approval, each with approve / send back."""
    user = request.user
    if not APPROVALS.shown_to(user):
        raise PermissionDenied("no approving role")
    sections = today_for(user, limit=QUEUE_ENTRIES, approvals_only=True)
    return render(request, "site/queue.html", {"sections": sections})
