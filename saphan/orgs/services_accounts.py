"""Accounts: created, changed and deactivated by the system administrator in the pages, with a
second person for anything that opens case content.

- Nobody gets the staff flag, superuser or Django permissions here: those fields are never
  written (the Django admin form does not offer them either, orgs/admin.py).
- A change that opens case content — a role of ``GUARDED_ROLES`` the account did not hold, or
  any change of jurisdiction, area or agency of an account that holds such a role — does not
  take effect: it becomes a PendingRoleGrant that a central officer who did not ask for it
  approves or refuses with a reason. The auditors get an in-app alert when it is asked for.
  What closes access (a role removed, an account deactivated) takes effect at once.
- Accounts are deactivated, never deleted.
- The account's owner chooses the password: a new account gets a one-time link by e-mail.
- Volunteer and youth-council accounts an import or a set-password link may touch are defined
  here too (``is_network_account``, ``has_chosen_password``): a staff account never is one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from saphan.core.effects import after_commit

from .access import CASE_ROLES, IDENTITY_ROLES, require
from .models import Agency, GrantStatus, PendingRoleGrant, User
from .roles import Jurisdiction, Role

if TYPE_CHECKING:
    from uuid import UUID


logger = logging.getLogger("saphan.orgs")

# Roles that open case content (CASE_ROLES, IDENTITY_ROLES), plus those that run the accounts
# and read the logs: none is given by one person alone.
GUARDED_ROLES = frozenset(CASE_ROLES | IDENTITY_ROLES | {Role.SYSTEM_ADMIN, Role.AUDITOR})
NETWORK_ROLES = frozenset({Role.VOLUNTEER, Role.YOUTH_COUNCIL})
# Roles whose work is in one province's agency (access.py: own agency / own province).
PROVINCIAL_STAFF_ROLES = frozenset(
    {Role.CASE_WORKER, Role.SHELTER_STAFF, Role.MDT_MEMBER, Role.PROVINCIAL_SUPERVISOR}
)


# --- volunteer and youth-council accounts (network imports and set-password links) -------------
def is_network_account(user: User, *, province_id: str | None) -> bool:
    """A plain volunteer or youth-council account of this province: no staff role, flag,
    permission, group, agency, wider jurisdiction or role waiting for approval."""
    return bool(
        user is not None
        and province_id
        and user.is_active
        and not user.is_staff
        and not user.is_superuser
        and user.roles
        and set(user.roles) <= NETWORK_ROLES
        and user.agency_id is None
        and user.jurisdiction == Jurisdiction.PROVINCE
        and user.province_id == province_id
        and not user.user_permissions.exists()
        and not user.groups.exists()
        and not user.role_grants.filter(status=GrantStatus.PENDING).exists()
    )


def has_chosen_password(user: User) -> bool:
    return user.has_usable_password() or user.last_login is not None


# --- what an account may see -------------------------------------------------------------------
@dataclass(frozen=True)
class Access:
    roles: frozenset[str]
    jurisdiction: str
    region_id: str | None
    province_id: str | None
    agency_id: object | None

    @classmethod
    def of(cls, user: User) -> Access:
        return cls(
            frozenset(user.roles or ()),
            user.jurisdiction,
            user.region_id,
            user.province_id,
            user.agency_id,
        )

    def scope(self) -> tuple:
        return (self.jurisdiction, self.region_id, self.province_id, self.agency_id)

    def as_json(self) -> dict:
        return {
            "roles": sorted(self.roles),
            "jurisdiction": self.jurisdiction,
            "region": self.region_id,
            "province": self.province_id,
            "agency": str(self.agency_id) if self.agency_id else None,
        }


def opens_case_content(before: Access, after: Access) -> bool:
    """Whether going from ``before`` to ``after`` needs a second person's approval."""
    if (after.roles - before.roles) & GUARDED_ROLES:
        return True
    return bool(after.roles & GUARDED_ROLES) and after.scope() != before.scope()


@dataclass
class AccountInput:
    username: str
    first_name: str
    last_name: str
    name_en: str
    email: str
    roles: list[str]
    jurisdiction: str
    region_id: str | None
    province_id: str | None
    agency: Agency | None


