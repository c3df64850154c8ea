"""Referrals and transfers between agencies and provinces, across all stages."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel
from saphan.orgs.models import Agency

from ..enums import IdentitySharing, ReferralAnswer, ReferralKind, ReferralReason
from .case import Case, CaseAccess

USER = settings.AUTH_USER_MODEL


@pghistory.track()
class Referral(BaseModel):
    """A case sent to another agency for a service (referral) or for good (transfer).

    The person's identity travels only on their recorded consent or a provincial supervisor's
    documented override; the receiving agency answers, and on acceptance gains access through
    ``access`` (a CaseAccess row of reason referral).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReferralKind.choices, default=ReferralKind.REFERRAL
    )
    from_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("from agency")
    )
    to_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to agency"),
    )
    reason = models.CharField(_("reason"), max_length=40, choices=ReferralReason.choices)
    details = models.TextField(_("details and arrangements"), blank=True)
    identity_sharing = models.CharField(
        _("identity shared"), max_length=20, choices=IdentitySharing.choices
    )
    consent_recorded = models.BooleanField(_("the person consented"), default=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_note = models.TextField(_("about the consent"), blank=True)
    supervisor_override_by = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("overridden by"),
    )
    override_reason = models.TextField(_("why the supervisor overrode"), blank=True)
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent"), db_index=True)
    answer = models.CharField(
        _("answer"), max_length=20, choices=ReferralAnswer.choices, blank=True
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.TextField(_("why declined or withdrawn"), blank=True)
    access = models.ForeignKey(
        CaseAccess, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["to_agency", "answered_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(identity_sharing=IdentitySharing.CONSENT)
                | models.Q(consent_recorded=True),
                name="identity_by_consent_has_consent",
            ),
            models.CheckConstraint(
                condition=~models.Q(identity_sharing=IdentitySharing.OVERRIDE)
                | models.Q(supervisor_override_by__isnull=False),
                name="identity_by_override_has_supervisor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.to_agency_id} ({self.kind})"

    @property
    def is_pending(self) -> bool:
        return self.answered_at is None
