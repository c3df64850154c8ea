"""Intake (stage 1): a tip or a referral becomes a case."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import (
    StyledFormMixin,
    ThaiDateTimeField,
)
from saphan.orgs.models import Agency

from .. import enums
from .common import (
    AgencyChoiceField,
    _line,
    _province,
    _text,
    _tick,
    agencies_for,
    today_initial,
)

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
    reporter_name = _line(_("Reporter's name"), required=False)
    reporter_contact = _line(
        _("Reporter's contact"), required=False, help_text=_("Phone, LINE ID or e-mail")
    )
    reporter_agrees_to_contact = _tick(_("The reporter agrees to be contacted again"))
    place_province = _province(
        _("Province where it happened"), required=False, empty_label=_("Not known")
    )
    place_detail = _line(
        _("Place"), 300, required=False, help_text=_("District, village, venue, or a place abroad")
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
