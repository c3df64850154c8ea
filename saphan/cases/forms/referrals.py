"""Referrals and transfers to other agencies."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import (
    StyledFormMixin,
    ThaiDateTimeField,
)

from .. import enums
from .common import AgencyGroupField, CaseActionForm, RecordChoiceField, _text, describe_referral

# --- referrals and transfers ------------------------------------------------------------------------


class ReferralForm(CaseActionForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        widget=forms.RadioSelect,
        choices=enums.ReferralKind.choices,
        initial=enums.ReferralKind.REFERRAL,
    )
    to_agency = AgencyGroupField(label=_("Send to"))
    reason = forms.ChoiceField(label=_("Reason"), choices=enums.ReferralReason.choices)
    details = _text(
        _("Details and arrangements"),
        required=False,
        help_text=_("What is asked of the agency. Do not write the person's name here."),
    )
    share_identity = forms.ChoiceField(
        label=_("What the agency receives"),
        widget=forms.RadioSelect,
        initial="yes",
        choices=[
            ("yes", _("The case and who the person is (name, documents, contacts)")),
            ("no", _("The case only, without who the person is")),
        ],
        help_text=_("A transfer always carries who the person is."),
    )
    consent_recorded = forms.BooleanField(
        label=_("The person agreed that this agency may know who they are"), required=False
    )
    consent_at = ThaiDateTimeField(label=_("When the person agreed"), required=False)
    consent_note = _text(
        _("About the consent"),
        required=False,
        rows=2,
        help_text=_("How it was given, e.g. a signed consent form, or aloud with the interpreter."),
    )
    override_reason = _text(
        _("Supervisor's override: why identity must be shared without consent"),
        required=False,
        help_text=_(
            "Only when the person cannot consent and waiting would harm them. The reason is "
            "kept on the case."
        ),
    )

    def __init__(self, *args, case, user=None, **kwargs):
        super().__init__(*args, case=case, user=user, **kwargs)
        self.fields["to_agency"].set_agencies(
            first_province_id=case.province_id,
            exclude=(case.agency_id, getattr(user, "agency_id", None)),
        )
        if user is None or not user.has_perm("cases.transfer_case", case):
            self.fields["kind"].choices = [
                c for c in enums.ReferralKind.choices if c[0] != enums.ReferralKind.TRANSFER
            ]
        self.can_override = bool(user and user.has_perm("cases.override_referral_consent", case))
        if not self.can_override:
            del self.fields["override_reason"]

    def clean(self):
        data = super().clean()
        data["share_identity"] = data.get("share_identity") != "no"
        data.setdefault("override_reason", "")
        if not data.get("consent_recorded"):
            data["consent_at"] = None
        return data


class ReferralWithdrawForm(CaseActionForm):
    referral = RecordChoiceField(label=_("Referral"), describe=describe_referral)
    reason = _text(_("Why the referral is withdrawn"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral"].set_records(self.records.pending_referrals)


class ReferralAnswerForm(StyledFormMixin, forms.Form):
    """The receiving agency's answer; it sees the referral, not the case, until it accepts."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    answer = forms.ChoiceField(
        label=_("Answer"),
        widget=forms.RadioSelect,
        choices=[("accept", _("Accept the referral")), ("decline", _("Decline it"))],
    )
    decline_reason = _text(
        _("Why it is declined"), required=False, help_text=_("Required when you decline.")
    )

    def __init__(self, *args, referral, **kwargs):
        self.referral = referral
        initial = {"version": referral.case.version, "submission_key": uuid.uuid4()}
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)
        self._style()
