from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from saphan.cases.enums import ExploitationType
from saphan.cases.process import OPEN_PHASES, Phase
from saphan.core import uploads
from saphan.core.forms import (
    TextLimitsMixin,
    ThaiDateField,
    ThaiDateInput,
    refuse_reversed_dates,
)
from saphan.geo.models import Province, Region

from .models import DocKind

STAGE_CHOICES = [(p, Phase(p).label) for p in OPEN_PHASES]
# A practice's attachment: a report, photos, a form or a spreadsheet, checked by its content.
ATTACHMENT_KINDS = (uploads.PDF, uploads.PNG, uploads.JPEG, *uploads.OFFICE)
ATTACHMENT_MAX_BYTES = 10 * uploads.MB


class PracticeForm(TextLimitsMixin, forms.Form):
    title = forms.CharField(label=pgettext_lazy("practice or workshop", "Title"), max_length=300)
    context = forms.CharField(label=_("Context"), widget=forms.Textarea(attrs={"rows": 3}))
    problem = forms.CharField(label=_("Problem"), widget=forms.Textarea(attrs={"rows": 3}))
    action = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    result = forms.CharField(
        label=_("Result and evidence"), widget=forms.Textarea(attrs={"rows": 3})
    )
    reuse_conditions = forms.CharField(
        label=_("Conditions for reuse"), widget=forms.Textarea(attrs={"rows": 3})
    )
    phases = forms.MultipleChoiceField(
        label=_("Stages"), choices=STAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    exploitation_types = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=ExploitationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nationalities = forms.CharField(
        label=_("Nationalities"),
        required=False,
        max_length=100,
        help_text=_("Two-letter country codes separated by commas, e.g. TH, MM, LA, KH"),
    )
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )
    agencies = forms.CharField(label=_("Agencies involved"), max_length=500, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def clean_nationalities(self):
        raw = self.cleaned_data.get("nationalities") or ""
        codes = [c.strip().upper() for c in raw.replace(" ", ",").split(",") if c.strip()]
        bad = [c for c in codes if len(c) != 2 or not c.isascii() or not c.isalpha()]
        if bad:
            raise ValidationError(
                _("Not a two-letter country code: %(codes)s"), params={"codes": ", ".join(bad)}
            )
        return codes

    def clean_attachment(self):
        f = self.cleaned_data.get("attachment")
        if f:
            uploads.check_upload(
                f,
                kinds=ATTACHMENT_KINDS,
                limit=ATTACHMENT_MAX_BYTES,
                refused=_(
                    "Only PDF, PNG or JPEG files, or Word, Excel, PowerPoint or OpenDocument "
                    "files can be attached."
                ),
            )
        return f


class ReviewForm(TextLimitsMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("comment", _("Comment")),
            ("changes", _("Request changes")),
            ("publish", _("Publish")),
        ]
    )
    text = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class UsedForm(TextLimitsMixin, forms.Form):
    outcome = forms.CharField(label=_("What came of it"), max_length=500)


class LessonForm(TextLimitsMixin, forms.Form):
    phase = forms.ChoiceField(label=_("Stage"), choices=[("", "—"), *STAGE_CHOICES], required=False)
    what_happened = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    what_worked = forms.CharField(
        label=_("What worked"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    what_did_not = forms.CharField(
        label=_("What did not work"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    proposals = forms.CharField(
        label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WorkshopForm(TextLimitsMixin, forms.Form):
    title = forms.CharField(label=pgettext_lazy("practice or workshop", "Title"), max_length=300)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all())
    provinces = forms.ModelMultipleChoiceField(
        label=_("Provinces"), queryset=Province.objects.all(), required=False
    )
    held_on = ThaiDateField(label=_("Date"), help_text=_("Day/month/year, e.g. 15/06/2565"))
    participants = forms.CharField(
        label=_("Participants"), widget=forms.Textarea(attrs={"rows": 2})
    )
    participant_count = forms.IntegerField(label=_("Number of participants"), min_value=0)


class SearchForm(TextLimitsMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *DocKind.choices]
    )
    phase = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *STAGE_CHOICES]
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.all(),
        empty_label=_("All regions"),
    )
    # The core Thai date field: its placeholder says B.E. in Thai (this page's own one said
    # "ค.ศ." while the field reads a Thai year as B.E.).
    date_from = ThaiDateField(
        label=_("From"), required=False, widget=ThaiDateInput(attrs={"class": "form-control"})
    )
    date_to = ThaiDateField(
        label=_("To"), required=False, widget=ThaiDateInput(attrs={"class": "form-control"})
    )

    def clean(self):
        data = super().clean()
        refuse_reversed_dates(self, start="date_from", end="date_to", field="date_to")
        return data
