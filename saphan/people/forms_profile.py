"""Forms of the person profile. They parse and check what was typed; people/services.py decides.

Every form carries the person's ``version``: a save over someone else's newer save is refused
with the typed form kept (services raise ConflictError, the view shows the form again)."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import ChecklistWidget, StyledFormMixin, ThaiDateField
from saphan.core.thai import (
    format_thai_id,
    is_thai_language,
    parse_year_input,
    to_be_year,
    validate_thai_id,
)
from saphan.core.uploads import JPEG, PNG, check_upload
from saphan.geo.forms import district_field, province_field, subdistrict_field
from saphan.geo.selectors import districts_of, subdistricts_of, village_choices

from .codes import COUNTRY_CHOICES, LANGUAGE_CHOICES, STATELESS, UNKNOWN_COUNTRY
from .keys import NameScript
from .models import (
    MAX_AGE,
    PHOTO_MAX_BYTES,
    BirthDatePrecision,
    ContactKind,
    DocumentKind,
    GuardianRelationship,
    Person,
    Sex,
)
from .services import (
    ContactInput,
    DocumentInput,
    GuardianInput,
    NameInput,
    PersonDetails,
)


class StyledForm(StyledFormMixin, forms.Form):
    """Bootstrap classes on every widget, ``is-invalid`` on fields with errors."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


def input_from(input_class: type, cleaned: dict):
    """The service's input made of the cleaned fields of the same names; one the form did not
    clean keeps the input's default."""
    return input_class(
        **{f.name: cleaned[f.name] for f in fields(input_class) if f.name in cleaned}
    )


def initial_from(input_class: type, record: object) -> dict:
    """What a record holds under the names of the service's input: a form's initial values."""
    return {f.name: getattr(record, f.name) for f in fields(input_class)}


class RecordPartForm(StyledForm):
    """Add or correct one row of a part of the record: the fields are named as the service's
    ``input_class`` names them."""

    input_class: type

    def to_input(self):
        return input_from(self.input_class, self.cleaned_data)

    @classmethod
    def initial_of(cls, item) -> dict:
        return initial_from(cls.input_class, item)


