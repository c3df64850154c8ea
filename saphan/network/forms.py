from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.cases.enums import TipSource, Urgency
from saphan.core.forms import (
    ChecklistWidget,
    SentOnceFormMixin,
    StyledFormMixin,
    SubmissionKeyField,
    ThaiDateField,
    ThaiDateTimeField,
)
from saphan.geo.forms import district_field, province_field, subdistrict_field
from saphan.geo.models import Province
from saphan.geo.selectors import districts_of, subdistricts_of

from .models import ReferralService, RiskFactor, TipCloseReason

URGENCY_CHOICES = [
    (Urgency.IMMEDIATE, _("Someone is in danger now")),
    (Urgency.URGENT, _("Urgent: within a day")),
    (Urgency.ROUTINE, _("Not urgent")),
]


class SeenAtField(ThaiDateTimeField):
    """A day, and the time if the reporter knows it (a missing time reads as now today, else noon)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields[1].required = False
        self.require_all_fields = False

    def compress(self, data_list):
        if data_list and data_list[0] and not data_list[1]:
            day = data_list[0]
            if day == timezone.localdate():
                return timezone.now().replace(second=0, microsecond=0)
            return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
        return super().compress(data_list)


class AreaFormMixin:
    """Province → district → subdistrict → village pickers (DOPA codes), filled by htmx."""

    def _areas(self, data, initial_province=None):
        province = (data.get("province") if data else None) or initial_province
        district = data.get("district") if data else None
        subdistrict = data.get("subdistrict") if data else None
        self.fields["district"].queryset = districts_of(province)
        self.fields["subdistrict"].queryset = subdistricts_of(district)
        self.village_subdistrict = subdistrict or ""


class TipFormBase(AreaFormMixin, StyledFormMixin, forms.Form):
    description = forms.CharField(
        label=_("What did you see or hear?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=URGENCY_CHOICES,
        initial=Urgency.ROUTINE,
        widget=forms.RadioSelect,
    )
    seen_at = SeenAtField(
        label=_("When did you see it?"), help_text=_("The time only if you know it.")
    )
    province = province_field(required=True, empty_label=_("— Choose the province —"))
    district = district_field(empty_label=_("— District not known —"))
    subdistrict = subdistrict_field()
    village_code = forms.CharField(
        label=_("Village"), required=False, max_length=8,
        widget=forms.Select(choices=[("", _("Not known"))]),
    )  # fmt: skip
    place_detail = forms.CharField(
        label=_("Place (what is there, a landmark)"), max_length=300, required=False
    )
    reporter_agrees_to_contact = forms.BooleanField(
        label=_("You may contact me about this"), required=False
    )
    reporter_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    reporter_contact = forms.CharField(label=_("Phone or LINE ID"), max_length=200, required=False)

    def __init__(self, *args, province=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {
            "seen_at": [timezone.localdate(), None],
            "province": province,
        } | kwargs["initial"]
        super().__init__(*args, **kwargs)
        self._areas(self.data if self.is_bound else None, initial_province=province)
        self._style()

    def clean_village_code(self):
        return (self.cleaned_data.get("village_code") or "").strip()


class NetworkTipForm(TipFormBase):
    pass


class PublicTipForm(TipFormBase):
    # Left empty by people; bots fill every field they find.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    # Checked by its content on the server (services/tips._photo); `accept` only helps the phone
    # offer its camera and gallery.
    photo = forms.FileField(
        label=_("A photo (if you have one)"), required=False,
        help_text=_("The place or a vehicle, not a person's face if you can avoid it. Where and when it was taken is removed from the photo."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )  # fmt: skip
    share_location = forms.BooleanField(
        label=_("Send my phone's location (about 1 km)"), required=False,
        help_text=_("Only if you tick this box, the phone asks you and sends where you are now, rounded to about 1 km."),
    )  # fmt: skip
    # Filled by static/network/tip_location.js after the tick; ignored without it.
    latitude = forms.DecimalField(
        required=False, widget=forms.HiddenInput, max_digits=12, decimal_places=8
    )
    longitude = forms.DecimalField(
        required=False, widget=forms.HiddenInput, max_digits=12, decimal_places=8
    )

    def clean(self):
        data = super().clean()
        if not data.get("share_location"):
            data["latitude"] = data["longitude"] = None  # no consent, no position
        return data


class HotlineTipForm(TipFormBase):
    source = forms.ChoiceField(
        label=_("Source"), choices=TipSource.choices, initial=TipSource.HOTLINE_1300
    )
    reporter_agrees_to_contact = forms.BooleanField(
        label=_("The caller agrees to be contacted again"), required=False
    )
    reporter_name = forms.CharField(label=_("Caller's name"), max_length=200, required=False)
    reporter_contact = forms.CharField(
        label=_("Caller's phone or LINE ID"), max_length=200, required=False
    )


class TipLookupForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=11)


class TriageOpenForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class TriageAttachForm(TriageOpenForm):
    case_code = forms.CharField(label=_("Case code"), max_length=20)


class TriageReferForm(StyledFormMixin, forms.Form):
    province = forms.ModelChoiceField(
        label=_("Refer to the province"), queryset=Province.objects.order_by("name_th")
    )
    note = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class TriageCloseForm(StyledFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=TipCloseReason.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class MembersImportForm(SentOnceFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    submission_key = SubmissionKeyField()


class FollowUpAssignForm(StyledFormMixin, forms.Form):
    follow_up = forms.UUIDField(widget=forms.HiddenInput)
    volunteer = forms.UUIDField(label=_("Volunteer"))
    purpose = forms.CharField(
        label=_("Purpose of the visit"),
        max_length=500,
        initial=_(
            "Follow-up visit: how the person lives now, work, family, any risk of being recruited again"
        ),
    )


class VisitRecordForm(StyledFormMixin, forms.Form):
    done_on = ThaiDateField(label=_("Visited on"))
    findings = forms.CharField(
        label=_("What you found"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    risk_factors = forms.MultipleChoiceField(
        label=_("Risks you saw"), choices=RiskFactor.choices, required=False,
        widget=ChecklistWidget,
    )  # fmt: skip
    # A returnee's follow-up only (the page shows it there): the risks seen reach the household.
    household_code = forms.CharField(
        label=_("Household id in the household survey (จปฐ.), if you know it"), required=False,
        max_length=20,
        help_text=_("The risks you ticked are then added to this household in the province's "
                    "outreach list."),
    )  # fmt: skip
    referrals = forms.MultipleChoiceField(
        label=_("Referred to services"), choices=ReferralService.choices, required=False,
        widget=ChecklistWidget,
    )  # fmt: skip
    awareness_given = forms.BooleanField(
        label=_("I talked about safe migration and online job scams"), required=False
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"done_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self._style()


class VisitChangeForm(StyledFormMixin, forms.Form):
    """Cancel a visit not yet made, or give it to another volunteer; the reason is kept."""

    action = forms.ChoiceField(choices=[("reassign", "reassign"), ("cancel", "cancel")])
    volunteer = forms.ChoiceField(label=_("Give the visit to"), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, volunteers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].choices = [
            ("", "—"),
            *((str(v), label) for v, label in volunteers),
        ]
        self._style()  # Bootstrap's full-width fields: unstyled, the choice ran 577 px on a phone

    def clean(self):
        d = super().clean()
        if d.get("action") == "reassign" and not d.get("volunteer"):
            self.add_error("volunteer", _("Choose a volunteer."))
        return d
