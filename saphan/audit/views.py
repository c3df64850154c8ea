from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from saphan.orgs.access import require

from . import sealed
from .forms import LogSearchForm
from .models import Outcome
from .selectors import LogFilters, change_log, read_log, usernames_by_id
from .services import check_chain, log_event

PAGE_SIZE = 50


@never_cache
@login_required
def search(request):
    """The auditor's page: search who saw and who changed each record. The search itself is
    written to the read log: the auditors are audited too."""
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
            outcome=d.get("outcome") or "",
        )
    log_event(
        actor=request.user,
        outcome=Outcome.SEARCH,
        record_type=f"audit:{kind}",
        record_id=filters.record,
        scope="audit",
        purpose=request.GET.urlencode(),
        path=request.path,
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


@never_cache
@login_required
def verify(request):
    """Auditors: walk the whole read log's hash chain (on request: POST) and say whether it
    holds, and where it breaks."""
    require(request.user, "audit.view_logs")
    result = None
    if request.method == "POST":
        result = check_chain()
        log_event(
            actor=request.user,
            outcome=Outcome.SEARCH,
            record_type="audit:verify",
            record_id=str(result.broken_id or ""),
            scope="audit",
            purpose="intact" if result.intact else f"broken:{result.reason}",
            path=request.path,
        )
    return render(request, "audit/verify.html", {"result": result})


def render_sealed(request, export, password: str, *, back_url: str = "", title: str = ""):
    """The page that shows a sealed export's password once, with its one-time link."""
    return never_cache(
        lambda r: render(
            r,
            "audit/sealed_ready.html",
            {
                "export": export,
                "password": password,
                "back_url": back_url,
                "title": title,
                "minutes": sealed.link_minutes(),
            },
        )
    )(request)


@never_cache
@login_required
def download(request, pk):
    """The one-time link of a sealed export: its maker only, once, before it expires."""
    try:
        export, data = sealed.take(actor=request.user, export_id=pk)
    except Http404:
        return render(request, "audit/sealed_gone.html", status=404)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, export.file_name)
    return response