class ThaiYearField(forms.Field):
    """A year typed alone: B.E. in Thai (2555), C.E. in English; cleaned to the C.E. year."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "autocomplete": "off", "maxlength": "10"})
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        return parse_year_input(str(value), lang=get_language() or settings.LANGUAGE_CODE)

    def prepare_value(self, value):
        if isinstance(value, int):
            return to_be_year(value) if is_thai_language() else value
        return value


# --- the profile: details, home address, guardian, a new document and contact ----------------------
class ProfileForm(StyledForm):
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date_precision = forms.ChoiceField(
        label=_("Date of birth"),
        choices=BirthDatePrecision.choices,
        widget=forms.RadioSelect,
        help_text=_("Say what is known: the exact date, the year only, or an estimated age."),
    )
    birth_date = ThaiDateField(label=_("Exact date of birth"), required=False)
    birth_year = ThaiYearField(
        label=_("Year of birth"),
        required=False,
        help_text=_("Known or estimated, e.g. 2555 (B.E.)."),
    )
    age_estimate_min = forms.IntegerField(
        label=_("Estimated age from"), required=False, min_value=0, max_value=MAX_AGE
    )
    age_estimate_max = forms.IntegerField(
        label=_("to (years)"), required=False, min_value=0, max_value=MAX_AGE
    )
    citizenships = forms.MultipleChoiceField(
        label=_("Citizenship"),
        choices=COUNTRY_CHOICES,
        widget=ChecklistWidget,
        required=False,
        help_text=_("Tick every citizenship; “Stateless” for a person with none."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the person speaks"),
        choices=LANGUAGE_CHOICES,
        widget=ChecklistWidget,
        required=False,
    )
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    home_province = province_field()
    home_district = district_field()
    home_subdistrict = subdistrict_field()
    home_village_code = forms.ChoiceField(label=_("Village"), required=False, choices=[])
    address = forms.CharField(
        label=_("House number, street, village name"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Or the address abroad, for a person whose home is not in Thailand."),
    )
    guardian_name = forms.CharField(label=_("Guardian's name"), required=False, max_length=300)
    guardian_relationship = forms.ChoiceField(
        label=_("Guardian is"),
        required=False,
        choices=[("", "—"), *GuardianRelationship.choices],
    )
    guardian_contact = forms.CharField(
        label=_("Guardian's contact"), required=False, max_length=200
    )
    best_interests_note = forms.CharField(
        label=_("Best interests of the child"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What the child wants, what keeps the child safe, and how decisions in this case "
            "serve the child's best interests."
        ),
    )
    document_kind = forms.ChoiceField(
        label=_("Add a document"),
        required=False,
        choices=[("", "—"), *DocumentKind.choices],
    )
    document_number = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    document_country = forms.ChoiceField(
        label=_("Issuing country"), required=False, choices=[("", "—"), *COUNTRY_CHOICES]
    )
    document_expiry = ThaiDateField(label=_("Expires"), required=False)
    contact_kind = forms.ChoiceField(
        label=_("Add a contact"), required=False, choices=[("", "—"), *ContactKind.choices]
    )
    contact_value = forms.CharField(
        label=_("Phone number, LINE ID, address…"), required=False, max_length=200
    )
    contact_note = forms.CharField(
        label=_("Note"), required=False, max_length=300,
        help_text=_("For example: a relative's phone; call only after 18:00."),
    )  # fmt: skip

    def __init__(self, *args, person: Person, **kwargs):
        self.person = person
        if "initial" not in kwargs:
            kwargs["initial"] = initial_for(person)
        super().__init__(*args, **kwargs)
        area = address_choices(self.data if self.is_bound else self.initial)
        self.fields["home_district"].queryset = area["districts"]
        self.fields["home_subdistrict"].queryset = area["subdistricts"]
        self.fields["home_village_code"].choices = area["villages"]
        # Each list asks for the lists below it when it changes (templates/people/_address_fields).
        for name in ("home_province", "home_district", "home_subdistrict"):
            self.fields[name].widget.attrs.update(
                {"hx-get": reverse("people:address_fields"), "hx-trigger": "change"}
            )

    def clean(self):
        data = super().clean()
        precision = data.get("birth_date_precision")
        # Only the fields of the chosen kind count; what was typed in the others is dropped.
        if precision == BirthDatePrecision.EXACT:
            if not data.get("birth_date"):
                self.add_error("birth_date", _("Enter the date of birth."))
            elif data["birth_date"] > timezone.localdate():
                self.add_error("birth_date", _("A date of birth cannot be in the future."))
        elif precision == BirthDatePrecision.YEAR:
            year = data.get("birth_year")
            if year is None and "birth_year" not in self.errors:
                self.add_error("birth_year", _("Enter the year of birth."))
            elif year is not None and year > timezone.localdate().year:
                self.add_error("birth_year", _("A year of birth cannot be in the future."))
        elif precision == BirthDatePrecision.ESTIMATED:
            low, high = data.get("age_estimate_min"), data.get("age_estimate_max")
            if low is None or high is None:
                self.add_error(
                    "age_estimate_min",
                    _("Enter the estimated age as a range, for example 15 to 17."),
                )
            elif low > high:
                self.add_error("age_estimate_max", _("The upper age is lower than the lower age."))
        codes = data.get("citizenships") or []
        if STATELESS in codes and len(codes) > 1:
            self.add_error(
                "citizenships", _("A stateless person has no citizenship: untick the others.")
            )
        if UNKNOWN_COUNTRY in codes and len(codes) > 1:
            self.add_error(
                "citizenships", _("“Unknown” cannot be ticked with a known citizenship.")
            )
        kind = data.get("document_kind")
        number = (data.get("document_number") or "").strip()
        if kind == DocumentKind.THAI_ID and number:
            try:
                data["document_number"] = validate_thai_id(number)
            except ValidationError as error:
                self.add_error("document_number", error)
        if not kind and (number or data.get("document_expiry")):
            self.add_error("document_kind", _("Choose which document this is."))
        if kind and kind not in (DocumentKind.NONE, DocumentKind.OTHER) and not number:
            self.add_error("document_number", _("Enter the document number."))
        value = (data.get("contact_value") or "").strip()
        if data.get("contact_kind") and not value:
            self.add_error("contact_value", _("Enter the contact."))
        if value and not data.get("contact_kind"):
            self.add_error("contact_kind", _("Choose the kind of contact."))
        return data

    def details(self) -> PersonDetails:
        d = self.cleaned_data
        precision = d["birth_date_precision"]
        birth_date, low, high, on = None, None, None, None
        if precision == BirthDatePrecision.EXACT:
            birth_date = d["birth_date"]
        elif precision == BirthDatePrecision.YEAR:
            birth_date = dt.date(d["birth_year"], 1, 1)
        elif precision == BirthDatePrecision.ESTIMATED:
            low, high = d["age_estimate_min"], d["age_estimate_max"]
            same = self.person.birth_date_precision == precision and (
                self.person.age_estimate_min,
                self.person.age_estimate_max,
            ) == (low, high)
            # An estimate kept as it was keeps the day it was made; a new one is made today.
            on = self.person.age_estimated_on if same else timezone.localdate()
        return PersonDetails(
            sex=d["sex"],
            birth_date=birth_date,
            birth_date_precision=precision,
            age_estimate_min=low,
            age_estimate_max=high,
            age_estimated_on=on,
            citizenships=list(d.get("citizenships") or []),
            languages=list(d.get("languages") or []),
            interpreter_needed=bool(d.get("interpreter_needed")),
            home_province_id=d["home_province"].pk if d.get("home_province") else None,
            home_district_id=d["home_district"].pk if d.get("home_district") else None,
            home_subdistrict_id=d["home_subdistrict"].pk if d.get("home_subdistrict") else None,
            home_village_code=d.get("home_village_code") or "",
            address=(d.get("address") or "").strip(),
        )

    def guardian(self) -> GuardianInput:
        return input_from(GuardianInput, self.cleaned_data)

    def new_documents(self) -> list[DocumentInput]:
        d = self.cleaned_data
        if not d.get("document_kind"):
            return []
        return [
            DocumentInput(
                kind=d["document_kind"],
                number=d.get("document_number") or "",
                issuing_country=d.get("document_country") or "",
                expiry=d.get("document_expiry"),
            )
        ]

    def new_contacts(self) -> list[ContactInput]:
        d = self.cleaned_data
        if not d.get("contact_kind"):
            return []
        return [
            ContactInput(
                kind=d["contact_kind"], value=d["contact_value"], note=d.get("contact_note", "")
            )
        ]

    # Service errors name the model's fields; these are the form's.
    SERVICE_FIELDS = {
        "kind": "document_kind",
        "number": "document_number",
        "issuing_country": "document_country",
        "expiry": "document_expiry",
        "value": "contact_value",
        "note": "contact_note",
        "age_estimated_on": "age_estimate_min",
    }


def initial_for(person: Person) -> dict:
    return {
        "version": person.version,
        "sex": person.sex,
        "birth_date_precision": person.birth_date_precision,
        "birth_date": person.birth_date
        if person.birth_date_precision == BirthDatePrecision.EXACT
        else None,
        "birth_year": person.birth_date.year
        if person.birth_date and person.birth_date_precision == BirthDatePrecision.YEAR
        else None,
        "age_estimate_min": person.age_estimate_min,
        "age_estimate_max": person.age_estimate_max,
        "citizenships": person.citizenships,
        "languages": person.languages,
        "interpreter_needed": person.interpreter_needed,
        "home_province": person.home_province_id,
        "home_district": person.home_district_id,
        "home_subdistrict": person.home_subdistrict_id,
        "home_village_code": person.home_village_code,
        "address": person.address,
        **initial_from(GuardianInput, person),
    }


def _value(data, name: str) -> str:
    value = data.get(name) if hasattr(data, "get") else None
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value or "")


def address_choices(data, *, changed: str = "") -> dict:
    """The lists under the chosen province, district and subdistrict. ``changed`` names the
    list the user just changed: the lists below it start again empty."""
    province = _value(data, "home_province")
    district = "" if changed == "home_province" else _value(data, "home_district")
    subdistrict = (
        "" if changed in ("home_province", "home_district") else _value(data, "home_subdistrict")
    )
    if district and not district.startswith(province):
        district = ""
    if subdistrict and not subdistrict.startswith(district or "-"):
        subdistrict = ""
    return {
        "districts": districts_of(province),
        "subdistricts": subdistricts_of(district),
        "villages": village_choices(subdistrict),
        "district": district,
        "subdistrict": subdistrict,
    }


# --- names, documents, contacts: add or correct one -------------------------------------------------
class NameForm(RecordPartForm):
    input_class = NameInput
    full_name = forms.CharField(
        label=_("Full name as written"),
        max_length=300,
        required=False,
        help_text=_("As on the document or as the person says it, in its own script."),
    )
    given_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    script = forms.ChoiceField(
        label=_("Script"),
        required=False,
        choices=[("", _("Recognise from the letters")), *NameScript.choices],
    )
    is_primary = forms.BooleanField(
        label=_("Primary name"),
        required=False,
        help_text=_("The name shown on the case and in lists."),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("full_name") or data.get("given_name") or data.get("family_name")):
            self.add_error("full_name", _("Enter the name."))
        return data


class DocumentForm(RecordPartForm):
    input_class = DocumentInput
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    number = forms.CharField(
        label=_("Document number"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("A Thai ID has 13 digits and is checked; leave empty for “No document”."),
    )
    issuing_country = forms.ChoiceField(
        label=_("Issuing country"), required=False, choices=[("", "—"), *COUNTRY_CHOICES]
    )
    expiry = ThaiDateField(label=_("Expires"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == DocumentKind.THAI_ID and data.get("number"):
            try:
                data["number"] = validate_thai_id(data["number"])
            except ValidationError as error:
                self.add_error("number", error)
        return data

    @classmethod
    def initial_of(cls, item) -> dict:
        initial = super().initial_of(item)
        if item.kind == DocumentKind.THAI_ID and item.number:
            initial["number"] = format_thai_id(item.number)
        return initial


class ContactForm(RecordPartForm):
    input_class = ContactInput
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    value = forms.CharField(label=_("Contact"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PhotoForm(StyledForm):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("A JPEG or PNG picture of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def clean_photo(self):
        photo = self.cleaned_data["photo"]
        check_upload(
            photo,
            kinds=(JPEG, PNG),
            limit=PHOTO_MAX_BYTES,
            refused=_("The photo must be a JPEG or PNG picture."),
        )
        return photo
