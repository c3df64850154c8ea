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

from .. import forms_crime, selectors, selectors_crime, services
from ..models import Counterpart
from .common import require_case_role
from .registry import CHANGE, CRIME, Action

CRIME_PERM = "cases.change_crime"
TEAM_PERM = "cases.add_mdt_member"
MERGE_PERM = "cases.merge_perpetrators"


def run_place(request, case, d):
    services.place_add(
        actor=request.user, case=case, place_type=d["place_type"], setting=d["setting"],
        country=d["country"], province=d["province"], district=d["district"],
        description=d["description"], date_from=d["date_from"], date_to=d["date_to"],
        expected_version=d["version"],
    )  # fmt: skip
    return _("The place was recorded.")


def run_perpetrator(request, case, d):
    services.perpetrator_add(
        actor=request.user, case=case, name=d["name"], aliases=d["aliases"], roles=d["roles"],
        sex=d["sex"], nationality=d["nationality"], details=d["details"],
        relation_to_victim=d["relation_to_victim"], relation_details=d["relation_details"],
        proceeding=d["proceeding"], expected_version=d["version"],
    )  # fmt: skip
    return _("The alleged perpetrator was recorded.")


def run_perpetrator_link(request, case, d):
    try:
        services.perpetrator_link(
            actor=request.user, case=case, perpetrator=d["perpetrator"],
            relation_to_victim=d["relation_to_victim"], relation_details=d["relation_details"],
            proceeding=d["proceeding"], expected_version=d["version"],
        )  # fmt: skip
    except PermissionDenied:
        raise ValidationError(
            {"perpetrator": _("Find the perpetrator on the perpetrators page first.")}
        ) from None
    return _("The perpetrator was linked to this case.")


def run_mdt_member(request, case, d):
    services.mdt_member_add(
        actor=request.user, case=case, member=d["member"], identity=d["identity"],
        note=d["note"], expected_version=d["version"],
    )  # fmt: skip
    return _("%(name)s now works on the case.") % {"name": d["member"].display_name}


def run_mdt_member_remove(request, case, d):
    services.mdt_member_remove(
        actor=request.user, case=case, access=d["access"], reason=d["reason"],
        expected_version=d["version"],
    )  # fmt: skip
    return _("The member left the case; their access ended.")


CRIME_ACTIONS = [
    Action(
        "place",
        gettext_lazy("Record a place of the crime"),
        forms_crime.PlaceForm,
        CHANGE,
        run_place,
        lambda s: not s.closed,
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
        run_perpetrator,
        lambda s: not s.closed,
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
        run_perpetrator_link,
        lambda s: not s.closed,
        group=CRIME,
        select="perpetrator",
        submit=gettext_lazy("Link"),
    ),
    Action(
        "mdt-member",
        gettext_lazy("Add a member of a partner agency"),
        forms_crime.MdtMemberForm,
        TEAM_PERM,
        run_mdt_member,
        lambda s: not s.closed,
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
        run_mdt_member_remove,
        lambda s: not s.closed,
        group=CRIME,
        submit=gettext_lazy("Remove"),
    ),
]


# --- perpetrators across cases ----------------------------------------------------------------


def _require_perpetrator_role(user) -> None:
    require_case_role(user)
    if not user.has_role(*access.PERPETRATOR_ROLES):
        raise PermissionDenied("no perpetrator role")


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
    try:
        perpetrator = selectors_crime.perpetrator_get(actor=user, pk=pk)
    except ValidationError:
        perpetrator = None
    if perpetrator is None:
        raise Http404("no such perpetrator")
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
