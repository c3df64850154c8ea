"""Stage 8: legal proceedings, testimonies and protection measures."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import (
    ThaiDateField,
    ThaiDateTimeField,
)

from .. import enums
from .common import (
    CaseActionForm,
    RecordChoiceField,
    _line,
    _text,
    _today,
    describe_proceeding,
    describe_testimony,
)

# --- stage 8: legal proceedings -------------------------------------------------------------------


def _court_fields() -> tuple[forms.CharField, forms.CharField, forms.CharField]:
    """The prosecutor's office, the court and the court case number, on both proceedings
    forms."""
    return (
        _line(_("Public prosecutor's office"), required=False),
        _line(_("Court"), required=False),
        _line(_("Court case number"), 100, required=False),
    )


class LegalProceedingForm(CaseActionForm):
    police_case_number = _line(_("Police case number"), 100, required=False)
    police_station = _line(_("Police station"), required=False)
    prosecutor, court, court_case_number = _court_fields()
    victim_role = forms.ChoiceField(
        label=_("The person's role in the case"), choices=enums.VictimRole.choices
    )
    status = forms.ChoiceField(
        label=_("Where the case is now"),
        choices=enums.ProceedingStatus.choices,
        initial=enums.ProceedingStatus.INVESTIGATION,
    )
    notes = _text(_("Notes"), required=False)


class LegalProceedingUpdateForm(CaseActionForm):
    proceeding = RecordChoiceField(label=_("Proceedings"), describe=describe_proceeding)
    status = forms.ChoiceField(
        label=_("Where the case is now"), choices=enums.ProceedingStatus.choices
    )
    prosecutor, court, court_case_number = _court_fields()
    victim_role = forms.ChoiceField(
        label=_("The person's role in the case"),
        required=False,
        choices=[("", _("Unchanged"))] + enums.VictimRole.choices,
    )
    notes = _text(_("Notes"), required=False, help_text=_("Empty fields keep what is recorded."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["proceeding"]
        field.set_records(self.records.proceedings)
        # Opened from one proceeding's button: start from what is recorded for it.
        chosen = field.objects.get(str(self.initial.get("proceeding") or field.initial or ""))
        if chosen is not None and not self.is_bound:
            for name in ("status", "prosecutor", "court", "court_case_number", "notes"):
                self.initial[name] = getattr(chosen, name)


class TestimonyForm(CaseActionForm):
    proceeding = RecordChoiceField(label=_("Proceedings"), describe=describe_proceeding)
    kind = forms.ChoiceField(
        label=_("Kind of testimony"), choices=enums.WitnessTestimonyKind.choices
    )
    scheduled_at = ThaiDateTimeField(
        label=_("Date and time"), help_text=_("A date to come, or one that has passed.")
    )
    place = _line(_("Place"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proceeding"].set_records(self.records.proceedings)


class TestimonyGivenForm(CaseActionForm):
    testimony = RecordChoiceField(label=_("Testimony"), describe=describe_testimony)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["testimony"].set_records(testimonies_to_confirm(self.records))


def testimonies_to_confirm(records) -> list:
    """Testimony dates that have come and are not yet recorded as given."""
    now = timezone.now()
    return [t for t in records.testimonies if not t.done and t.scheduled_at <= now]


class ProtectionMeasureForm(CaseActionForm):
    proceeding = RecordChoiceField(label=_("Proceedings"), describe=describe_proceeding)
    measure = forms.ChoiceField(
        label=_("Protection measure"), choices=enums.ProtectionMeasureKind.choices
    )
    started_on = ThaiDateField(label=_("From"))
    ended_on = ThaiDateField(label=_("Until"), required=False)
    details = _text(_("Details"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proceeding"].set_records(self.records.proceedings)

    def initial_for(self, case):
        return {"started_on": _today()}
