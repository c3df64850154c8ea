"""Stage 9, s.34-35: the compensation ledger. Claims, what was ordered on them and what was
actually paid, each its own row: unpaid court orders are a known national failure, so the gap
between ordered and paid must stay visible until it closes."""

from decimal import Decimal

import pghistory
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel

from ..enums import CompensationKind
from .case import Case

USER = settings.AUTH_USER_MODEL
CENT = Decimal("0.01")


def _money(verbose_name):
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, validators=[MinValueValidator(CENT)]
    )


def _positive(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(**{f"{field}__gt": 0}), name=name)


@pghistory.track()
class CompensationClaim(BaseModel):
    """A claim: against the offender in the criminal case, or to the anti-trafficking fund."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="compensation_claims")
    kind = models.CharField(_("kind of claim"), max_length=40, choices=CompensationKind.choices)
    amount_claimed = _money(_("amount claimed (baht)"))
    claimed_on = models.DateField(_("claimed on"))
    details = models.TextField(_("details"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["claimed_on", "created_at"]
        verbose_name = _("compensation claim")
        verbose_name_plural = _("compensation claims")
        constraints = [_positive("amount_claimed", "claim_amount_positive")]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_claimed}"


@pghistory.track()
class CompensationOrder(BaseModel):
    """What a court (or the fund's committee) ordered to be paid on a claim."""

    claim = models.ForeignKey(CompensationClaim, on_delete=models.CASCADE, related_name="orders")
    amount_ordered = _money(_("amount ordered (baht)"))
    ordered_on = models.DateField(_("ordered on"))
    decided_by = models.CharField(_("court or deciding body"), max_length=200)
    order_ref = models.CharField(_("order or judgment reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["ordered_on", "created_at"]
        verbose_name = _("compensation order")
        verbose_name_plural = _("compensation orders")
        constraints = [_positive("amount_ordered", "order_amount_positive")]

    def __str__(self) -> str:
        return f"{self.order_ref or self.decided_by} {self.amount_ordered}"


@pghistory.track()
class CompensationPayment(BaseModel):
    """Money that actually reached the person on a claim."""

    claim = models.ForeignKey(CompensationClaim, on_delete=models.CASCADE, related_name="payments")
    amount_paid = _money(_("amount paid (baht)"))
    paid_on = models.DateField(_("paid on"))
    payer = models.CharField(_("paid by"), max_length=200)
    reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["paid_on", "created_at"]
        verbose_name = _("compensation payment")
        verbose_name_plural = _("compensation payments")
        constraints = [_positive("amount_paid", "payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.payer} {self.amount_paid}"
