"""Forms of the account pages. No field for a password, the staff flag, superuser, groups or
Django permissions: nothing posted under those names is read."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from saphan.core.forms import SentOnceFormMixin, SubmissionKeyField
from saphan.geo.models import Province, Region

from .models import Agency
from .roles import Jurisdiction, Role
from .services_accounts import AccountInput


class AgencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class AccountForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("The link to choose a password is sent here; only the owner may use it."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), choices=Jurisdiction.choices)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("order"), required=False
    )
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name_th"), required=False
    )
    agency = AgencyChoice(
        label=_("Agency"),
        queryset=Agency.objects.filter(is_active=True).select_related("province"),
        required=False,
    )
    reason = forms.CharField(
        label=_("Why (for the approver)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "A role that opens case files, or a change of jurisdiction or agency of such an "
            "account, waits for a central officer's approval."
        ),
    )

    def __init__(self, *args, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing is not None:
            self.fields["username"].disabled = True
        for name, field in self.fields.items():
            if name != "roles":
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", css)

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean(self):
        data = super().clean()
        roles = set(data.get("roles") or ())
        staff_roles = roles - {Role.VOLUNTEER, Role.YOUTH_COUNCIL}
        if staff_roles and not data.get("email") and self.editing is None:
            self.add_error("email", _("A staff account needs an e-mail address for its link."))
        return data

    def to_input(self) -> AccountInput:
        d = self.cleaned_data
        return AccountInput(
            username=d["username"],
            first_name=d["first_name"],
            last_name=d.get("last_name") or "",
            name_en=d.get("name_en") or "",
            email=d.get("email") or "",
            roles=list(d["roles"]),
            jurisdiction=d["jurisdiction"],
            region_id=d["region"].pk if d.get("region") else None,
            province_id=d["province"].pk if d.get("province") else None,
            agency=d.get("agency"),
        )


class AccountSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name_th"), required=False
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Every role")), *Role.choices], required=False
    )
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("All")),
            ("1", pgettext_lazy("account status", "Active")),
            ("0", _("Deactivated")),
        ],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("province", "role", "active"):
            self.fields[name].widget.attrs["class"] = "form-select"


class StaffImportForm(SentOnceFormMixin, forms.Form):
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none())
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    reason = forms.CharField(
        label=_("Why (for the approver)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    submission_key = SubmissionKeyField()

    def __init__(self, *args, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the provinces of the administrator's own area are offered (and accepted).
        if provinces is not None:
            self.fields["province"].queryset = provinces
            if len(choices := list(provinces[:2])) == 1:
                self.fields["province"].initial = choices[0].pk
        self.fields["province"].widget.attrs["class"] = "form-select"
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx"})
        self.fields["reason"].widget.attrs["class"] = "form-control"


class GrantDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    reason = forms.CharField(label=_("Reason"), max_length=1000)
