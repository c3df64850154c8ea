from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from saphan.core import uploads
from saphan.core.forms import (
    ChecklistWidget,
    SentOnceFormMixin,
    StyledFormMixin,
    SubmissionKeyField,
    ThaiDateField,
)
from saphan.geo.models import Province
from saphan.orgs.models import Agency, User
from saphan.orgs.roles import Role

from .models import MAX_VALIDITY_MONTHS, Competency, Course
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
            uploads.check_upload(
                f,
                kinds=(uploads.PDF, uploads.PNG, uploads.JPEG),
                limit=2 * uploads.MB,
                refused=_("Upload a PDF, JPG or PNG file."),
            )
        return f


class ImportForm(SentOnceFormMixin, StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Training records (XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    submission_key = SubmissionKeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CompetencyForm(StyledFormMixin, forms.Form):
    """A competency of the table. The code is typed once, when it is made; the rules (validity
    range, duplicate code) are the service's."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Lower-case Latin letters, digits and _ only, e.g. victim_interviewing."),
    )
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=255)
    name_en = forms.CharField(label=_("Name (English)"), max_length=255)
    validity_months = forms.IntegerField(
        label=_("A course counts for (months)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
        help_text=_(
            "For example 36 for three years. 0 or empty: a course never has to be refreshed."
        ),
    )
    courses = forms.ModelMultipleChoiceField(
        label=_("Courses that give it"),
        queryset=Course.objects.order_by("code"),
        required=False,
        widget=ChecklistWidget,
    )
    description_th = forms.CharField(
        label=_("Description (Thai)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, competency: Competency | None = None, **kwargs):
        if competency is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name_th": competency.name_th,
                    "name_en": competency.name_en,
                    "validity_months": competency.validity_months or 0,
                    "courses": list(competency.courses.all()),
                    "description_th": competency.description_th,
                    "description_en": competency.description_en,
                },
            )
        super().__init__(*args, **kwargs)
        if competency is not None:
            del self.fields["code"]  # fixed once made (services.competency_save)
        self.fields["validity_months"].widget.attrs.update({"min": 0, "max": MAX_VALIDITY_MONTHS})
        self.fields["courses"].label_from_instance = lambda c: (
            f"{c.name} ({c.code})" + ("" if c.is_active else f" — {_('no longer offered')}")
        )
        self._style()

    def service_fields(self) -> dict:
        d = self.cleaned_data
        return {
            name: d.get(name) for name in ("name_th", "name_en", "description_th", "description_en")
        } | {"validity_months": d.get("validity_months")}


class RequirementGridForm(forms.Form):
    """The role x competency grid as posted: ``need`` for every ticked cell and ``had`` for
    every cell that was ticked when the page was drawn, each "<competency id>:<role>". The
    changes are the cells whose state differs, so only what the officer clicked is written."""

    need = forms.MultipleChoiceField(required=False)
    had = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        cells = [
            (f"{c.pk}:{role}", f"{c.pk}:{role}")
            for c in competencies
            for role, _label in Role.choices
        ]
        self.fields["need"].choices = cells
        self.fields["had"].choices = cells
        self._competencies = {str(c.pk): c for c in competencies}

    def changes(self) -> dict:
        need, had = set(self.cleaned_data["need"]), set(self.cleaned_data["had"])
        out = {}
        for cell in need ^ had:
            pk, role = cell.split(":", 1)
            out[(self._competencies[pk], role)] = cell in need
        return out
