"""Reads of the crime in the case file, scoped by orgs/access.py; every perpetrator shown is
written to the read-access log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Greatest, Upper
from django.utils import timezone

from saphan.audit.services import log_reads
from saphan.orgs import access
from saphan.orgs.models import AgencyKind
from saphan.orgs.roles import Role

from .models import AccessReason, Case, CaseAccess, Perpetrator, PerpetratorLink, TraffickingPlace
from .presence import may_hold

if TYPE_CHECKING:
    from uuid import UUID

    from saphan.orgs.models import User

# Below this trigram likeness a name is not offered as "the same perpetrator".
SIMILARITY = 0.3


@dataclass
class CaseCrime:
    places: list
    perpetrators: list  # PerpetratorLink rows of this case, with their perpetrator
    may_see_perpetrators: bool
    members: list


def case_crime(*, actor: User, case: Case, path: str = "") -> CaseCrime:
    """What the case page shows of places, perpetrators and the team. The case was opened
    through the case selector already (the actor may see it)."""
    places = []
    if may_hold(case, TraffickingPlace):  # one question per page for every kind of record
        places = list(
            TraffickingPlace.objects.filter(case=case)
            .select_related("province", "district")
            .order_by("place_type", "date", "created_at")
        )
    allowed = access.may_see_perpetrators(actor, case)
    links = []
    if allowed and may_hold(case, PerpetratorLink):
        links = list(
            PerpetratorLink.objects.filter(case=case, perpetrator__merged_into__isnull=True)
            .select_related("perpetrator", "proceeding")
            .order_by("created_at")
        )
        others = dict(
            PerpetratorLink.objects.filter(perpetrator__in=[x.perpetrator_id for x in links])
            .exclude(case=case)
            .values("perpetrator_id")
            .annotate(n=Count("id"))
            .values_list("perpetrator_id", "n")
        )
        for link in links:
            link.other_cases = others.get(link.perpetrator_id, 0)
        log_reads(
            actor=actor, records=[x.perpetrator for x in links],
            scope=access.case_scope(actor, case), purpose="case_page", path=path,
        )  # fmt: skip
    return CaseCrime(
        places=places, perpetrators=links, may_see_perpetrators=allowed,
        members=list(mdt_members(case)) if may_hold(case, CaseAccess) else [],
    )  # fmt: skip


def perpetrator_search(*, actor: User, q: str) -> QuerySet:
    """Perpetrators the actor may see whose name or an alias is like ``q`` (pg_trgm), most
    alike first."""
    q = (q or "").strip()
    qs = access.visible_perpetrators(actor)
    if not q:
        return qs.none()
    upper = q.upper()
    return (
        qs.annotate(
            likeness=Greatest(
                TrigramSimilarity(Upper("name"), upper), TrigramSimilarity(Upper("aliases"), upper)
            )
        )
        .filter(Q(likeness__gte=SIMILARITY) | Q(name__icontains=q) | Q(aliases__icontains=q))
        .order_by("-likeness", "name")[:50]
    )


def perpetrator_cases(*, actor: User, perpetrator: Perpetrator) -> list:
    """The cases of a perpetrator the actor may open (others stay unnamed)."""
    return list(
        PerpetratorLink.objects.filter(
            perpetrator=perpetrator, case__in=access.visible_cases(actor)
        )
        .select_related("case", "proceeding")
        .order_by("created_at")
    )


def perpetrator_get(*, actor: User, pk: UUID | str) -> Perpetrator | None:
    return access.visible_perpetrators(actor).filter(pk=pk).first()


# --- every agency at the table ---------------------------------------------------------------
# Agencies whose members sit on a case's multidisciplinary team from outside the ministry.
PARTNER_KINDS = {
    AgencyKind.POLICE,
    AgencyKind.LABOUR_PROTECTION,
    AgencyKind.EMPLOYMENT,
    AgencyKind.PUBLIC_HEALTH,
    AgencyKind.IMMIGRATION,
    AgencyKind.NGO,
    AgencyKind.OTHER,
}


def mdt_candidates(case: Case) -> QuerySet[User]:
    """Members of partner agencies who may be added to the case's team: active MDT members of a
    partner agency in the case's province or of a national or regional one."""
    User = get_user_model()
    return (
        User.objects.filter(
            is_active=True, roles__contains=[Role.MDT_MEMBER], agency__kind__in=PARTNER_KINDS,
            agency__is_active=True,
        )
        .filter(agency__province_id__in=[case.province_id, None])
        .select_related("agency")
        .order_by("agency__kind", "agency__name_th", "first_name", "username")
    )  # fmt: skip


def mdt_members(case: Case) -> QuerySet[CaseAccess]:
    """The live MDT-member access rows of a case (added by a supervisor)."""
    now = timezone.now()
    return (
        CaseAccess.objects.filter(
            case=case, reason=AccessReason.ASSIGNED, revoked_at__isnull=True,
            user__roles__contains=[Role.MDT_MEMBER],
        )
        .exclude(expires_at__lte=now)
        .select_related("user", "user__agency", "granted_by")
        .order_by("created_at")
    )  # fmt: skip
