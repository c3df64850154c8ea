from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from saphan.orgs.roles import ROLE_DUTIES, Role
from saphan.orgs.selectors import jurisdiction_label


@login_required
def home(request):
    user = request.user
    duties = [(Role(r).label, ROLE_DUTIES[Role(r)]) for r in user.roles if r in Role.values]
    return render(
        request,
        "site/home.html",
        {
            "duties": duties,
            "jurisdiction": jurisdiction_label(user),
            "today": timezone.localtime(),
        },
    )
