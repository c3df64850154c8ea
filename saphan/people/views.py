"""Thin views over people/matching.py, services.py and selectors.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from saphan.core.flash import refusal_shown
from saphan.orgs.access import require

from . import selectors, services
from .forms import AccessDecisionForm, AccessRequestForm, DuplicateCheckForm
from .hints import hints_per_hour, query_text, release_hints
from .matching import LOW, find_candidates

CHECK_PERM = "cases.add_case"


@login_required
@require_GET
def duplicate_check(request):
    """A page to try the duplicate check; the intake form will embed the same partial."""
    require(request.user, CHECK_PERM)
    return render(request, "people/check.html", {"form": DuplicateCheckForm()})


@never_cache
@login_required
@require_GET
def candidates(request):
    """The htmx partial of ranked candidates for what has been typed so far.

    Query: ``name`` (repeatable), ``birth_date`` or else ``age``, ``id_number`` (repeatable),
    ``sex`` and ``nationality`` (evidence for the score when known). A field that does
    not read (a half-typed date, an ID with a wrong check digit) is shown as an error and the
    check runs on the rest.
    """
    require(request.user, CHECK_PERM)
    names = [n for n in request.GET.getlist("name") + request.GET.getlist("name_other") if n]
    form = DuplicateCheckForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    numbers = [n for n in request.GET.getlist("id_number") if n.strip()]
    numbers += [n for n in request.GET.getlist("other_number") if n.strip()]
    # A Thai ID that fails its check digit may still be the one typed at an earlier intake
    # with the same mistake: search it as typed, and say that it is not valid.
    found = find_candidates(
        actor=request.user,
        names=names,
        birth_date=data.get("birth_date"),
        age=data.get("age"),
        id_numbers=numbers,
        sex=data.get("sex") or "",
        nationality=data.get("nationality") or "",
        path=request.path,
    )
    errors = [
        error
        for field in ("birth_date", "age", "id_number")
        for error in form.errors.get(field, [])
        if request.GET.get(field, "").strip()
    ]
    # Every hint about a record the worker cannot open is logged, and limited per hour.
    found_shown, withheld = release_hints(
        actor=request.user,
        candidates=found,
        query=query_text(
            names=names, birth_date=data.get("birth_date"), id_numbers=numbers, age=data.get("age")
        ),
        path=request.path,
    )
    # A weak match the worker cannot open is counted, not listed: a request to see it would
    # rarely be worth a supervisor's time, and a long list hides the strong ones.
    weak_hidden = [c for c in found_shown if not c.visible and c.band == LOW]
    return render(
        request,
        "people/_candidates.html",
        {
            "candidates": [c for c in found_shown if c.visible or c.band != LOW],
            "weak_hidden_count": len(weak_hidden),
            "hints_withheld": withheld,
            "hints_per_hour": hints_per_hour(),
            "too_broad": found.too_broad,
            "errors": errors,
            "searched": bool(names or numbers),
            "request_form": AccessRequestForm(),
            # Inside the case's "link a person" form: a visible candidate can be linked.
            "offer_link": request.GET.get("link") == "1",
        },
    )


@login_required
@require_POST
def access_request_new(request):
    """Ask to see a hidden candidate (htmx POST from the candidate list)."""
    require(request.user, CHECK_PERM)
    form = AccessRequestForm(request.POST)
    sent = []
    if form.is_valid():
        try:
            sent = services.access_request_create(
                actor=request.user,
                token=form.cleaned_data["token"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "people/_access_request.html",
        {"form": form, "sent": sent, "token": request.POST.get("token", "")},
        status=200 if form.is_valid() else 400,
    )


@login_required
@require_GET
def access_requests(request):
    """The supervisor's queue of requests to see a person in a case of their province."""
    pending = selectors.access_requests_to_decide(actor=request.user)
    mine = selectors.access_requests_mine(actor=request.user)[:20]
    return render(
        request,
        "people/access_requests.html",
        {
            "pending": pending,
            "mine": mine,
            "form": AccessDecisionForm(),
            "grant_days": services.ACCESS_GRANT_DAYS,
        },
    )


@login_required
@require_POST
def access_request_decision(request, request_id):
    found = selectors.access_request_get_for_decision(actor=request.user, request_id=request_id)
    form = AccessDecisionForm(request.POST)
    if form.is_valid():
        grant = form.cleaned_data["grant"]
        with refusal_shown(request):
            services.access_request_decide(
                actor=request.user, request=found, grant=grant, note=form.cleaned_data["note"]
            )
            if grant:
                messages.success(
                    request,
                    _("Access granted for %(days)s days.") % {"days": services.ACCESS_GRANT_DAYS},
                )
            else:
                messages.info(request, _("Request declined."))
    else:
        messages.error(request, _("Choose grant or decline."))
    return redirect("people:access_requests")
