from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from saphan.orgs.access import require

from .forms import LogSearchForm
from .selectors import LogFilters, change_log, read_log, usernames_by_id

PAGE_SIZE = 50


@login_required
def search(request):
    """The auditor's page: search who saw and who changed each record."""
    require(request.user, "audit.view_logs")
    form = LogSearchForm(request.GET or None)
    kind = "reads"
    filters = LogFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        kind = d.get("kind") or "reads"
        filters = LogFilters(
            username=d.get("username") or "",
            record=d.get("record") or "",
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
        )
    if kind == "changes":
        qs = change_log(actor=request.user, filters=filters)
    else:
        qs = read_log(actor=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    names = {}
    if kind == "changes":
        names = usernames_by_id((e.pgh_context or {}).get("user") for e in page.object_list)
        for e in page.object_list:
            e.actor_name = names.get(str((e.pgh_context or {}).get("user")), "")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {"form": form, "kind": kind, "page": page, "query": query.urlencode()},
    )
