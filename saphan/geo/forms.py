"""The place pickers of every form that asks for a place: the province, then the district and
the subdistrict, which stay empty until the form narrows them to the chosen province and
district (selectors.districts_of, subdistricts_of) and htmx fills them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import District, Province, Subdistrict

NOT_KNOWN = _("Not known")


def province_field(*, required: bool = False, empty_label: str = NOT_KNOWN) -> forms.Field:
    return forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.all(),  # by Thai name
        required=required,
        empty_label=empty_label,
    )


def district_field(*, empty_label: str = NOT_KNOWN) -> forms.Field:
    return forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=empty_label,
    )


def subdistrict_field() -> forms.Field:
    return forms.ModelChoiceField(
        label=_("Subdistrict"),
        queryset=Subdistrict.objects.none(),
        required=False,
        empty_label=NOT_KNOWN,
    )
