from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from .access import require
from .models import PendingRoleGrant, User
from .roles import Jurisdiction, Role

if TYPE_CHECKING:
    from collections.abc import Iterable

    from saphan.geo.models import Province


def jurisdiction_label(user: User) -> str:
    if user.jurisdiction == Jurisdiction.NATION:
        return _("The whole country")
    if user.jurisdiction == Jurisdiction.REGION and user.region_id:
        return _("Region: %(region)s") % {"region": user.region}
    if user.province_id:
        return _("Province: %(province)s") % {"province": user.province}
    return _("No jurisdiction set")


# --- accounts -------------------------------------------------------------------------------
def users_by_username(names: Iterable[str]) -> dict[str, User]:
    """Accounts whose username is one of ``names`` in any letter case, by lower-case name."""
    lowered = {n.lower() for n in names if n}
    return {u.lu: u for u in User.objects.annotate(lu=Lower("username")).filter(lu__in=lowered)}


def account_provinces(*, actor: User) -> QuerySet[Province]:
    """The provinces where ``actor`` opens provincial accounts: all for a national
    administrator, their region's or their own province otherwise."""
    from saphan.geo.models import Province

    require(actor, "orgs.manage_users")
    qs = Province.objects.order_by("name_th")
    if actor.jurisdiction == Jurisdiction.NATION:
        return qs
    if actor.jurisdiction == Jurisdiction.REGION and actor.region_id:
        return qs.filter(region_id=actor.region_id)
    return qs.filter(pk=actor.province_id) if actor.province_id else qs.none()


def account_list(
    *, actor: User, q: str = "", province: str = "", role: str = "", active: str = ""
) -> QuerySet[User]:
    require(actor, "orgs.manage_users")
    qs = User.objects.select_related("agency", "province", "region").order_by("username")
    q = (q or "").strip()[:100]
    if q:
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(name_en__icontains=q)
            | Q(email__icontains=q)
        )
    if province:
        qs = qs.filter(province_id=province)
    if role in Role.values:
        qs = qs.filter(roles__contains=[role])
    if active in ("1", "0"):
        qs = qs.filter(is_active=active == "1")
    return qs


def pending_grants(*, actor: User) -> QuerySet[PendingRoleGrant]:
    if not (actor.has_perm("orgs.approve_role_grant") or actor.has_perm("orgs.manage_users")):
        raise PermissionDenied("orgs.approve_role_grant")
    return PendingRoleGrant.objects.select_related(
        "user", "requested_by", "province", "region", "agency", "decided_by"
    )
