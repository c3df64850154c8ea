"""Places of the crime, alleged perpetrators and the case's team (MDT members): the case-page
actions (same page and error handling as every action, actions.case_action), the perpetrator
search across the cases a user may open, and the directory of foreign counterparts and NGOs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saphan.audit.services import log_read, log_reads
from saphan.orgs import access

from .. import forms_crime, selectors, selectors_crime
from ..models import Counterpart
from .common import require_case_role
from .registry import CHANGE, CRIME, Action, Call, is_open

CRIME_PERM = "cases.change_crime"
TEAM_PERM = "cases.add_mdt_member"
MERGE_PERM = "cases.merge_perpetrators"


CRIME_ACTIONS = [
    Action(
        "place",
        gettext_lazy("Record a place of the crime"),
        forms_crime.PlaceForm,
        CHANGE,
        Call(
            "place_add",
            (
                "place_type",
                "setting",
                "country",
                "province",
                "district",
                "description",
                "date_from",
                "date_to",
            ),
            gettext_lazy("The place was recorded."),
        ),
        is_open,
        group=CRIME,
        intro=gettext_lazy(
            "Where the person was recruited, moved through and exploited. One place each time."
        ),
    ),
    Action(
        "perpetrator",
        gettext_lazy("Record an alleged perpetrator"),
        forms_crime.PerpetratorForm,
        CRIME_PERM,
        Call(
            "perpetrator_add",
            (
                "name",
                "aliases",
                "roles",
                "sex",
                "nationality",
                "details",
                "relation_to_victim",
                "relation_details",
                "proceeding",
            ),
            gettext_lazy("The alleged perpetrator was recorded."),
        ),
        is_open,
        group=CRIME,
        intro=gettext_lazy(
            "Search the perpetrators page first: a perpetrator already known in another case is "
            "linked, not recorded twice."
        ),
    ),
    Action(
        "perpetrator-link",
        gettext_lazy("Link a known perpetrator"),
        forms_crime.PerpetratorLinkForm,
        CRIME_PERM,
        Call(
            "perpetrator_link",
            ("perpetrator", "relation_to_victim", "relation_details", "proceeding"),
            gettext_lazy("The perpetrator was linked to this case."),
            denied={
                "perpetrator": gettext_lazy("Find the perpetrator on the perpetrators page first.")
            },
        ),
        is_open,
        group=CRIME,
        select="perpetrator",
        submit=gettext_lazy("Link"),
    ),
    Action(
        "mdt-member",
        gettext_lazy("Add a member of a partner agency"),
        forms_crime.MdtMemberForm,
        TEAM_PERM,
        Call(
            "mdt_member_add",
            ("member", "identity", "note"),
            lambda _access, d: (
                _("%(name)s now works on the case.") % {"name": d["member"].display_name}
            ),
        ),
        is_open,
        group=CRIME,
        submit=gettext_lazy("Add to the case"),
        intro=gettext_lazy(
            "The member sees the case from now on. The person's identity is shown only if you "
            "tick it."
        ),
    ),
    Action(
        "mdt-member-remove",
        gettext_lazy("Remove a member from the case"),
        forms_crime.MdtMemberRemoveForm,
        TEAM_PERM,
        Call(
            "mdt_member_remove",
            ("access", "reason"),
            gettext_lazy("The member left the case; their access ended."),
        ),
        is_open,
        group=CRIME,
        submit=gettext_lazy("Remove"),
    ),
]


# --- perpetrators across cases ----------------------------------------------------------------


def _require_perpetrator_role(user) -> None:
    require_case_role(user)
    if not user.has_role(*access.PERPETRATOR_ROLES):
        raise PermissionDenied("no perpetrator role")


def perpetrator_or_404(request, pk):
    """The perpetrator through the selector; one the user may not see, or a malformed id, is
    answered like one that does not exist."""
    try:
        perpetrator = selectors_crime.perpetrator_get(actor=request.user, pk=pk)
    except ValidationError:
        perpetrator = None
    if perpetrator is None:
        raise Http404("no such perpetrator")
    return perpetrator


@login_required
def perpetrator_search(request):
    """Find a perpetrator by name or alias among the cases the user may open; from a case
    (``?case=<code>``), link the one found to it."""
    user = request.user
    _require_perpetrator_role(user)
    form = forms_crime.PerpetratorSearchForm(request.GET or None)
    rows = []
    if form.is_valid():
        rows = list(selectors_crime.perpetrator_search(actor=user, q=form.cleaned_data["q"]))
        log_reads(actor=user, records=rows, scope="perpetrator_search", path=request.path)
    case = None
    code = request.GET.get("case")
    if code:
        try:
            case = selectors.case_get(actor=user, code=code, path=request.path)
        except PermissionDenied:
            case = None
    if case is not None and not user.has_perm(CRIME_PERM, case):
        case = None
    # From a perpetrator's page, a supervisor looks for the other record of the same person.
    merge_from = None
    if request.GET.get("merge") and user.has_perm(MERGE_PERM):
        try:
            merge_from = selectors_crime.perpetrator_get(actor=user, pk=request.GET["merge"])
        except ValidationError:
            merge_from = None
    return render(
        request,
        "cases/perpetrators.html",
        {
            "form": form, "rows": rows, "case": case, "searched": form.is_valid(),
            "merge_from": merge_from,
        },
    )  # fmt: skip


@login_required
def perpetrator_detail(request, pk):
    user = request.user
    _require_perpetrator_role(user)
    perpetrator = perpetrator_or_404(request, pk)
    log_read(actor=user, record=perpetrator, scope="perpetrator", path=request.path)
    from ..services import perpetrators as perpetrator_services

    return render(
        request,
        "cases/perpetrator.html",
        {
            "p": perpetrator,
            "links": selectors_crime.perpetrator_cases(actor=user, perpetrator=perpetrator),
            "may_change": perpetrator_services.may_change(user, perpetrator),
            "may_merge": user.has_perm(MERGE_PERM),
            "merges": perpetrator_services.merges_visible(user).filter(survivor=perpetrator)[:20],
        },
    )


# --- the directory of foreign counterparts and NGOs -------------------------------------------


@login_required
def counterparts(request):
    require_case_role(request.user)
    rows = Counterpart.objects.filter(is_active=True).order_by("country", "kind", "name_en")
    return render(request, "cases/counterparts.html", {"rows": rows})
