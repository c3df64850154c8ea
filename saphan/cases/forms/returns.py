"""Stages 11-12: family assessment, return, reintegration and follow-up visits."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import ThaiDateField
from saphan.people.codes import COUNTRY_CHOICES, STATELESS, UNKNOWN_COUNTRY

from .. import enums
from .common import (
    AgencyGroupField,
    CaseActionForm,
    CounterpartChoiceField,
    RecordChoiceField,
    _line,
    _province,
    _text,
    _today,
    describe_return,
    describe_visit,
)

# --- stages 11-12: family assessment, return, reintegration, follow-up -----------------------------


class FamilyAssessmentForm(CaseActionForm):
    assessed_on = ThaiDateField(label=_("Assessed on"))
    assessor = _line(_("Assessed by"), help_text=_("Name, position and agency."))
    findings = _text(_("Findings"), rows=4)
    safe_to_return = forms.ChoiceField(
        label=_("Is it safe to return?"),
        choices=enums.SafeToReturn.choices,
        widget=forms.RadioSelect,
    )
    conditions = _text(
        _("Conditions"), required=False, help_text=_("Required when it is safe with conditions.")
    )
    counterpart = CounterpartChoiceField(
        label=_("Family traced with"),
        help_text=_("For a family abroad: the counterpart from the directory who traced it."),
    )

    def initial_for(self, case):
        return {"assessed_on": _today()}


# Places people return to: every listed country, not "stateless" or "unknown".
RETURN_COUNTRIES = [c for c in COUNTRY_CHOICES if c[0] not in {STATELESS, UNKNOWN_COUNTRY}]


class ReturnPlanForm(CaseActionForm):
    kind = forms.ChoiceField(
        label=_("Kind of return"), choices=enums.ReturnKind.choices, widget=forms.RadioSelect
    )
    planned_on = ThaiDateField(label=_("Planned return date"))
    destination_country = forms.ChoiceField(
        label=_("Destination country"), choices=RETURN_COUNTRIES, initial="TH"
    )
    destination_province = _province(
        _("Destination province"),
        required=False,
        empty_label="—",
        help_text=_("For a return in Thailand."),
    )
    destination_detail = _line(
        _("Destination"), 300, required=False, help_text=_("District, village or town.")
    )
    counterpart = CounterpartChoiceField(
        label=_("Counterpart from the directory"),
        help_text=_("Foreign counterparts and NGOs kept by the system administrator."),
    )
    counterpart_org = _line(
        _("Counterpart organisation in the country of origin"),
        required=False,
        help_text=_("Required for repatriation (s.38), unless chosen from the directory."),
    )
    counterpart_contact = _line(_("Counterpart's contact"), required=False)
    escort = _line(_("Escorted by"), required=False)


class ReturnCompleteForm(CaseActionForm):
    plan = RecordChoiceField(label=_("Return"), describe=describe_return)
    returned_on = ThaiDateField(label=_("Returned on"))
    handed_over_to = _line(
        _("Handed over to"),
        help_text=_("The family member, or the counterpart officer and their agency."),
    )
    escort = _line(_("Escorted by"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].set_records(self.records.pending_returns)

    def initial_for(self, case):
        return {"returned_on": _today()}


class ReintegrationPlanForm(CaseActionForm):
    home_province = _province(_("Home province"))
    responsible_agency = AgencyGroupField(
        label=_("Responsible agency in the home province"),
        help_text=_("It schedules and makes the follow-up visits."),
    )
    volunteer_name = _line(_("Village volunteer (อพม.)"), required=False)
    volunteer_contact = _line(_("Volunteer's contact"), required=False)
    plan = _text(_("Reintegration plan"), rows=4)
    started_on = ThaiDateField(
        label=_("Reintegration starts"),
        help_text=_("Follow-up visits are scheduled 1, 3, 6 and 12 months from this date."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        agency = self.fields["responsible_agency"]
        agency.set_agencies(first_province_id=case.province_id)
        # With scripts on, the list shows only the agencies of the chosen home province.
        agency.widget.attrs["data-groups-follow"] = self["home_province"].auto_id

    def initial_for(self, case):
        return {"started_on": _today()}


class FollowUpForm(CaseActionForm):
    """A follow-up visit the signed-in worker made: who visited is who records it, never typed
    (a volunteer's visit is recorded from the volunteer's own page, with their name)."""

    visit = RecordChoiceField(label=_("Visit"), describe=describe_visit)
    done_on = ThaiDateField(label=_("Visited on"))
    findings = _text(_("What the visit found"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].set_records(self.records.open_visits)

    def initial_for(self, case):
        return {"done_on": _today()}

    def clean(self):
        data = super().clean()
        if self.user is not None:
            data["visited_by"] = self.user.get_full_name() or self.user.username
        return data


def visits_to_miss(records) -> list:
    """Scheduled visits whose day has passed (clocks.day_end): they can be marked missed."""
    from .. import clocks

    now = timezone.now()
    return [
        v for v in records.visits if v.status == "scheduled" and clocks.day_end(v.due_on) <= now
    ]


class FollowUpMissedForm(CaseActionForm):
    visit = RecordChoiceField(label=_("Visit"), describe=describe_visit)
    reason = _text(_("Why the visit did not happen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].set_records(visits_to_miss(self.records))
