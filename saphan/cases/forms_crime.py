"""Forms of the crime in the case file (places, perpetrators) and of the case's team."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import ChecklistWidget, StyledFormMixin, ThaiDateField
from saphan.geo.models import District, Province
from saphan.people.codes import COUNTRY_CHOICES, STATELESS
from saphan.people.models import Sex

from . import enums
from .forms import CaseActionForm, RecordChoiceField, UserChoiceField

PLACE_COUNTRIES = [c for c in COUNTRY_CHOICES if c[0] != STATELESS]
NATIONALITIES = [("", "—")] + COUNTRY_CHOICES


def district_choices() -> list:
    """Every DOPA district, grouped under its province (a picker that works without script)."""
    groups: dict = {}
    for d in District.objects.select_related("province").order_by("province__name_th", "name_th"):
        groups.setdefault(d.province.name, []).append((d.pk, d.name))
    return [("", "—"), *groups.items()]


class PlaceForm(CaseActionForm):
    place_type = forms.ChoiceField(
        label=_("Stage of the crime"), choices=enums.PlaceType.choices, widget=forms.RadioSelect
    )
    setting = forms.ChoiceField(
        label=_("What kind of place"), choices=[("", "—")] + enums.PlaceSetting.choices
    )
    country = forms.ChoiceField(label=_("Country"), choices=PLACE_COUNTRIES, initial="TH")
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name_th"), required=False,
        empty_label="—", help_text=_("For a place in Thailand."),
    )  # fmt: skip
    district = forms.ChoiceField(
        label=_("District"), required=False, help_text=_("For a place in Thailand.")
    )
    description = forms.CharField(
        label=_("The place"), max_length=300, required=False,
        help_text=_("Town, venue, vessel name, website: what identifies the place."),
    )  # fmt: skip
    date_from = ThaiDateField(label=_("From"), required=False)
    date_to = ThaiDateField(label=_("Until"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = district_choices()

    def clean_district(self):
        code = self.cleaned_data.get("district")
        return District.objects.select_related("province").filter(pk=code).first() if code else None


class PerpetratorFields(forms.Form):
    """A perpetrator's own record, as the case's form and the edit page both ask it."""

    name = forms.CharField(
        label=_("Name or alias"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )  # fmt: skip
    aliases = forms.CharField(
        label=_("Other names and aliases"), max_length=500, required=False,
        help_text=_("Separate them with commas."),
    )  # fmt: skip
    roles = forms.MultipleChoiceField(
        label=_("Role in the process"), choices=enums.PerpetratorRole.choices,
        widget=ChecklistWidget,
    )  # fmt: skip
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—")] + Sex.choices, required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), choices=NATIONALITIES, required=False)


class PerpetratorForm(CaseActionForm, PerpetratorFields):
    relation_to_victim = forms.ChoiceField(
        label=_("Relation to the victim"),
        choices=[("", "—")] + enums.RelationshipToTrafficker.choices, required=False,
    )  # fmt: skip
    relation_details = forms.CharField(
        label=_("Relation, in words"), max_length=200, required=False,
        help_text=_("E.g. employer, neighbour, met on Facebook."),
    )  # fmt: skip
    proceeding = RecordChoiceField(label=_("Legal proceedings"), required=False)
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .forms import describe_proceeding

        self.fields["proceeding"].describe = describe_proceeding
        self.fields["proceeding"].set_records(list(self.records.proceedings))
        if len(self.fields["proceeding"].choices) == 1:  # never preselect a proceeding
            self.fields["proceeding"].choices = [("", "—")] + self.fields["proceeding"].choices
            self.fields["proceeding"].initial = ""


class PerpetratorLinkForm(CaseActionForm):
    """Link a perpetrator found with the search page; the one chosen is the only choice."""

    perpetrator = forms.ChoiceField(label=_("Alleged perpetrator"))
    relation_to_victim = PerpetratorForm.base_fields["relation_to_victim"]
    relation_details = PerpetratorForm.base_fields["relation_details"]
    proceeding = RecordChoiceField(label=_("Legal proceedings"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .forms import describe_proceeding

        self.fields["proceeding"].describe = describe_proceeding
        self.fields["proceeding"].set_records(list(self.records.proceedings))
        if len(self.fields["proceeding"].choices) == 1:
            self.fields["proceeding"].choices = [("", "—")] + self.fields["proceeding"].choices
            self.fields["proceeding"].initial = ""
        from saphan.orgs.access import visible_perpetrators

        chosen = (self.data.get("perpetrator") if self.is_bound else None) or self.initial.get(
            "perpetrator"
        )
        self._found = None
        if chosen:
            try:
                self._found = visible_perpetrators(self.user).filter(pk=chosen).first()
            except (ValueError, DjangoValidationError):
                self._found = None
        self.fields["perpetrator"].choices = (
            [(str(self._found.pk), perpetrator_label(self._found))] if self._found else []
        )
        self.fields["perpetrator"].help_text = _(
            "Find them first on the perpetrators page, then choose “Link to this case”."
        )

    def clean_perpetrator(self):
        if self._found is None:
            raise forms.ValidationError(_("Find the perpetrator on the perpetrators page first."))
        return self._found


def perpetrator_label(p) -> str:
    aliases = f" ({p.aliases})" if p.aliases else ""
    return f"{p.name or '—'}{aliases}"


class MemberChoiceField(UserChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} · {obj.agency.name}" if obj.agency_id else obj.display_name


class MdtMemberForm(CaseActionForm):
    member = MemberChoiceField(label=_("Member of a partner agency"), queryset=None)
    identity = forms.BooleanField(
        label=_("Show who the person is (name, documents, contact)"), required=False,
        help_text=_("Leave unticked unless the member's work needs it."),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when identity is shown."),
    )  # fmt: skip

    def __init__(self, *args, case, **kwargs):
        from .selectors_crime import mdt_candidates

        super().__init__(*args, case=case, **kwargs)
        self.fields["member"].queryset = mdt_candidates(case)


class MdtMemberRemoveForm(CaseActionForm):
    access = RecordChoiceField(label=_("Member"))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case, **kwargs):
        from .selectors_crime import mdt_members

        super().__init__(*args, case=case, **kwargs)
        self.fields["access"].describe = lambda a: (
            f"{a.user.display_name} · {a.user.agency.name}"
            if a.user.agency_id
            else a.user.display_name
        )
        self.fields["access"].set_records(list(mdt_members(case)))


class PerpetratorSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or alias"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