def check_access_shape(data: AccountInput) -> dict[str, str]:
    """Errors (by field) of roles, jurisdiction, area and agency that do not fit together."""
    errors: dict[str, str] = {}
    roles = set(data.roles)
    unknown = roles - set(Role.values)
    if unknown:
        errors["roles"] = _("Unknown role: %(roles)s") % {"roles": ", ".join(sorted(unknown))}
        return errors
    if not roles:
        errors["roles"] = _("Choose at least one role.")
    if data.jurisdiction not in Jurisdiction.values:
        errors["jurisdiction"] = _("Choose the jurisdiction.")
        return errors
    if data.jurisdiction == Jurisdiction.PROVINCE and not data.province_id:
        errors["province_id"] = _("A provincial account needs its province.")
    if data.jurisdiction == Jurisdiction.REGION and not data.region_id:
        errors["region_id"] = _("A regional account needs its region.")
    if data.jurisdiction != Jurisdiction.PROVINCE and data.province_id:
        errors["province_id"] = _("Only a provincial account has a province.")
    if roles & PROVINCIAL_STAFF_ROLES:
        if data.jurisdiction != Jurisdiction.PROVINCE:
            errors["jurisdiction"] = _(
                "Case workers, shelter staff, MDT members and supervisors work in one province."
            )
        if data.agency is None:
            errors["agency"] = _("Staff who work on cases need their agency.")
    if Role.REGIONAL_OFFICER in roles and data.jurisdiction != Jurisdiction.REGION:
        errors["jurisdiction"] = _("A regional officer's jurisdiction is their region.")
    if Role.CENTRAL_OFFICER in roles and data.jurisdiction != Jurisdiction.NATION:
        errors["jurisdiction"] = _("A central officer's jurisdiction is the nation.")
    if roles & NETWORK_ROLES and roles - NETWORK_ROLES:
        errors["roles"] = _(
            "A volunteer or youth-council account holds no staff role: give staff their own account."
        )
    if roles & NETWORK_ROLES and data.agency is not None:
        errors["agency"] = _("A volunteer or youth-council account has no agency.")
    if data.agency is not None:
        if not data.agency.is_active:
            errors["agency"] = _("This agency is no longer active.")
        elif data.agency.province_id and data.agency.province_id != data.province_id:
            errors["agency"] = _("The agency is in another province than the account.")
    return errors


def check_actor_reach(actor: User, data: AccountInput) -> dict[str, str]:
    """Errors (by field) of an account placed outside the administrator's own area: a national
    administrator opens accounts anywhere; a regional one in their region, a provincial one in
    their province, and neither gives an agency of another area (their own agency aside)."""
    if actor.jurisdiction == Jurisdiction.NATION:
        return {}
    errors: dict[str, str] = {}
    regional = actor.jurisdiction == Jurisdiction.REGION and bool(actor.region_id)
    if regional:
        inside = (
            data.jurisdiction == Jurisdiction.REGION and data.region_id == actor.region_id
        ) or (
            data.jurisdiction == Jurisdiction.PROVINCE
            and bool(data.province_id)
            and _region_of(data) == actor.region_id
        )
    else:
        inside = (
            data.jurisdiction == Jurisdiction.PROVINCE
            and bool(actor.province_id)
            and data.province_id == actor.province_id
        )
    if not inside:
        errors["province_id"] = (
            _("You open accounts only in your own region.")
            if regional
            else _("You open accounts only in your own province.")
        )
    agency = data.agency
    if agency is not None and agency.pk != actor.agency_id:
        if regional:
            region = agency.province.region_id if agency.province_id else agency.region_id
            in_area = region is not None and region == actor.region_id
        else:
            in_area = agency.province_id is not None and agency.province_id == actor.province_id
        if not in_area:
            errors["agency"] = _("You give only the agencies of your own area, or your own.")
    return errors


def _region_of(data: AccountInput) -> str | None:
    if data.province_id:
        from saphan.geo.models import Province

        return (
            Province.objects.filter(pk=data.province_id).values_list("region_id", flat=True).first()
        )
    return data.region_id if data.jurisdiction != Jurisdiction.NATION else None


