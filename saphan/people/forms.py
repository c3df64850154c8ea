from django import forms
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import TextLimitsMixin, ThaiDateField, ThaiIDField

from .codes import COUNTRY_CHOICES
from .models import MAX_AGE, Sex


def estimated_age_field() -> forms.IntegerField:
    """About how old a person is, when no date of birth is known: most victims without papers
    give an age. The duplicate check reads it as evidence, and the case page's person form also
    records it as the person's estimated age."""
    return forms.IntegerField(
        label=_("Age, if the date of birth is not known"),
        help_text=_("About how old the person is, in years."),
        min_value=0,
        max_value=MAX_AGE,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class DuplicateCheckForm(TextLimitsMixin, forms.Form):
    """What a worker has typed so far about a new person. Two names: as the person said or
    the Thai card shows it, and as another document (a passport) writes it."""

    name = forms.CharField(label=_("Name"), max_length=300, required=False)
    name_other = forms.CharField(
        label=_("Name in another script"),
        max_length=300,
        required=False,
        help_text=_("For example as written in a passport, in Latin letters."),
    )
    birth_date = ThaiDateField(label=_("Date of birth"), required=False)
    age = estimated_age_field()
    id_number = ThaiIDField(label=_("Thai ID number"), required=False)
    other_number = forms.CharField(
        label=_("Passport or other document number"), max_length=50, required=False
    )
    # Evidence for the score when known (people/weights.py), never a filter.
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[("", _("Not known")), (Sex.FEMININE, Sex.FEMININE.label),
                 (Sex.MASCULINE, Sex.MASCULINE.label)],
    )  # fmt: skip
    nationality = forms.ChoiceField(
        label=_("Nationality"), required=False, choices=[("", _("Not known")), *COUNTRY_CHOICES]
    )


class AccessRequestForm(TextLimitsMixin, forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=500)
    reason = forms.CharField(
        label=_("Why do you need to see this person?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AccessDecisionForm(TextLimitsMixin, forms.Form):
    grant = forms.TypedChoiceField(
        choices=[("1", _("Grant")), ("0", _("Decline"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)
