from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from saphan.core.forms import ThaiDateField, refuse_reversed_dates

from .models import Outcome


class LogSearchForm(forms.Form):
    KIND_CHOICES = [("reads", _("Who saw")), ("changes", _("Who changed"))]

    kind = forms.ChoiceField(label=_("Log"), choices=KIND_CHOICES, required=False, initial="reads")
    outcome = forms.ChoiceField(
        label=pgettext_lazy("audit", "Outcome"),
        choices=[("", _("All"))] + list(Outcome.choices),
        required=False,
        help_text=_("Who saw only: refused attempts, exports, searches, hints"),
    )
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    record = forms.CharField(
        label=_("Record"),
        required=False,
        max_length=100,
        help_text=_("A case code, a record ID or a record type"),
    )
    date_from = ThaiDateField(label=_("From"), required=False)
    date_to = ThaiDateField(label=_("To"), required=False)

    def clean(self):
        data = super().clean()
        refuse_reversed_dates(self, start="date_from", end="date_to", field=None)
        return data