def _target(data: AccountInput) -> Access:
    return Access(
        frozenset(data.roles),
        data.jurisdiction,
        _region_of(data),
        data.province_id if data.jurisdiction == Jurisdiction.PROVINCE else None,
        data.agency.pk if data.agency else None,
    )


def _apply(user: User, access: Access) -> None:
    user.roles = sorted(access.roles)
    user.jurisdiction = access.jurisdiction
    user.region_id = access.region_id
    user.province_id = access.province_id
    user.agency_id = access.agency_id


def _withdraw_pending(user: User) -> None:
    user.role_grants.filter(status=GrantStatus.PENDING).update(
        status=GrantStatus.WITHDRAWN, decided_at=timezone.now()
    )


def _request_grant(*, actor: User, user: User, before: Access, target: Access, reason: str):
    _withdraw_pending(user)
    grant = PendingRoleGrant.objects.create(
        user=user,
        requested_by=actor,
        reason=reason[:1000],
        roles=sorted(target.roles),
        jurisdiction=target.jurisdiction,
        region_id=target.region_id,
        province_id=target.province_id,
        agency_id=target.agency_id,
        before=before.as_json(),
    )
    pk = grant.pk
    after_commit(_alert_on_request, pk)
    return grant


def _alert_on_request(grant_pk: UUID | str) -> None:
    from saphan.core.services import alert_write

    grant = PendingRoleGrant.objects.select_related("user", "requested_by").get(pk=grant_pk)
    # The auditors, and the central officers who may decide it (not the requester).
    auditors = (
        User.objects.filter(is_active=True)
        .filter(
            Q(roles__contains=[Role.AUDITOR])
            | Q(roles__contains=[Role.CENTRAL_OFFICER], jurisdiction=Jurisdiction.NATION)
        )
        .exclude(pk__in=[grant.requested_by_id, grant.user_id])
    )
    for auditor in auditors:
        with translation.override(auditor.language or "th"):
            text = _(
                "%(requester)s asked for roles that open case files for account %(username)s: "
                "%(roles)s. It waits for a central officer's approval."
            ) % {
                "requester": grant.requested_by.username,
                "username": grant.user.username,
                "roles": ", ".join(str(r) for r in grant.get_roles_display()),
            }
        alert_write(
            user=auditor,
            key=f"role_grant:{grant.pk}:{auditor.pk}",
            kind="role_grant_requested" if auditor.has_role(Role.AUDITOR) else "role_grant_waiting",
            message=text,
        )


