from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from saphan.cases.forms import StyledFormMixin
from saphan.core.forms import ThaiDateField
from saphan.geo.models import Province
from saphan.orgs.models import Agency, User

from .models import Course
from .rules import central


class SessionForm(StyledFormMixin, forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=Course.objects.filter(is_active=True), to_field_name="code"
    )
    starts_on = ThaiDateField(label=_("Starts"))
    ends_on = ThaiDateField(label=_("Ends"))
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.none(), required=False
    )
    organiser = forms.ModelChoiceField(
        label=_("Organising agency"), queryset=Agency.objects.none(), required=False
    )
    place = forms.CharField(label=_("Place"), max_length=255, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Province.objects.all()
        agencies = Agency.objects.filter(is_active=True)
        if central.test(actor):
            self.fields["province"].help_text = _("Leave empty for a national session.")
        elif actor.has_role("regional_officer") and actor.region_id:
            provinces = provinces.filter(region_id=actor.region_id)
            agencies = agencies.filter(region_id=actor.region_id)
            self.fields["province"].help_text = _("Leave empty for a session of the whole region.")
        else:
            provinces = provinces.filter(pk=actor.province_id)
            agencies = agencies.filter(province_id=actor.province_id)
            self.fields["province"].required = True
            self.fields["province"].initial = actor.province_id
        self.fields["province"].queryset = provinces
        self.fields["organiser"].queryset = agencies.order_by("province_id", "name_th")
        self.fields["organiser"].initial = actor.agency_id
        self._style()


class CompletionForm(StyledFormMixin, forms.Form):
    username = forms.CharField(
        label=_("Staff member (username)"),
        max_length=150,
        widget=forms.TextInput(attrs={"list": "staff-usernames", "autocomplete": "off"}),
    )
    completed_on = ThaiDateField(label=_("Completed on"))
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=80, required=False
    )
    certificate_file = forms.FileField(
        label=_("Certificate file (optional)"),
        required=False,
        help_text=_("PDF or image, at most 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(_("There is no account with this username."))
        self.cleaned_data["user"] = user
        return username

    def clean_certificate_file(self):
        f = self.cleaned_data.get("certificate_file")
        if f:
            if f.size > 2 * 1024 * 1024:
                raise forms.ValidationError(_("The file is larger than 2 MB."))
            name = f.name.lower()
            if not name.endswith((".pdf", ".jpg", ".jpeg", ".png")):
                raise forms.ValidationError(_("Upload a PDF, JPG or PNG file."))
        return f


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Training records (XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
