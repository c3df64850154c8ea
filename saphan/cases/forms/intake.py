"""Intake (stage 1): a tip or a referral becomes a case."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import (
    StyledFormMixin,
    ThaiDateTimeField,
)
from saphan.geo.models import Province
from saphan.orgs.models import Agency

from .. import enums
from .common import AgencyChoiceField, _text, agencies_for, today_initial

# --- intake (stage 1) ------------------------------------------------------------------------


class IntakeForm(StyledFormMixin, forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    received_at = ThaiDateTimeField(label=_("Received"))
    source = forms.ChoiceField(label=_("Source"), choices=enums.TipSource.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=enums.Channel.choices)
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=enums.Urgency.choices, initial=enums.Urgency.ROUTINE
    )
    referring_agency = AgencyChoiceField(
        label=_("Referring agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("None (not referred by an agency)"),
    )
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=200, required=False)
    reporter_contact = forms.CharField(
        label=_("Reporter's contact"),
        max_length=200,
        required=False,
        help_text=_("Phone, LINE ID or e-mail"),
    )
    reporter_agrees_to_contact = forms.BooleanField(
        label=_("The reporter agrees to be contacted again"), required=False
    )
    place_province = forms.ModelChoiceField(
        label=_("Province where it happened"),
        queryset=Province.objects.order_by("name_th"),
        required=False,
        empty_label=_("Not known"),
    )
    place_detail = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("District, village, venue, or a place abroad"),
    )
    description = _text(
        _("What was reported"),
        rows=5,
        help_text=_(
            "What happened, where, and whether someone is in danger now. Do not write the "
            "person's name here: link the person instead. Everyone working on the case reads "
            "this text."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {
            "submission_key": uuid.uuid4(),
            "received_at": today_initial(),
            "place_province": getattr(user, "province_id", None),
        } | kwargs["initial"]
        super().__init__(*args, **kwargs)
        self.fields["referring_agency"].queryset = agencies_for(getattr(user, "province_id", None))
        self._style()