def _send_welcome(user_pk: UUID | str, base_url: str) -> None:
    """The new account's owner gets the one-time link to choose their password."""
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = User.objects.filter(pk=user_pk).first()
    if user is None or not user.email or has_chosen_password(user):
        return
    path = reverse(
        "password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    with translation.override(user.language or "th"):
        context = {"user": user, "url": base_url.rstrip("/") + path}
        subject = render_to_string("registration/welcome_subject.txt", context)
        body = render_to_string("registration/welcome_email.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except Exception:  # noqa: BLE001 - the account is saved; the link can be sent again
        logger.exception("welcome mail to %s failed", user.pk)


def _check_username(username: str) -> str:
    import re

    username = (username or "").strip().lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{2,149}", username):
        raise ValidationError(
            {"username": _("Use 3 or more English letters, digits, dots or dashes.")}
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    return username


# --- services --------------------------------------------------------------------------------
@dataclass
class AccountResult:
    user: User
    grant: PendingRoleGrant | None


@transaction.atomic
def account_create(
    *, actor: User, data: AccountInput, reason: str = "", base_url: str = ""
) -> AccountResult:
    """A new account without a password; guarded roles wait for a central officer."""
    require(actor, "orgs.manage_users")
    username = _check_username(data.username)
    errors = check_access_shape(data) | check_actor_reach(actor, data)
    if errors:
        raise ValidationError(errors)
    target = _target(data)
    user = User(
        username=username,
        first_name=data.first_name[:150],
        last_name=data.last_name[:150],
        name_en=data.name_en[:200],
        email=data.email,
    )
    start = Access(target.roles - GUARDED_ROLES, *target.scope())
    _apply(user, start)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    grant = None
    if opens_case_content(Access.of(user), target):
        grant = _request_grant(actor=actor, user=user, before=Access.of(user), target=target,
                               reason=reason)  # fmt: skip
    if base_url:
        pk = user.pk
        after_commit(_send_welcome, pk, base_url)
    return AccountResult(user, grant)


@transaction.atomic
def account_update(
    *, actor: User, user: User, data: AccountInput, reason: str = ""
) -> AccountResult:
    """Change an account; what opens case content waits for a central officer."""
    require(actor, "orgs.manage_users")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_superuser:
        raise PermissionDenied("a superuser is managed by the operators")
    errors = check_access_shape(data)
    if data.email != user.email and has_chosen_password(user):
        # Whoever sets the address receives the password-reset link: only the owner may change
        # it once they have their password.
        errors["email"] = _(
            "The owner has chosen their password: only they may change their e-mail address."
        )
    if errors:
        raise ValidationError(errors)
    before = Access.of(user)
    target = _target(data)
    user.first_name = data.first_name[:150]
    user.last_name = data.last_name[:150]
    user.name_en = data.name_en[:200]
    grant = None
    # The address receives the link to choose the password: a new address on an account with
    # roles that open case files is approved again, like a new grant.
    readdressed = data.email != user.email and bool((before.roles | target.roles) & GUARDED_ROLES)
    if readdressed:
        _apply(user, Access(before.roles - GUARDED_ROLES, *before.scope()))
        grant = _request_grant(actor=actor, user=user, before=before, target=target, reason=reason)
    elif opens_case_content(before, target):
        # What closes access now; the rest when approved.
        _apply(user, Access(before.roles & target.roles, *before.scope()))
        grant = _request_grant(actor=actor, user=user, before=before, target=target, reason=reason)
    else:
        _withdraw_pending(user)
        _apply(user, target)
    user.email = data.email
    user.full_clean(exclude=["password"])
    user.save()
    return AccountResult(user, grant)


@transaction.atomic
def account_set_active(*, actor: User, user: User, active: bool) -> User:
    """Deactivate (never delete) or reactivate an account. A reactivated account keeps the
    access it had; reactivating one's own account is refused."""
    require(actor, "orgs.manage_users")
    if user.pk == actor.pk or user.is_superuser:
        raise PermissionDenied("own account or superuser")
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_active = active
    if not active:
        _withdraw_pending(user)
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def account_resend_welcome(*, actor: User, user: User, base_url: str) -> None:
    require(actor, "orgs.manage_users")
    if has_chosen_password(user) or not user.email or not user.is_active:
        raise ValidationError(
            _("A link is sent only to an active account with an e-mail address that has never "
              "chosen a password.")
        )  # fmt: skip
    pk = user.pk
    after_commit(_send_welcome, pk, base_url)


@transaction.atomic
def role_grant_decide(
    *, actor: User, grant: PendingRoleGrant, approve: bool, reason: str
) -> PendingRoleGrant:
    """A central officer approves or refuses a pending grant, with a reason."""
    require(actor, "orgs.approve_role_grant")
    grant = PendingRoleGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.requested_by_id == actor.pk or grant.user_id == actor.pk:
        raise PermissionDenied("the requester or the account itself")
    if grant.status != GrantStatus.PENDING:
        raise ValidationError(_("This request was already decided."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for your decision.")})
    user = User.objects.select_for_update().get(pk=grant.user_id)
    if approve and not user.is_active:
        raise ValidationError(_("The account is deactivated."))
    grant.status = GrantStatus.APPROVED if approve else GrantStatus.REFUSED
    grant.decided_by = actor
    grant.decided_at = timezone.now()
    grant.decision_reason = reason[:1000]
    grant.save()
    if approve:
        _apply(
            user,
            Access(frozenset(grant.roles), grant.jurisdiction, grant.region_id,
                   grant.province_id, grant.agency_id),
        )  # fmt: skip
        user.save()
    return grant
