"""The stage actions of the case's main line: the person, custody, temporary protection, the
rights notice, moving on, closure, reopening and assignment."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import (
    ChecklistWidget,
    ThaiDateField,
    ThaiDateTimeField,
)
from saphan.orgs.models import Agency
from saphan.orgs.roles import Role
from saphan.people.forms import estimated_age_field
from saphan.people.models import PartyRole

from .. import enums, process
from ..models.stages import Right
from .common import (
    LANGUAGES,
    AgencyChoiceField,
    CaseActionForm,
    UserChoiceField,
    _approve_or_send_back,
    _line,
    _text,
    _tick,
    shelters_for,
    today_initial,
)

# --- stage actions -------------------------------------------------------------------------------


class PersonLinkForm(CaseActionForm):
    full_name = forms.CharField(
        label=_("Name as given"),
        max_length=300,
        required=False,
        help_text=_("As the person says it, in any script; aliases can be added later."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # Sent with the name to the duplicate check, and kept as the new person's estimated age.
    age = estimated_age_field()
    role = forms.ChoiceField(label=_("Role in the case"), choices=PartyRole.choices)
    # Set by the "this is the same person" button of a duplicate-check candidate: the case is
    # linked to that recorded person instead of a new one (people/_candidates.html).
    existing_person = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("existing_person") and not " ".join((data.get("full_name") or "").split()):
            self.add_error("full_name", _("Enter the name as the person gives it."))
        return data


class CustodyForm(CaseActionForm):
    started_at = ThaiDateTimeField(
        label=_("Custody started"),
        help_text=_("The 24-hour clock of s.29 runs from this moment."),
    )
    place = _line(
        _("Where the person is kept"),
        300,
        help_text=_("For example a shelter, a One Stop Crisis Centre room or an office room."),
    )
    place_is_not_a_cell = _tick(
        _("The place is a suitable place, not a cell or detention room"),
        help_text=_(
            "Section 29 of the Anti-Trafficking in Persons Act: a person may be kept for "
            "screening for at most 24 hours, in a suitable place that is not a cell or a "
            "detention room. A court may extend this to at most 7 days."
        ),
    )
    confirm_start = _tick(
        _("The custody start is right, although it is more than 24 hours ago"),
        help_text=_("Only asked when the time entered is hard to believe."),
    )

    def initial_for(self, case):
        return {"started_at": today_initial()}


class CustodyExtensionForm(CaseActionForm):
    order_number = _line(_("Court order number"), 100)
    order_date = ThaiDateField(label=_("Order date"))
    court = _line(_("Court"))
    new_deadline = ThaiDateTimeField(
        label=_("New deadline"),
        help_text=_("At most 7 days from the start of custody (s.29)."),
    )


class CustodyEndForm(CaseActionForm):
    ended_at = ThaiDateTimeField(label=_("Custody ended"))

    def initial_for(self, case):
        return {"ended_at": today_initial()}


class TemporaryProtectionForm(CaseActionForm):
    started_at = ThaiDateTimeField(
        label=_("Started"), help_text=_("The 15-day temporary protection period runs from here.")
    )
    shelter = AgencyChoiceField(label=_("Shelter"), queryset=Agency.objects.none())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["shelter"].queryset = shelters_for(case.province_id)

    def initial_for(self, case):
        return {"started_at": today_initial()}


class RightsNoticeForm(CaseActionForm):
    notified_at = ThaiDateTimeField(label=_("Told on"))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    interpreter_name = _line(_("Interpreter"), required=False)
    rights = forms.MultipleChoiceField(
        label=_("Rights explained"),
        required=False,
        choices=Right.choices,
        widget=ChecklistWidget(),
    )
    person_views = _text(_("The person's views and wishes"), required=False, rows=4)

    def initial_for(self, case):
        return {"notified_at": today_initial(), "language": "th"}


class PhaseAdvanceForm(CaseActionForm):
    to = forms.ChoiceField(label=_("Move the case to"), widget=forms.RadioSelect)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["to"].choices = [(p.value, p.label) for p in process.advance_targets(case)]


class ClosureRequestForm(CaseActionForm):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=enums.ClosureReason.choices)
    details = _text(_("Details"), required=False, rows=4)
    withdraw_referrals_reason = _text(
        _("Withdraw the unanswered referrals, because"),
        required=False,
        rows=2,
        help_text=_(
            "A case is not closed while a referral waits for an answer. Write why, and the "
            "referrals still waiting are withdrawn with this reason when you send the request."
        ),
    )

    @cached_property
    def open_referrals(self) -> list:
        from ..process import open_referrals

        return list(open_referrals(self.case))


class ClosureDecideForm(CaseActionForm):
    decision = _approve_or_send_back(_("Approve the closure"), _("Send it back"))
    note = _text(
        _("Note to the case worker"),
        required=False,
        help_text=_("Required when you send the closure back."),
    )


class ReopenForm(CaseActionForm):
    reason = _text(_("Why the case is reopened"))


class AssignForm(CaseActionForm):
    case_worker = UserChoiceField(label=_("Case worker"), queryset=get_user_model().objects.none())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["case_worker"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True, province_id=case.province_id, roles__contains=[Role.CASE_WORKER]
            )
            .order_by("first_name", "last_name", "username")
        )

    def initial_for(self, case):
        return {"case_worker": case.case_worker_id}
