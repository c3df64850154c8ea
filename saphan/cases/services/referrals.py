"""Referrals and transfers between agencies and provinces (across all stages).

The person's identity travels only on their recorded consent, or on the documented override of
the provincial supervisor of the province that holds the case. The receiving agency accepts or
declines with a reason; on acceptance it gains access through orgs/access.py (a CaseAccess row
of reason referral), and on a transfer the case itself moves: owning agency and province change,
the case code stays, and the former owner keeps a read access without identity.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.services import alerts_after_commit
from saphan.orgs.access import require
from saphan.orgs.models import Agency
from saphan.orgs.roles import Role

from .. import process
from ..enums import IdentitySharing, ReferralAnswer, ReferralKind
from ..models import AccessReason, Case, CaseAccess, Referral
from .common import case_touch, case_write, not_in_future, record_event

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from uuid import UUID

    from saphan.orgs.models import User


def _notify(
    *, users: Iterable[User], case: Case, key: str, message: Callable[[], str], level: str = "info"
) -> None:
    """After the commit: an in-app alert for each user, in their language, once per key."""
    alerts_after_commit(
        users=users, key=key, kind=key.split(":")[0], level=level,
        message=lambda: f"{case.code}: {message()}",
        link=reverse("cases:detail", args=[case.code]),
    )  # fmt: skip


def _agency_staff(agency_id: UUID | str | None, *roles: str) -> list:
    User = get_user_model()
    q = Q()
    for role in roles:
        q |= Q(roles__contains=[role])
    return list(User.objects.filter(q, is_active=True, agency_id=agency_id))


@case_write("cases.refer_case")
def referral_send(
    *, actor: User, case: Case, to_agency: Agency, reason: str, kind: str = ReferralKind.REFERRAL,
    details: str = "", consent_recorded: bool = False, consent_at: dt.datetime | None = None,
    consent_note: str = "", override_reason: str = "", share_identity: bool = True,
    expected_version: int | None = None,
) -> Referral:  # fmt: skip
    """Send the case to another agency. Sharing identity needs the person's consent (with when
    it was given) or, without it, the override of the supervisor of the case's province with a
    reason. A service referral may also go without identity; a transfer always carries it."""
    from_agency = actor.agency if actor.agency_id else case.agency
    if kind == ReferralKind.TRANSFER:
        share_identity = True
        require(actor, "cases.transfer_case", case)
        if to_agency.province_id is None:
            raise ValidationError(
                {"to_agency": _("A case can be transferred only to an agency in a province.")}
            )
    if to_agency.pk in (from_agency.pk, case.agency_id) or not to_agency.is_active:
        raise ValidationError({"to_agency": _("Choose another active agency.")})
    if case.referrals.filter(to_agency=to_agency, answered_at__isnull=True).exists():
        raise ValidationError(
            {"to_agency": _("A referral to this agency is already waiting for an answer.")}
        )
    if consent_recorded:
        if consent_at is None:
            raise ValidationError({"consent_at": _("Give when the person gave their consent.")})
        not_in_future(consent_at, "consent_at")
    override_by = None
    if not share_identity:
        sharing = IdentitySharing.NOT_SHARED
    elif consent_recorded:
        sharing = IdentitySharing.CONSENT
    elif override_reason.strip():
        require(actor, "cases.override_referral_consent", case)
        sharing, override_by = IdentitySharing.OVERRIDE, actor
    else:
        raise ValidationError(
            {
                "consent_recorded": _(
                    "Record the person's consent before their identity is shared. Without "
                    "consent, only the provincial supervisor can override, with a reason."
                )
            }
        )
    referral = Referral.objects.create(
        case=case, kind=kind, from_agency=from_agency, to_agency=to_agency, reason=reason,
        details=details.strip(), identity_sharing=sharing, consent_recorded=consent_recorded,
        consent_at=consent_at if consent_recorded else None, consent_note=consent_note.strip(),
        supervisor_override_by=override_by,
        override_reason=override_reason.strip() if override_by else "",
        sent_by=actor, sent_at=timezone.now(),
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="referral_sent", to_agency=to_agency.code,
        referral_kind=kind, referral_reason=reason, identity=sharing,
    )  # fmt: skip
    receivers = _agency_staff(
        to_agency.pk, Role.CASE_WORKER, Role.PROVINCIAL_SUPERVISOR, Role.MDT_MEMBER
    )
    _notify(
        users=receivers, case=case, key=f"referral_received:{referral.pk}",
        message=lambda: _("Referral received from %(agency)s: accept or decline it.")
        % {"agency": from_agency},
    )  # fmt: skip
    return referral


@transaction.atomic
def referral_answer(
    *, actor: User, referral: Referral, accept: bool, decline_reason: str = "",
    expected_version: int | None = None,
) -> Referral:  # fmt: skip
    """The receiving agency's case worker, supervisor or MDT member accepts or declines (with
    a reason)."""
    require(actor, "cases.answer_referral", referral)
    referral = (
        Referral.objects.select_for_update()
        .select_related("case", "to_agency", "from_agency")
        .get(pk=referral.pk)
    )
    case = referral.case
    if referral.answered_at is not None:
        raise ValidationError(_("This referral has already been answered."))
    if (closed := process.closed_unmet(case)) is not None:
        raise ValidationError(closed)
    if not accept and not decline_reason.strip():
        raise ValidationError({"decline_reason": _("Say why the referral is declined.")})
    case_touch(case=case, expected_version=expected_version)
    now = timezone.now()
    to_agency = referral.to_agency
    referral.answered_at, referral.answered_by = now, actor
    if accept:
        referral.answer = ReferralAnswer.ACCEPTED
        referral.access = CaseAccess.objects.create(
            case=case, agency=to_agency, reason=AccessReason.REFERRAL, granted_by=actor,
            identity=referral.identity_sharing != IdentitySharing.NOT_SHARED,
        )  # fmt: skip
        record_event(case=case, actor=actor, kind="referral_accepted", to_agency=to_agency.code)
        if referral.kind == ReferralKind.TRANSFER:
            _transfer(actor=actor, case=case, to_agency=to_agency, now=now)
    else:
        referral.answer = ReferralAnswer.DECLINED
        referral.decline_reason = decline_reason.strip()
        record_event(
            case=case, actor=actor, kind="referral_declined", to_agency=to_agency.code,
            decline_reason=referral.decline_reason,
        )  # fmt: skip
    referral.save(
        update_fields=[
            "answer", "answered_at", "answered_by", "decline_reason", "access", "updated_at"
        ]
    )  # fmt: skip
    sender = referral.sent_by
    answer = referral.answer
    _notify(
        users=[sender], case=case, key=f"referral_answered:{referral.pk}",
        message=lambda: (
            _("%(agency)s accepted the referral.")
            if answer == ReferralAnswer.ACCEPTED
            else _("%(agency)s declined the referral.")
        ) % {"agency": to_agency},
    )  # fmt: skip
    return referral


def _transfer(*, actor: User, case: Case, to_agency: Agency, now: dt.datetime) -> None:
    """The case moves to the receiving agency and its province; the code stays. The former
    owner keeps a read access without identity; assignments outside the new agency end."""
    old_agency = case.agency
    worker = actor if actor.has_role(Role.CASE_WORKER) else None
    Case.objects.filter(pk=case.pk).update(
        agency=to_agency, province_id=to_agency.province_id, case_worker=worker
    )
    case.agency, case.province_id, case.case_worker = to_agency, to_agency.province_id, worker
    CaseAccess.objects.create(
        case=case, agency=old_agency, reason=AccessReason.REFERRAL, identity=False,
        granted_by=actor,
    )  # fmt: skip
    CaseAccess.objects.filter(
        case=case, reason=AccessReason.ASSIGNED, user__isnull=False, revoked_at__isnull=True
    ).exclude(user__agency=to_agency).update(revoked_at=now)
    if worker is not None:
        CaseAccess.objects.create(
            case=case, user=worker, reason=AccessReason.ASSIGNED, identity=True, granted_by=actor
        )
    record_event(
        case=case, actor=actor, kind="case_transferred", from_agency=old_agency.code,
        to_agency=to_agency.code, province=to_agency.province_id,
    )  # fmt: skip


@case_write("cases.refer_case")
def referral_withdraw(
    *, actor: User, case: Case, referral: Referral, reason: str, expected_version: int | None = None
) -> Referral:
    """The sender takes back a referral not yet answered."""
    referral = Referral.objects.select_for_update().select_related("to_agency").get(pk=referral.pk)
    if referral.case_id != case.pk or referral.answered_at is not None:
        raise ValidationError(_("This referral is not waiting for an answer."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is withdrawn.")})
    Referral.objects.filter(pk=referral.pk).update(
        answer=ReferralAnswer.WITHDRAWN, answered_at=timezone.now(), answered_by=actor,
        decline_reason=reason.strip(), updated_at=timezone.now(),
    )  # fmt: skip
    referral.refresh_from_db()
    record_event(
        case=case, actor=actor, kind="referral_withdrawn", to_agency=referral.to_agency.code,
        note=reason.strip(),
    )  # fmt: skip
    return referral
