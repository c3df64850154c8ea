"""Who may see which rows. The only place that decides it (DESIGN.md rule 1).

Every selector of people or cases starts from a queryset returned here; views, templates,
API and exports never query those models directly.

The rules, from DOMAIN.md "Who does what":
- case worker: cases of their agency in their province, and cases assigned or referred to
  them or to their agency; with identity (a referral's identity only where the person's
  consent or a supervisor's override was recorded on it).
- shelter staff: residents of their shelter (an access row of reason shelter_resident).
- MDT member: cases assigned or referred to them or their agency; identity only where the
  access row grants it.
- provincial supervisor: every case in the province, with identity.
- regional officer: no case rows; de-identified aggregates of the region's provinces.
- central officer: no case rows but through an explicit, unexpired need-to-know grant;
  national aggregates.
- knowledge manager, volunteer, youth-council member, system administrator, auditor: no case
  rows at all (a volunteer's visits are their own records, never a case file).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from saphan.core.request_memo import in_read_only_request, remembered

from .roles import Jurisdiction, Role

# Roles that may hold case rows at all. Anyone else gets none, whatever access rows exist.
CASE_ROLES = {
    Role.CASE_WORKER,
    Role.SHELTER_STAFF,
    Role.MDT_MEMBER,
    Role.PROVINCIAL_SUPERVISOR,
    Role.CENTRAL_OFFICER,
}
# Roles whose own province/agency rules include identity.
IDENTITY_ROLES = {Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR, Role.SHELTER_STAFF}


def _model(label: str):
    """A model of an app above orgs, from the app registry: the rules below read cases,
    persons, tips and visits, but orgs stands below those apps and never imports them."""
    return apps.get_model(label)


def _active(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active)


def _live_access_q(prefix: str = "") -> Q:
    now = timezone.now()
    return Q(**{f"{prefix}revoked_at__isnull": True}) & (
        Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": now})
    )


def _access_rows(actor):
    """Access rows that open a case to this actor (to them, or to their agency)."""
    CaseAccess = _model("cases.CaseAccess")
    AccessReason = CaseAccess.Reason

    who = Q(user=actor)
    if actor.agency_id:
        who |= Q(agency_id=actor.agency_id, user__isnull=True)
    rows = CaseAccess.objects.filter(who & _live_access_q())
    # Each role only uses the kinds of access that belong to its work.
    reasons: set[str] = set()
    if actor.has_role(Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR):
        reasons |= {AccessReason.ASSIGNED, AccessReason.REFERRAL}
    if actor.has_role(Role.MDT_MEMBER):
        reasons |= {AccessReason.ASSIGNED, AccessReason.REFERRAL}
    if actor.has_role(Role.SHELTER_STAFF):
        reasons |= {AccessReason.SHELTER_RESIDENT}
    if actor.has_role(Role.CENTRAL_OFFICER, Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR):
        # Only a grant to the person, never to a division or agency as a whole: a central
        # officer's logged need-to-know, or a worker's granted request after a duplicate check.
        rows_ntk = Q(reason=AccessReason.NEED_TO_KNOW, user=actor)
    else:
        rows_ntk = Q(pk__in=[])
    return rows.filter(Q(reason__in=reasons) | rows_ntk)


_NOTHING = Q(pk__in=[])  # no case


def _own_scope_q(actor) -> Q:
    """Cases an actor sees by their role, province and agency alone (no access rows)."""
    q = _NOTHING
    if actor.province_id and actor.has_role(Role.PROVINCIAL_SUPERVISOR):
        q |= Q(province_id=actor.province_id)
    if actor.province_id and actor.agency_id and actor.has_role(Role.CASE_WORKER):
        q |= Q(province_id=actor.province_id, agency_id=actor.agency_id)
    return q


def visible_cases(actor) -> QuerySet:
    """Every case this actor may open."""
    Case = _model("cases.Case")

    # A page leaves out grants inside the actor's scope (once per request); a service keeps
    # the OR rather than pay a query each time it asks.
    parts = _visible_parts(actor, apart=in_read_only_request())
    if parts is None:
        return Case.objects.none()
    own, granted = parts
    return Case.objects.filter(own | Q(pk__in=granted)) if granted else Case.objects.filter(own)


def visible_case_parts(actor) -> list[QuerySet]:
    """``visible_cases`` as disjoint parts, none with an OR of its own scope and its grants:
    a list walks each part's index in its order and merges them (cases.selectors.CaseListing).
    With the OR PostgreSQL reads and sorts every case of the province for one page."""
    Case = _model("cases.Case")

    parts = _visible_parts(actor, apart=True)
    if parts is None:
        return []
    own, granted = parts
    found = [] if own.children == _NOTHING.children else [Case.objects.filter(own)]
    return found + ([Case.objects.filter(pk__in=granted)] if granted else [])


def _visible_parts(actor, *, apart: bool) -> tuple[Q, list] | None:
    """(the actor's own scope, the granted cases), or None: sees no case. ``apart``: only
    the granted cases outside the own scope (one query, remembered for a page)."""
    Case = _model("cases.Case")

    if not _active(actor) or not actor.has_role(*CASE_ROLES):
        return None
    own = _own_scope_q(actor)
    granted = sorted({case_id for case_id, _reason, _identity in _grants(actor)})
    if granted and own.children != _NOTHING.children and apart:
        # A grant to a case the actor sees anyway adds nothing but an OR (see above).
        granted = _memo(
            (actor.pk, "granted-elsewhere"),
            lambda: sorted(
                Case.objects.filter(pk__in=granted).exclude(own).values_list("pk", flat=True)
            ),
        )
    return own, granted


def _grants(actor) -> list[tuple]:
    """The actor's live access rows as (case id, reason, identity), read once per request:
    both the cases they may open and those whose people they may see by name come from them.
    The case ids go into the conditions as a list: "own province OR granted" is then two index
    scans ORed; as a correlated EXISTS PostgreSQL could only filter every case of the nation
    row by row (a supervisor's list at 1,000,000 persons read 8,000 pages instead of 1,200).
    A person's grants are few."""
    return _memo(
        (actor.pk, "grants"),
        lambda: list(
            _access_rows(actor).order_by().values_list("case_id", "reason", "identity").distinct()
        ),
    )


def identity_cases(actor) -> QuerySet:
    """Cases whose people this actor may see by name, document and contact."""
    Case = _model("cases.Case")

    if not _active(actor) or not actor.has_role(*CASE_ROLES):
        return Case.objects.none()
    q = Q(pk__in=[])
    if actor.has_role(*IDENTITY_ROLES):
        q = _own_scope_q(actor)
    return Case.objects.filter(
        q | Q(pk__in=_memo((actor.pk, "identity"), lambda: _identity_granted(actor)))
    )


def _identity_granted(actor) -> list:
    """The case ids whose people an actor may see by name through access rows."""
    # Case workers and shelter staff work with the person: their assignments and shelter stays
    # carry identity. A referral carries it only when the row says so (the person's consent or
    # a supervisor's override was recorded), whoever receives it.
    working: set[str] = set()
    if actor.has_role(Role.CASE_WORKER, Role.SHELTER_STAFF, Role.PROVINCIAL_SUPERVISOR):
        AccessReason = _model("cases.CaseAccess").Reason
        working = {AccessReason.ASSIGNED, AccessReason.SHELTER_RESIDENT}
    return sorted(
        {case_id for case_id, reason, identity in _grants(actor) if identity or reason in working}
    )


def can_view_case(actor, case) -> bool:
    if in_read_only_request():
        # The case in hand was read in this request: visible_cases's rule asked of it.
        return _memo(
            (getattr(actor, "pk", None), "view", case.pk),
            lambda: (
                _active(actor)
                and actor.has_role(*CASE_ROLES)
                and (_in_own_scope(actor, case) or any(row[0] == case.pk for row in _grants(actor)))
            ),
        )
    return visible_cases(actor).filter(pk=case.pk).exists()


def can_see_identity(actor, case) -> bool:
    if in_read_only_request():
        # identity_cases's rule asked of the case in hand (read in this request).
        return _memo(
            (getattr(actor, "pk", None), "see", case.pk),
            lambda: (
                _active(actor)
                and actor.has_role(*CASE_ROLES)
                and (
                    (actor.has_role(*IDENTITY_ROLES) and _in_own_scope(actor, case))
                    or case.pk in _memo((actor.pk, "identity"), lambda: _identity_granted(actor))
                )
            ),
        )
    return identity_cases(actor).filter(pk=case.pk).exists()


# --- answers remembered for one read-only request -------------------------------------------
# A case page asks "may this actor see this case?" a dozen times (actions, panels, people,
# deadlines); within one GET request the answers are remembered (saphan/core/request_memo.py).
_memo = remembered


def visible_persons(actor) -> QuerySet:
    """Persons this actor may see with identity: those linked to a case of identity_cases."""
    Person = _model("people.Person")

    return Person.objects.filter(case_links__case__in=identity_cases(actor)).distinct()


def _in_own_scope(actor, case) -> bool:
    """``_own_scope_q`` asked of a case in hand."""
    if not actor.province_id or case.province_id != actor.province_id:
        return False
    if actor.has_role(Role.PROVINCIAL_SUPERVISOR):
        return True
    return (
        bool(actor.agency_id)
        and actor.has_role(Role.CASE_WORKER)
        and (case.agency_id == actor.agency_id)
    )


def case_scope(actor, case) -> str:
    """Why this actor sees this case, written into the read-access log."""
    return _memo((getattr(actor, "pk", None), "scope", case.pk), lambda: _case_scope(actor, case))


def _case_scope(actor, case) -> str:
    if _in_own_scope(actor, case):
        if actor.has_role(Role.PROVINCIAL_SUPERVISOR) and actor.province_id == case.province_id:
            return f"province:{case.province_id}"
        return f"agency:{actor.agency.code if actor.agency else ''}@province:{case.province_id}"
    row = _access_rows(actor).filter(case_id=case.pk).order_by("created_at").first()
    if row is not None:
        return f"{row.reason}:{row.pk}"
    return "none"


# --- alleged perpetrators --------------------------------------------------------------------
# The people who work the crime: case workers and supervisors of the case, and the MDT members
# (police, labour, immigration...) the case is open to, with or without the victim's identity.
# Never shelter staff for this, nor volunteers, youth councils or anyone without case rows.
PERPETRATOR_ROLES = {Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR, Role.MDT_MEMBER}


def may_see_perpetrators(actor, case) -> bool:
    return _active(actor) and actor.has_role(*PERPETRATOR_ROLES) and can_view_case(actor, case)


def visible_perpetrators(actor) -> QuerySet:
    """Perpetrators linked to at least one case this actor may open, for the roles above."""
    Perpetrator = _model("cases.Perpetrator")

    if not _active(actor) or not actor.has_role(*PERPETRATOR_ROLES):
        return Perpetrator.objects.none()
    PerpetratorLink = _model("cases.PerpetratorLink")
    linked = PerpetratorLink.objects.filter(case__in=visible_cases(actor)).values("perpetrator_id")
    # A record merged into another one (cases/services/perpetrators.py) is shown as the other.
    return Perpetrator.objects.filter(pk__in=linked, merged_into__isnull=True)


def changeable_perpetrators(actor) -> QuerySet:
    """Perpetrators this actor may correct: those linked to an open case the actor may change
    (a perpetrator seen only in closed cases is corrected by reopening one)."""
    Perpetrator = _model("cases.Perpetrator")

    if not _active(actor) or not actor.has_role(*PERPETRATOR_ROLES):
        return Perpetrator.objects.none()
    PerpetratorLink = _model("cases.PerpetratorLink")
    open_cases = visible_cases(actor).exclude(phase="closed")
    linked = PerpetratorLink.objects.filter(case__in=open_cases).values("perpetrator_id")
    return Perpetrator.objects.filter(pk__in=linked, merged_into__isnull=True)


# --- aggregates ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AggregateScope:
    """Which provinces' figures an actor may see, and whether small cells must be suppressed."""

    province_codes: frozenset[str] | None  # None = the whole nation
    suppress_small_cells: bool

    @property
    def is_empty(self) -> bool:
        return self.province_codes is not None and not self.province_codes


def aggregate_scope(actor) -> AggregateScope:
    from saphan.geo.models import Province

    if not _active(actor):
        return AggregateScope(frozenset(), True)
    if actor.has_role(Role.CENTRAL_OFFICER) and actor.jurisdiction == Jurisdiction.NATION:
        return AggregateScope(None, True)
    if actor.has_role(Role.REGIONAL_OFFICER) and actor.region_id:
        codes = frozenset(
            Province.objects.filter(region_id=actor.region_id).values_list("code", flat=True)
        )
        return AggregateScope(codes, True)
    if actor.has_role(Role.PROVINCIAL_SUPERVISOR, Role.CASE_WORKER) and actor.province_id:
        # A province's own staff see their own counts unsuppressed.
        return AggregateScope(frozenset({actor.province_id}), False)
    return AggregateScope(frozenset(), True)


# --- national exports ------------------------------------------------------------------------
def exportable_cases(actor) -> QuerySet:
    """Cases whose de-identified facts a national standard export (HTCDS, CTDC) may carry:
    every case for an active central officer of national jurisdiction, none for anyone else.
    The exports themselves decide what of a case leaves (never a name, a document or contact)."""
    Case = _model("cases.Case")

    if not _active(actor) or not actor.has_role(Role.CENTRAL_OFFICER):
        return Case.objects.none()
    if aggregate_scope(actor).province_codes is not None:
        return Case.objects.none()
    return Case.objects.all()


def exportable_persons(actor) -> QuerySet:
    """The persons of ``exportable_cases``, for the de-identified facts of a national export."""
    Person = _model("people.Person")

    return Person.objects.filter(case_links__case__in=exportable_cases(actor))


# --- permission checks -----------------------------------------------------------------------
def require(actor, perm: str, obj=None) -> None:
    """Raise PermissionDenied unless the rules predicate for ``perm`` allows ``actor``."""
    if not _active(actor) or not actor.has_perm(perm, obj):
        raise PermissionDenied(perm)


# --- network: tips and volunteer visits (saphan/network) ------------------------------------
# A tip is triaged by the case workers and supervisors of the province it happened in; the one
# who sent it sees only its status. A volunteer's visit is seen by the volunteer it is assigned
# to and by the province's staff; it carries only what the visit needs, never the case file.
TRIAGE_ROLES = {Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR}


def triage_tips(actor) -> QuerySet:
    """Tips this actor may read in full and triage: those of their own province."""
    Tip = _model("network.Tip")

    if not _active(actor) or not actor.province_id or not actor.has_role(*TRIAGE_ROLES):
        return Tip.objects.none()
    return Tip.objects.filter(province_id=actor.province_id)


def reported_tips(actor) -> QuerySet:
    """Tips this actor sent (shown with their status only)."""
    Tip = _model("network.Tip")

    if not _active(actor):
        return Tip.objects.none()
    return Tip.objects.filter(reported_by=actor)


def visible_visits(actor) -> QuerySet:
    Visit = _model("network.Visit")

    if not _active(actor):
        return Visit.objects.none()
    q = Q(assigned_to=actor)
    if actor.province_id and actor.has_role(*TRIAGE_ROLES):
        q |= Q(province_id=actor.province_id) | Q(assigned_by=actor)
    return Visit.objects.filter(q)
