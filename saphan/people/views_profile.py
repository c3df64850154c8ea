"""The person profile: a page for everything the record holds, and thin views over the services.

A person is opened only through people/selectors.py (identity rights in one of their cases,
every read logged); anyone else gets the same 404 as for a person who does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from saphan.core.downloads import private_file
from saphan.core.errors import ConflictError
from saphan.core.forms import validation_errors_to_form
from saphan.orgs.access import CASE_ROLES

from . import selectors, services
from .codes import country_name, language_name
from .forms_profile import (
    ContactForm,
    DocumentForm,
    NameForm,
    PhotoForm,
    ProfileForm,
    address_choices,
)
from .models import BirthDatePrecision, DocumentKind


def _person(request, person_id, *, purpose: str = "profile"):
    if not request.user.has_role(*CASE_ROLES):
        raise Http404("no such person")
    try:
        return selectors.person_profile(
            actor=request.user, person_id=person_id, path=request.path, purpose=purpose
        )
    except PermissionDenied:
        raise Http404("no such person") from None


def _document_number(doc) -> str:
    from saphan.core.thai import format_thai_id

    if doc.kind == DocumentKind.THAI_ID and doc.number:
        return format_thai_id(doc.number)
    return doc.number


def birth_text(person) -> str:
    """What is known of the date of birth, in the reader's language and era."""
    from saphan.core.thai import format_date, is_thai_language, to_be_year

    ages = person.age_range_on()
    span = ""
    if ages is not None:
        low, high = ages
        span = str(low) if low == high else f"{low}–{high}"
    precision = person.birth_date_precision
    if precision == BirthDatePrecision.EXACT and person.birth_date:
        return _("%(date)s (age %(age)s)") % {
            "date": format_date(person.birth_date, long=True),
            "age": span,
        }
    if precision == BirthDatePrecision.YEAR and person.birth_date:
        year = person.birth_date.year
        return _("Born in %(year)s (age %(age)s)") % {
            "year": to_be_year(year) if is_thai_language() else year,
            "age": span,
        }
    if precision == BirthDatePrecision.ESTIMATED and person.age_estimate_min is not None:
        low, high = person.age_estimate_min, person.age_estimate_max
        return _("Estimated age %(low)s–%(high)s on %(date)s") % {
            "low": low,
            "high": high,
            "date": format_date(person.age_estimated_on) if person.age_estimated_on else "—",
        }
    return ""


@never_cache
@login_required
@require_GET
def profile(request, person_id):
    person = _person(request, person_id)
    for doc in person.documents.all():
        doc.shown_number = _document_number(doc)
        doc.country_label = country_name(doc.issuing_country) if doc.issuing_country else ""
    cases = list(selectors.person_cases(actor=request.user, person=person))
    from_case = request.GET.get("case", "")
    return render(
        request,
        "people/profile.html",
        {
            "person": person,
            "names": list(person.names.all()),
            "documents": list(person.documents.all()),
            "contacts": list(person.contacts.all()),
            "citizenships": [country_name(c) for c in person.citizenships],
            "languages": [language_name(c) for c in person.languages],
            "birth_text": birth_text(person),
            "is_child": person.is_child(),
            "has_guardian": bool(
                person.guardian_name
                or person.guardian_contact
                or person.best_interests_note
                or person.guardian_relationship
            ),
            "village_number": int(person.home_village_code[6:])
            if person.home_village_code
            else None,
            "cases": cases,
            "from_case": next((c for c in cases if c.code == from_case), None),
        },
    )


