"""Identification (stage 4): the multidisciplinary decision and its approval."""

from __future__ import annotations

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import ThaiDateTimeField

from .. import enums
from .common import (
    AgencyChoiceField,
    CaseActionForm,
    _approve_or_send_back,
    _text,
    agencies_for,
    today_initial,
)
from .screening import ILO, MC, _checklist

MEMBER_ROWS = 6
# Signals seen at screening (methods of control, ILO indicators) that suggest a means (s.6).
TM = enums.TraffickingMeans
SIGNAL_MEANS = [
    (MC.PHYSICAL_THREATS, TM.THREAT),
    (MC.THREATENS_CHILDREN_FAMILY, TM.THREAT),
    (ILO.INTIMIDATION_AND_THREATS, TM.THREAT),
    (MC.PHYSICAL_ABUSE, TM.FORCE),
    (ILO.PHYSICAL_AND_SEXUAL_VIOLENCE, TM.FORCE),
    (MC.FALSE_PROMISES, TM.DECEPTION),
    (ILO.DECEPTION, TM.DECEPTION),
    (ILO.ABUSE_OF_VULNERABILITY, TM.ABUSE_OF_VULNERABILITY),
    (MC.DEBT_BONDAGE, TM.DEBT_BONDAGE),
    (ILO.DEBT_BONDAGE, TM.DEBT_BONDAGE),
]


class IdentificationForm(CaseActionForm):
    status = forms.ChoiceField(
        label=_("Trafficking status"),
        choices=enums.TraffickingStatus.choices,
        widget=forms.RadioSelect,
    )
    deciding_org = forms.ChoiceField(
        label=_("Deciding organisation"),
        choices=enums.DecisionOrg.choices,
        initial=enums.DecisionOrg.NON_POLICE_GOVERNMENT,
    )
    decided_at = ThaiDateTimeField(label=_("Decided"))
    reasons = _text(
        _("Reasons"), rows=4, help_text=_("The facts and indicators the team relied on.")
    )
    # Filled by clean() from the member rows; declared so that errors about the members
    # (from the form or from the service) have a place next to the rows.
    members = forms.Field(label=_("Team members present"), required=False, widget=forms.HiddenInput)
    # The elements of the offence (process.identification_unmet decides what is required).
    basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=[("", _("Not decided (possible or not a victim)"))] + enums.DecisionBasis.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "s.6: an act, a means and a purpose of exploitation (for a child under 18 no means "
            "is needed). s.6/1: forced labour or services, an offence of its own."
        ),
    )
    acts = _checklist(enums.TraffickingAct, _("The act"))
    means = _checklist(enums.TraffickingMeans, _("The means"))
    purposes = _checklist(enums.ExploitationType, _("The purpose of exploitation"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        from ..process import screening_indicators

        for indicator in screening_indicators(case):
            self.fields[f"weigh_{indicator}"] = forms.CharField(
                label=ILO(indicator).label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
        agencies = agencies_for(case.province_id)
        for i in range(1, MEMBER_ROWS + 1):
            self.fields[f"member_{i}_agency"] = AgencyChoiceField(
                label=_("Agency"),
                queryset=agencies,
                required=False,
                empty_label="—",
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"member_{i}_name"] = forms.CharField(
                label=_("Name and position"),
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def initial_for(self, case):
        """Pre-ticked from the screening, for the team to confirm or correct."""
        screenings = list(case.screenings.all())
        controls = {v for sc in screenings for v in (sc.methods_of_control or [])}
        controls |= {v for sc in screenings for v in (sc.indicators or [])}
        means = [m for signal, m in SIGNAL_MEANS if signal in controls]
        return {
            "decided_at": today_initial(),
            "basis": enums.DecisionBasis.TRAFFICKING,
            "acts": [enums.TraffickingAct.RECRUITING]
            if any(sc.recruitment_methods for sc in screenings)
            else [],
            "means": list(dict.fromkeys(means)),
            "purposes": [p for p in case.exploitation_types if p in enums.ExploitationType.values],
        }

    @cached_property
    def weighed_indicators(self) -> list:
        """The indicators ticked at screening, each with the field that says how it was weighed
        (a "not a victim" decision needs them all)."""
        from ..process import screening_indicators

        return [(ILO(i).label, self[f"weigh_{i}"]) for i in screening_indicators(self.case)]

    @property
    def member_rows(self):
        return [
            (i, self[f"member_{i}_agency"], self[f"member_{i}_name"])
            for i in range(1, MEMBER_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        data["indicator_weighing"] = {
            name[len("weigh_") :]: (data.get(name) or "").strip()
            for name in self.fields
            if name.startswith("weigh_")
        }
        rows = []
        for i in range(1, MEMBER_ROWS + 1):
            agency = data.get(f"member_{i}_agency")
            name = (data.get(f"member_{i}_name") or "").strip()
            if agency and name:
                rows.append((agency, name))
            elif agency or name:
                self.add_error(
                    "members",
                    _("Row %(row)s: give both the agency and the name.") % {"row": i},
                )
        data["members"] = rows
        return data


class IdentificationApproveForm(CaseActionForm):
    decision = _approve_or_send_back(
        _("Approve the identification record"),
        _("Send it back to the case worker"),
        initial="approve",
        required=False,  # left out: approve (the form had no choice before)
    )
    reason = _text(
        _("Why it is sent back"),
        required=False,
        help_text=_("Required when you send the decision back."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "send_back" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the decision is sent back."))
        return data
