"""Charges against the victim and their waiver (s.41; non-punishment)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import ThaiDateField

from .. import enums
from .common import CaseActionForm, RecordChoiceField, _date, _line, _text, _tick


# --- charges against the victim and their waiver (s.41; non-punishment) ----------------------
def describe_charge(c) -> str:
    offence = enums.VictimChargeOffence(c.offence).label
    return f"{offence} — {c.charged_by}, {_date(c.charged_on)}"


class VictimChargeForm(CaseActionForm):
    offence = forms.ChoiceField(
        label=_("Offence charged"), choices=enums.VictimChargeOffence.choices
    )
    details = _text(_("Details of the charge"), required=False, rows=2)
    charged_by = _line(
        _("Charged by"),
        help_text=_("The inquiry official or agency, e.g. an immigration police station."),
    )
    charged_on = ThaiDateField(label=_("Charged on"))
    waived = _tick(_("The charge was waived"))
    waived_on = ThaiDateField(label=_("Waived on"), required=False)
    reason = _text(
        _("Why it was waived, or why not"),
        required=False,
        rows=3,
        help_text=_(
            "Section 41: a trafficked person is not prosecuted for illegal entry, leaving or "
            "stay, false statements or forged travel documents, prostitution or working without "
            "a permit. Crimes they were forced to commit (e.g. in scam compounds) fall under the "
            "non-punishment principle."
        ),
    )


class VictimChargeWaiveForm(CaseActionForm):
    charge = RecordChoiceField(label=_("Charge"), describe=describe_charge)
    waived_on = ThaiDateField(label=_("Waived on"))
    reason = _text(_("Why it was waived"), rows=3)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["charge"].set_records([c for c in case.victim_charges.all() if not c.waived])