def _conflict_form(form_class, request, current, **kwargs):
    """The form again with what was typed, over the current version of the record."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = form_class(data, request.FILES or None, **kwargs)
    form.is_valid()
    return form


@dataclass(frozen=True)
class _Shown:
    """What an edit page of the profile shows: the form and what conflicted with it, over the
    person as last read; or, once saved, ``done``, the way back to the profile."""

    person: object
    form: object
    conflict: str = ""
    done: HttpResponse | None = None


def _post(request, person, *, form, save, again, purpose: str, saved: str, names=None) -> _Shown:
    """A POSTed form saved by ``save(form)``. A refusal puts the service's errors on the typed
    form (``names`` renames its fields); a save by someone else since the form was opened
    reads the person again and shows ``again(person)`` over it, saying what conflicted."""
    if not form.is_valid():
        return _Shown(person, form)
    try:
        save(form)
    except ConflictError as error:
        current = _person(request, person.pk, purpose=purpose)
        return _Shown(current, again(current), conflict=str(error.message))
    except ValidationError as error:
        validation_errors_to_form(form, error, names)
        return _Shown(person, form)
    messages.success(request, saved)
    return _Shown(person, form, done=redirect(_profile_url(request, person)))


@never_cache
@login_required
def profile_edit(request, person_id):
    person = _person(request, person_id, purpose="profile edit")
    if request.method == "POST":

        def save(form):
            services.profile_save(
                actor=request.user,
                person=person,
                details=form.details(),
                guardian=form.guardian(),
                documents=form.new_documents(),
                contacts=form.new_contacts(),
                expected_version=form.cleaned_data["version"],
            )

        shown = _post(
            request,
            person,
            form=ProfileForm(request.POST, person=person),
            save=save,
            again=lambda current: _conflict_form(ProfileForm, request, current, person=current),
            purpose="profile edit",
            saved=_("The person's record was saved."),
            names=ProfileForm.SERVICE_FIELDS,
        )
    else:
        shown = _Shown(person, ProfileForm(person=person))
    return shown.done or render(
        request,
        "people/profile_edit.html",
        {
            "person": shown.person,
            "form": shown.form,
            "conflict": shown.conflict,
            "case": request.GET.get("case"),
        },
    )


def _profile_url(request, person) -> str:
    from django.urls import reverse

    url = reverse("people:profile", args=[person.pk])
    case = request.GET.get("case", "")
    return f"{url}?case={case}" if case else url


@never_cache
@login_required
@require_GET
def address_fields(request):
    """The htmx partial of the home-address lists: the districts of the chosen province, the
    subdistricts of the chosen district, the villages of the chosen subdistrict."""
    if not request.user.has_role(*CASE_ROLES):
        raise PermissionDenied("no case role")
    changed = request.headers.get("HX-Trigger-Name", "")
    area = address_choices(request.GET, changed=changed)
    initial = {
        "home_province": request.GET.get("home_province", ""),
        "home_district": area["district"],
        "home_subdistrict": area["subdistrict"],
        "home_village_code": ""
        if changed in ("home_province", "home_district", "home_subdistrict")
        else request.GET.get("home_village_code", ""),
        "address": request.GET.get("address", ""),
    }
    form = ProfileForm(person=_Blank(), initial=initial)
    return render(request, "people/_address_fields.html", {"form": form})


class _Blank:
    """A stand-in person for rendering the address lists alone."""

    birth_date_precision = ""


# --- names, documents and contacts: add or correct one ----------------------------------------------
@dataclass(frozen=True)
class Item:
    form: type
    add: object
    update: object
    arg: str
    title_add: str
    title_edit: str


ITEMS = {
    "names": Item(
        NameForm, services.name_add, services.name_update, "name",
        gettext_lazy("Add a name"), gettext_lazy("Correct a name"),
    ),
    "documents": Item(
        DocumentForm, services.document_add, services.document_update, "document",
        gettext_lazy("Add an identity document"), gettext_lazy("Correct an identity document"),
    ),
    "contacts": Item(
        ContactForm, services.contact_add, services.contact_update, "contact",
        gettext_lazy("Add a contact"), gettext_lazy("Correct a contact"),
    ),
}  # fmt: skip


def _item_page(request, shown: _Shown, *, title: str, kind: str, **extra):
    """The page of one part of the profile (a name, a document, a contact, the photo)."""
    return shown.done or render(
        request,
        "people/item_edit.html",
        {
            "person": shown.person,
            "form": shown.form,
            "conflict": shown.conflict,
            "title": title,
            "kind": kind,
            **extra,
        },
    )


@never_cache
@login_required
def item_edit(request, person_id, kind: str, item_id=None):
    spec = ITEMS.get(kind)
    if spec is None:
        raise Http404("no such part")
    purpose = f"profile {kind}"
    person = _person(request, person_id, purpose=purpose)
    item = None
    if item_id is not None:
        try:
            item = selectors.person_child_item(person=person, kind=kind, item_id=item_id)
        except PermissionDenied:
            raise Http404("no such item") from None
    initial = {"version": person.version} | (spec.form.initial_of(item) if item else {})
    if request.method == "POST":

        def save(form):
            version = form.cleaned_data["version"]
            if item is None:
                spec.add(
                    actor=request.user, person=person, data=form.to_input(),
                    expected_version=version,
                )  # fmt: skip
            else:
                spec.update(
                    actor=request.user, data=form.to_input(), expected_version=version,
                    **{spec.arg: item},
                )  # fmt: skip

        shown = _post(
            request,
            person,
            form=spec.form(request.POST, initial=initial),
            save=save,
            again=lambda current: _conflict_form(spec.form, request, current, initial=initial),
            purpose=purpose,
            saved=_("The person's record was saved."),
        )
    else:
        shown = _Shown(person, spec.form(initial=initial))
    return _item_page(
        request,
        shown,
        title=spec.title_edit if item else spec.title_add,
        kind=kind,
        item=item,
    )


# --- the photo ------------------------------------------------------------------------------------
@never_cache
@login_required
def photo_edit(request, person_id):
    person = _person(request, person_id, purpose="profile photo")
    if request.method == "POST":
        shown = _post(
            request,
            person,
            form=PhotoForm(request.POST, request.FILES, initial={"version": person.version}),
            save=lambda form: services.photo_set(
                actor=request.user,
                person=person,
                photo=form.cleaned_data["photo"],
                expected_version=form.cleaned_data["version"],
            ),
            # A file cannot be shown again: the form starts anew over the newer record.
            again=lambda current: PhotoForm(initial={"version": current.version}),
            purpose="profile photo",
            saved=_("The photo was saved."),
        )
    else:
        shown = _Shown(person, PhotoForm(initial={"version": person.version}))
    return _item_page(request, shown, title=_("Photo"), kind="photo", multipart=True)


@never_cache
@login_required
@require_GET
def photo_file(request, person_id):
    person = _person(request, person_id, purpose="profile photo")
    if not person.photo:
        raise Http404("no photo")
    name = person.photo.name.lower()
    return private_file(
        person.photo.open("rb"),
        content_type="image/png" if name.endswith(".png") else "image/jpeg",
    )
