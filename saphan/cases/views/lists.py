"""The case list (my cases, province cases) and "my deadlines"."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saphan.core.saved_filters import list_url, register_list, saved_filter_list
from saphan.core.spreadsheets import Table
from saphan.orgs.access import IDENTITY_ROLES
from saphan.orgs.roles import Role

from .. import clocks, selectors
from ..forms import CaseListForm
from ..selectors import CaseFilters
from .common import next_open_deadline, require_case_role

PAGE_SIZE = 25
# With a deadline filter the deadlines of each candidate case are computed by clocks.py; this
# many candidates at most, the most recent first.
DEADLINE_SCAN_LIMIT = 1000


FILTER_FIELDS = ("phase", "deadline", "exploitation", "nationality", "agency")
register_list("cases:list")  # people may save their searches of this list


def more_filtered_any(data) -> bool:
    return any(data.get(k) for k in FILTER_FIELDS)


def _query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()


def _case_filters(user, data) -> CaseFilters:
    """The list's filters from its form's data; the page and its export read them alike.
    "My cases" are the ones a person is the case worker of; MDT members, shelter staff and
    officers with a grant are never that, so their list is everything they may see."""
    owns_cases = user.has_role(Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR)
    default = "mine" if owns_cases and not user.has_role(Role.PROVINCIAL_SUPERVISOR) else "all"
    return CaseFilters(
        scope=(data.get("scope") or default) if owns_cases else "all",
        phase=data.get("phase") or "",
        exploitation=data.get("exploitation") or "",
        nationality=data.get("nationality") or "",
        agency=data.get("agency") or "",
        q=(data.get("q") or "").strip(),
    )


def _export_fields(request, **fixed: str) -> list[tuple[str, str]]:
    """The page's filters as hidden fields of its export form (not the page number)."""
    fields = [(k, v) for k, v in request.GET.items() if k not in ("page", "format", *fixed)]
    return [*fixed.items(), *fields]


def _with_deadline(cases, status: str, *, limit: int) -> list:
    """(case, its first deadline of ``status``) of the first ``limit`` cases with a running
    clock, the soonest due first."""
    from ..tasks import cases_with_running_clocks

    # Only a running clock can be overdue or due soon; clocks.py decides which are.
    scanned = list(cases.filter(pk__in=cases_with_running_clocks().values("pk"))[:limit])
    by_case = clocks.deadlines_for_cases(scanned)
    matches = []
    for case in scanned:
        found = [d for d in by_case[case.pk] if d.status == status]
        if found:
            matches.append((case, found[0]))
    matches.sort(key=lambda row: row[1].due_at)
    return matches


@login_required
def case_list(request):
    user = request.user
    require_case_role(user)
    supervisor = user.has_role(Role.PROVINCIAL_SUPERVISOR)
    form = CaseListForm(request.GET or None, user=user)
    data = form.cleaned_data if form.is_valid() else {}
    owns_cases = user.has_role(Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR)
    filters = _case_filters(user, data)
    scope = filters.scope
    deadline = data.get("deadline") or ""
    if deadline:
        cases = selectors.case_list(actor=user, filters=filters)
        matches = _with_deadline(cases, deadline, limit=DEADLINE_SCAN_LIMIT)
        page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
    else:
        listing = selectors.CaseListing(actor=user, filters=filters)
        page = Paginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
        on_page = list(page.object_list)
        by_case = clocks.deadlines_for_cases(on_page)
        rows = [(case, next_open_deadline(by_case[case.pk])) for case in on_page]
    names = selectors.victim_names(actor=user, cases=[case for case, _d in rows], path=request.path)
    rows = [(case, d, names.get(case.pk, "")) for case, d in rows]
    # Nothing of the actor's own matches a search: say how many of all the cases they may
    # open do, one click away.
    elsewhere = 0
    if not rows and scope == "mine" and (filters.q or more_filtered_any(data)):
        elsewhere = selectors.case_list(
            actor=user, filters=dataclasses.replace(filters, scope="all")
        ).count()
    tab_query = _query_without(request, "scope")
    more_filtered = any(
        data.get(k) for k in ("phase", "deadline", "exploitation", "nationality", "agency")
    )
    return render(
        request,
        "cases/list.html",
        {
            "form": form,
            "scope": scope,
            "supervisor": supervisor,
            "owns_cases": owns_cases,
            "rows": rows,
            "page": page,
            "query": _query_without(request),
            "tab_query": tab_query,
            "filtered": bool(data.get("q")) or more_filtered,
            "more_filtered": more_filtered,
            "can_add": user.has_perm("cases.add_case"),
            "has_nationality": "nationality" in form.fields,
            "elsewhere": elsewhere,
            "show_names": bool(names) or user.has_role(*IDENTITY_ROLES),
            "saved_filters": [
                (saved, list_url(saved))
                for saved in saved_filter_list(actor=user, page="cases:list")
            ],
            "saved_page": "cases:list",
            "export_fields": _export_fields(request, scope=scope),
        },
    )


