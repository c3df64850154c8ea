"""Forms of "same person": merging two persons, undoing it, deciding a linkage pair."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or case code"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )


class MergeForm(forms.Form):
    keep = forms.UUIDField(label=_("Which record is kept"))
    reason = forms.CharField(
        label=_("Why are these records the same person?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class UndoForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the merge undone?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class DismissForm(forms.Form):
    note = forms.CharField(
        label=_("Why are they not the same person?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
