from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from saphan.core import spreadsheets
from saphan.core.spreadsheets import export_format
from saphan.orgs.access import require

from . import sealed, wording
from .forms import LogSearchForm
from .models import Outcome
from .selectors import LogFilters, change_log, read_log
from .services import check_chain, log_event, log_reads

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
            # "กรณี" (as the page shows a record type) is searched as "cases.case"
            record=wording.model_label_for(d.get("record") or "") or d.get("record") or "",
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
    rows = list(page.object_list)
    page.object_list = wording.word_changes(rows) if kind == "changes" else wording.word_reads(rows)
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


def list_export(
    request,
    *,
    table: spreadsheets.Table,
    fmt: str,
    kind: str,
    file_stem: str,
    personal: bool,
    scope: str,
    detail: str = "",
    records: Iterable = (),
    back_url: str = "",
    title: str = "",
) -> HttpResponse:
    """A list as the user sees it, taken away as XLSX or CSV (``fmt``). The caller has checked
    that the user may see these rows and built them through its selectors.

    With personal data (``personal``: names, phone numbers, addresses, what a tip says) the file
    is sealed: an AES-256 ZIP whose password is shown once on the page returned, each record in
    ``records`` is written to the read log as read, and the export itself too. Without, the
    file is the answer, and the export is still written to the read log."""
    from django.utils import timezone

    stamp = timezone.localdate().strftime("%Y%m%d")
    inner_name, data = spreadsheets.table_file(table, fmt)
    rows = len(table.rows)
    if personal:
        with transaction.atomic():  # the export and the reads it made, or neither
            export, password = sealed.seal(
                actor=request.user,
                kind=kind,
                file_name=f"{file_stem}-{stamp}.zip",
                files={inner_name: data},
                rows=rows,
                scope=scope,
                detail=detail,
                path=request.path,
            )
            log_reads(
                actor=request.user,
                records=records,
                scope=f"export:{kind}",
                purpose=f"export {export.pk}",
                path=request.path,
            )
        return render_sealed(request, export, password, back_url=back_url, title=title)
    file_name = f"{file_stem}-{stamp}.{inner_name.rsplit('.', 1)[-1]}"
    log_event(
        actor=request.user,
        outcome=Outcome.EXPORT,
        record_type=f"export:{kind}",
        record_label=file_name,
        scope=scope or kind,
        purpose=(f"rows={rows} " + detail).strip(),
        path=request.path,
    )
    response = HttpResponse(data, content_type=spreadsheets.CONTENT_TYPES[export_format(fmt)])
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    add_never_cache_headers(response)
    return response


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
