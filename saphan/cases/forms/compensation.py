"""Stages 9-10: compensation claims, orders, payments and the s.37 permission to stay."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import ThaiDateField

from .. import enums
from .common import (
    AmountField,
    CaseActionForm,
    RecordChoiceField,
    _line,
    _text,
    _today,
    describe_claim,
)

# --- stages 9-10: compensation and the s.37 permission ---------------------------------------------


class CompensationClaimForm(CaseActionForm):
    kind = forms.ChoiceField(label=_("Kind of claim"), choices=enums.CompensationKind.choices)
    amount_claimed = AmountField(label=_("Amount claimed"))
    claimed_on = ThaiDateField(label=_("Claimed on"))
    details = _text(_("Details"), required=False)

    def initial_for(self, case):
        return {"claimed_on": _today()}


class _ClaimForm(CaseActionForm):
    claim = RecordChoiceField(label=_("Claim"), describe=describe_claim)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"].set_records(self.records.claims)


class CompensationOrderForm(_ClaimForm):
    amount_ordered = AmountField(label=_("Amount ordered"))
    ordered_on = ThaiDateField(label=_("Ordered on"))
    decided_by = _line(
        _("Court or deciding body"),
        help_text=_("E.g. the Criminal Court for Trafficking Cases, or the fund's committee."),
    )
    order_ref = _line(_("Order or judgment reference"), 100, required=False)


class CompensationPaymentForm(_ClaimForm):
    amount_paid = AmountField(label=_("Amount paid"))
    paid_on = ThaiDateField(label=_("Paid on"))
    payer = _line(_("Paid by"))
    reference = _line(_("Payment reference"), 100, required=False)

    def initial_for(self, case):
        return {"paid_on": _today()}


class StayPermitForm(CaseActionForm):
    permit_type = forms.ChoiceField(
        label=_("Permission"), choices=enums.PermitType.choices, widget=forms.RadioSelect
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=enums.PermitPurpose.choices)
    valid_from = ThaiDateField(label=_("Valid from"))
    valid_to = ThaiDateField(
        label=_("Valid to"), help_text=_("You are alerted 30 days before it ends.")
    )
    issuing_office = _line(
        _("Issuing office"), help_text=_("E.g. the provincial immigration office.")
    )
    reference = _line(_("Reference"), 100, required=False)

    def initial_for(self, case):
        return {"permit_type": enums.PermitType.STAY_AND_WORK}