@login_required
def my_deadlines(request):
    require_case_role(request.user)
    rows = selectors.my_deadlines(actor=request.user)
    return render(request, "cases/deadlines.html", {"rows": rows})


def _due(d) -> dt.date | dt.datetime:
    """When a deadline is due, as a date cell: an all-day one as its day (never 00:00 of the
    next), any other as its time."""
    return d.due_day if d.all_day else d.due_at


@login_required
@require_POST
def my_deadlines_export(request):
    """The deadlines list as the page shows it (the same selector, the same order). It holds
    case codes and deadlines, no one's name: the file itself, its export in the read log."""
    from saphan.audit.views import list_export

    user = request.user
    require_case_role(user)
    rows = selectors.my_deadlines(actor=user)
    table = Table(
        name="deadlines",
        header=[_("Case code"), _("Phase"), _("Province"), _("Deadline"), _("Due"),
                _("Deadline status")],
        rows=[
            [case.code, str(case.get_phase_display()), str(case.province), str(d.label),
             _due(d), str(d.status_label)]
            for case, d in rows
        ],
    )  # fmt: skip
    supervisor = user.has_role(Role.PROVINCIAL_SUPERVISOR)
    return list_export(
        request,
        table=table,
        fmt=request.POST.get("format"),
        kind="deadlines",
        file_stem="saphan-deadlines",
        personal=False,
        scope=f"province:{user.province_id}" if supervisor else "deadlines:mine",
    )


# The export carries at most this many cases (the most recent first); the page says so.
EXPORT_LIMIT = 20000


@login_required
@require_POST
def case_list_export(request):
    """The list the user sees (same filters, same scope) as XLSX or CSV in an encrypted ZIP;
    the password is shown once on the next page and the file comes from a one-time link."""
    from django.utils import timezone

    from saphan.audit.views import list_export

    user = request.user
    require_case_role(user)
    form = CaseListForm(request.POST or None, user=user)
    data = form.cleaned_data if form.is_valid() else {}
    filters = _case_filters(user, data)
    cases = selectors.case_list(actor=user, filters=filters)
    deadline = data.get("deadline") or ""
    if deadline:  # as the list: only cases with a deadline of that status, soonest first
        picked = _with_deadline(cases, deadline, limit=EXPORT_LIMIT)
    else:
        listed = list(cases[:EXPORT_LIMIT])
        by_case = clocks.deadlines_for_cases(listed)
        picked = [(case, next_open_deadline(by_case[case.pk])) for case in listed]
    # the victim's name only where the list shows it to this person (and logged as read)
    names = selectors.victim_names(actor=user, cases=[c for c, _d in picked], path=request.path)
    show_names = bool(names) or user.has_role(*IDENTITY_ROLES)
    header = [
        _("Case code"), *([_("Victim")] if show_names else []), _("Phase"), _("Province"),
        _("Owning agency"), _("Case worker"), _("Opened"), _("Types of exploitation"),
        _("Next deadline"), _("Due"), _("Deadline status"),
    ]  # fmt: skip
    rows = [
        [
            c.code,
            *([names.get(c.pk, "")] if show_names else []),
            str(c.get_phase_display()),
            str(c.province),
            str(c.agency or ""),
            c.case_worker.display_name if c.case_worker else "",
            c.opened_at.astimezone(timezone.get_current_timezone()).date() if c.opened_at else "",
            ", ".join(c.exploitation_types or []),
            str(d.label) if d else "",
            _due(d) if d else "",
            str(d.status_label) if d else "",
        ]  # fmt: skip
        for c, d in picked
    ]
    return list_export(
        request,
        table=Table(name="cases", header=header, rows=rows),
        fmt=request.POST.get("format"),
        kind="case_list",
        file_stem="saphan-cases",
        personal=True,
        scope=f"cases:{filters.scope}",
        detail=_filter_text(filters),
        back_url=reverse("cases:list"),
        title=_("Cases"),
    )


def _filter_text(filters: CaseFilters) -> str:
    parts = [f"{k}={v}" for k, v in vars(filters).items() if v not in ("", None, False)]
    return " ".join(parts)
