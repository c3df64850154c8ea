from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from saphan.orgs.access import require


@login_required
def search(request):
    require(request.user, "audit.view_logs")
    return render(request, "audit/search.html", {})
