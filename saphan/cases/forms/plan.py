"""Stage 7: the assistance plan, its services, shelter stays."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import ThaiDateField
from saphan.orgs.models import Agency

from .. import enums
from .common import (
    AgencyChoiceField,
    CaseActionForm,
    RecordChoiceField,
    _line,
    _text,
    _today,
    agencies_for,
    describe_service,
    shelters_for,
)

# --- stage 7: the plan, its services, shelter stays ---------------------------------------------


class AssistancePlanForm(CaseActionForm):
    objectives = _text(
        _("What the plan is for"),
        help_text=_("The person's needs and goals, agreed with them (s.33)."),
    )
    action_plan = _text(_("How, and who does what"), required=False, rows=4)
    started_on = ThaiDateField(label=_("Plan starts"))
    planned_end = ThaiDateField(label=_("Planned end"))

    def initial_for(self, case):
        return {"started_on": _today()}


class AssistancePlanCloseForm(CaseActionForm):
    actual_end = ThaiDateField(label=_("The plan ended on"))

    def initial_for(self, case):
        return {"actual_end": _today()}

    def clean(self):
        data = super().clean()
        data["plan"] = self.records.open_plan
        if data["plan"] is None:
            raise ValidationError(_("This case has no open assistance plan."))
        return data


class PlannedServiceForm(CaseActionForm):
    type = forms.ChoiceField(label=_("Type of support"), choices=enums.SupportType.choices)
    description = _text(_("What will be done"), required=False)
    provider_agency = AgencyChoiceField(
        label=_("Providing agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("Not an agency in the list"),
    )
    provider_name = _line(
        _("Or the provider's name"),
        required=False,
        help_text=_("A person or an organisation not in the list, e.g. the interpreter."),
    )
    planned_start = ThaiDateField(label=_("Planned start"))
    planned_end = ThaiDateField(label=_("Planned end"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["provider_agency"].queryset = agencies_for(case.province_id)

    def initial_for(self, case):
        return {"planned_start": _today()}

    def clean(self):
        data = super().clean()
        data["plan"] = self.records.open_plan
        if data["plan"] is None:
            raise ValidationError(_("Make the assistance plan first."))
        return data


class PlannedServiceUpdateForm(CaseActionForm):
    service = RecordChoiceField(label=_("Service"), describe=describe_service)
    status = forms.ChoiceField(
        label=_("What happened"),
        widget=forms.RadioSelect,
        choices=[
            (enums.ServiceStatus.IN_PROGRESS, _("The service started")),
            (enums.ServiceStatus.DONE, _("The service is done")),
            (enums.ServiceStatus.CANCELLED, _("The service was cancelled")),
        ],
    )
    actual_start = ThaiDateField(
        label=_("Started on"), required=False, help_text=_("Needed once the service has started.")
    )
    actual_end = ThaiDateField(
        label=_("Ended on"), required=False, help_text=_("Needed when the service is done.")
    )
    outcome = _text(
        _("Outcome"),
        required=False,
        help_text=_("How the service went; for a cancelled service, why."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].set_records(self.records.open_services)


class ShelterStayForm(CaseActionForm):
    shelter = AgencyChoiceField(label=_("Shelter"), queryset=Agency.objects.none())
    started_on = ThaiDateField(label=_("Arrived on"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["shelter"].queryset = shelters_for(case.province_id)

    def initial_for(self, case):
        return {"started_on": _today()}


class ShelterStayEndForm(CaseActionForm):
    ended_on = ThaiDateField(label=_("Left on"))
    exit_reason = forms.ChoiceField(
        label=_("Why the stay ended"), choices=[("", "—")] + enums.ShelterExitReason.choices
    )
    exit_note = _text(_("About the exit"), required=False)

    def initial_for(self, case):
        return {"ended_on": _today()}

    def clean(self):
        data = super().clean()
        data["stay"] = self.records.open_stay
        if data["stay"] is None:
            raise ValidationError(_("The person is not staying in a shelter now."))
        return data
