"""Stage 9, s.34-35: the compensation ledger. Claims, orders on them and payments, in baht,
positive amounts only; the totals and the unpaid-order clock are read from these rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from ..models import Case, CompensationClaim, CompensationOrder, CompensationPayment
from .common import case_write, not_in_future, record_event

if TYPE_CHECKING:
    from saphan.orgs.models import User

PERM = "cases.change_legal"
MAX_AMOUNT = Decimal("9999999999.99")  # DecimalField(12, 2)


def _amount(value: Decimal | int | str, field: str) -> Decimal:
    """A positive amount of baht with at most two decimals (satang)."""
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter an amount in baht, e.g. 12500.50.")}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Baht amounts have at most two decimals (satang).")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("This amount is too large; check the figure.")})
    return amount.quantize(Decimal("0.01"))


def _own(claim: CompensationClaim, case: Case) -> None:
    if claim.case_id != case.pk:
        raise ValidationError(_("This claim belongs to another case."))


@case_write(PERM)
def compensation_claim_add(
    *, actor: User, case: Case, kind: str, amount_claimed: Decimal | int | str,
    claimed_on: dt.date, details: str = "",
    expected_version: int | None = None,
) -> CompensationClaim:  # fmt: skip
    amount = _amount(amount_claimed, "amount_claimed")
    not_in_future(claimed_on, "claimed_on")
    claim = CompensationClaim.objects.create(
        case=case, kind=kind, amount_claimed=amount, claimed_on=claimed_on, details=details,
        recorded_by=actor,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="compensation_claimed", claim_kind=kind, amount=str(amount),
        claimed_on=claimed_on,
    )  # fmt: skip
    return claim


@case_write(PERM)
def compensation_order_add(
    *, actor: User, case: Case, claim: CompensationClaim, amount_ordered: Decimal | int | str,
    ordered_on: dt.date,
    decided_by: str, order_ref: str = "", expected_version: int | None = None,
) -> CompensationOrder:  # fmt: skip
    """What the court (or the fund's committee) ordered; the unpaid clock starts on ordered_on."""
    _own(claim, case)
    amount = _amount(amount_ordered, "amount_ordered")
    not_in_future(ordered_on, "ordered_on")
    if ordered_on < claim.claimed_on:
        raise ValidationError({"ordered_on": _("An order cannot come before the claim.")})
    if not decided_by.strip():
        raise ValidationError({"decided_by": _("Name the court or body that decided.")})
    order = CompensationOrder.objects.create(
        claim=claim, amount_ordered=amount, ordered_on=ordered_on, decided_by=decided_by.strip(),
        order_ref=order_ref.strip(), recorded_by=actor,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="compensation_ordered", claim_kind=claim.kind,
        amount=str(amount), decided_by=order.decided_by, ordered_on=ordered_on,
    )  # fmt: skip
    return order


# The guard locks the case row first: the sums below cannot race.
@case_write(PERM)
def compensation_payment_add(
    *, actor: User, case: Case, claim: CompensationClaim, amount_paid: Decimal | int | str,
    paid_on: dt.date, payer: str,
    reference: str = "", expected_version: int | None = None,
) -> CompensationPayment:  # fmt: skip
    """Money that reached the person. It may not exceed what was ordered on the claim (or, before
    any order, what was claimed): a figure typed with a zero too many is caught here."""
    _own(claim, case)
    amount = _amount(amount_paid, "amount_paid")
    not_in_future(paid_on, "paid_on")
    if paid_on < claim.claimed_on:
        raise ValidationError({"paid_on": _("A payment cannot come before the claim.")})
    if not payer.strip():
        raise ValidationError({"payer": _("Say who paid.")})
    ordered = claim.orders.aggregate(s=Sum("amount_ordered"))["s"]
    ceiling = ordered if ordered is not None else claim.amount_claimed
    paid = claim.payments.aggregate(s=Sum("amount_paid"))["s"] or Decimal("0")
    if paid + amount > ceiling:
        raise ValidationError(
            {
                "amount_paid": _(
                    "Payments would come to %(total)s baht, more than the %(ceiling)s baht "
                    "ordered or claimed. Check the amount."
                )
                % {"total": f"{paid + amount:,.2f}", "ceiling": f"{ceiling:,.2f}"}
            }
        )
    payment = CompensationPayment.objects.create(
        claim=claim, amount_paid=amount, paid_on=paid_on, payer=payer.strip(),
        reference=reference.strip(), recorded_by=actor,
    )  # fmt: skip
    record_event(
        case=case, actor=actor, kind="compensation_paid", claim_kind=claim.kind, amount=str(amount),
        payer=payment.payer, paid_on=paid_on,
    )  # fmt: skip
    return payment
