"""Writing persons: names keep their keys, the primary name is the person's name, versions
refuse a stale save, documents are validated but never blocked as duplicates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from saphan.core.errors import ConflictError
from saphan.core.tests.files import JPEG, PNG
from saphan.people.models import IdentityDocument, Person, PersonName
from saphan.people.services import (
    ContactInput,
    DocumentInput,
    GuardianInput,
    NameInput,
    PersonDetails,
    PersonInput,
    contact_add,
    document_add,
    name_add,
    name_update,
    person_create,
    photo_set,
    profile_save,
)

from .helpers import thai_id


def test_person_create_with_names_documents_contacts(world):
    number = thai_id("110170020345")
    person = person_create(
        actor=world["u"]["cw_kk"],
        data=PersonInput(
            names=[
                NameInput(given_name="สมชาย", family_name="ใจดี"),
                NameInput(full_name="Somchai Jaidee"),
            ],
            sex="Masculine",
            birth_date=dt.date(1995, 5, 1),
            birth_date_precision="exact",
            citizenships=["TH"],
            languages=["th", "lo"],
            documents=[
                DocumentInput(kind="thai_id", number=f"{number[0]}-{number[1:5]} {number[5:]}"),
                DocumentInput(kind="passport", number="aa 123456", issuing_country="TH"),
            ],
            contacts=[ContactInput(kind="line", value="somchai.j")],
        ),
    )
    assert person.full_name == "สมชาย ใจดี" and person.version == 1
    thai, latin = person.names.order_by("-is_primary")
    assert thai.is_primary and thai.script == "thai" and thai.udom83 and thai.romanized
    assert (
        latin.script == "latin"
        and latin.udom83 == ["", ""]
        and latin.latin_keys[:2]
        == [
            "somcai",
            "caidi",
        ]
    )
    assert sorted(person.documents.values_list("kind", "number")) == [
        ("passport", "AA123456"),
        ("thai_id", number),
    ]
    assert person.documents.get(kind="thai_id").issuing_country == "TH"
    assert person.contacts.get().value == "somchai.j"
    assert person.events.count() == 1  # pghistory


def test_stateless_undocumented_person_is_normal(world):
    person = person_create(
        actor=world["u"]["cw_kk"],
        data=PersonInput(
            names=[NameInput(full_name="မောင်မောင်")],
            citizenships=["XX"],
            languages=["my", "shn"],
            interpreter_needed=True,
            birth_date_precision="estimated",
            age_estimate_min=15,
            age_estimate_max=17,
            documents=[DocumentInput(kind="none")],
        ),
    )
    assert person.names.get().script == "burmese"
    assert person.age_estimated_on == dt.date.today()
    assert person.documents.get().number == ""


def test_invalid_thai_id_is_refused_in_thai(world, settings):
    from django.utils import translation

    with translation.override("th"), pytest.raises(ValidationError) as error:
        person_create(
            actor=world["u"]["cw_kk"],
            data=PersonInput(
                names=[NameInput(full_name="สมชาย ใจดี")],
                documents=[DocumentInput(kind="thai_id", number="1234567890123")],
            ),
        )
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in error.value.message_dict["number"][0]
    assert not Person.objects.exists()


def test_same_id_on_two_persons_is_recorded_not_blocked(world):
    number = thai_id("110170020345")
    for name in ("สมชาย ใจดี", "สมชัย ใจดี"):
        person_create(
            actor=world["u"]["cw_kk"],
            data=PersonInput(
                names=[NameInput(full_name=name)],
                documents=[DocumentInput(kind="thai_id", number=number)],
            ),
        )
    assert IdentityDocument.objects.filter(number=number).count() == 2


@pytest.mark.parametrize(
    "details,field",
    [
        ({"birth_date_precision": "exact"}, "birth_date"),
        ({"birth_date_precision": "estimated", "age_estimate_min": 17}, "age_estimate_min"),
        (
            {"birth_date_precision": "estimated", "age_estimate_min": 17, "age_estimate_max": 15},
            "age_estimate_max",
        ),
        ({"birth_date": dt.date(2000, 1, 1)}, "birth_date_precision"),
        (
            {
                "birth_date": dt.date(2000, 1, 1),
                "birth_date_precision": "exact",
                "age_estimate_min": 20,
                "age_estimate_max": 25,
            },
            "age_estimate_min",
        ),  # fmt: skip
        (
            {"birth_date": dt.date.today() + dt.timedelta(days=2), "birth_date_precision": "exact"},
            "birth_date",
        ),
        ({"citizenships": ["QQ"]}, "citizenships"),
        ({"home_village_code": "4001"}, "home_village_code"),
    ],
)
def test_incoherent_details_are_refused(world, details, field):
    with pytest.raises(ValidationError) as error:
        person_create(
            actor=world["u"]["cw_kk"],
            data=PersonInput(names=[NameInput(full_name="สมชาย ใจดี")], **details),
        )
    assert field in error.value.message_dict


def test_name_writes_recompute_keys_and_primary(world, record):
    person = record("kk", ["สมชาย ใจดี"])
    actor = world["u"]["cw_kk"]
    latin = name_add(
        actor=actor, person=person, data=NameInput(full_name="Somchai Jaidee", is_primary=True)
    )
    person.refresh_from_db()
    assert person.full_name == "Somchai Jaidee" and person.version == 2
    assert PersonName.objects.filter(person=person, is_primary=True).get() == latin
    name_update(actor=actor, name=latin, data=NameInput(full_name="Somchai Jaidi"))
    latin.refresh_from_db()
    person.refresh_from_db()
    assert latin.normalized == "somchai jaidi" and latin.romanized == "somchai jaidi"
    assert person.full_name == "Somchai Jaidi" and latin.is_primary


def _details_save(actor, person, version, **details):
    """The profile saved with these details (and no guardian) from a form opened at ``version``."""
    return profile_save(
        actor=actor,
        person=person,
        details=PersonDetails(**details),
        expected_version=version,
        guardian=GuardianInput(),
    )


def test_version_conflict(world, record):
    person = record("kk", ["สมชาย ใจดี"])
    actor = world["u"]["cw_kk"]
    seen = person.version
    _details_save(actor, person, seen, sex="Masculine")
    assert person.version == seen + 1 and person.sex == "Masculine"
    other = Person.objects.get(pk=person.pk)
    with pytest.raises(ConflictError) as error:
        _details_save(actor, other, seen, sex="Feminine")
    assert "saved this record" in str(error.value) or error.value.message
    assert Person.objects.get(pk=person.pk).sex == "Masculine"
    with pytest.raises(ConflictError):
        document_add(
            actor=actor, person=person, data=DocumentInput(kind="none"), expected_version=seen
        )


def test_only_who_sees_the_person_may_change_them(world, record):
    person = record("kk", ["สมชาย ใจดี"])
    for who in ("cw_tak", "vol_kk", "police_kk"):
        with pytest.raises(PermissionDenied):
            _details_save(world["u"][who], person, person.version)
        with pytest.raises(PermissionDenied):
            name_add(actor=world["u"][who], person=person, data=NameInput(full_name="x"))
    with pytest.raises(PermissionDenied):
        person_create(actor=world["u"]["vol_kk"], data=PersonInput(names=[NameInput("ก ข")]))


def test_contact_and_photo(world, record):
    person = record("kk", ["สมชาย ใจดี"])
    actor = world["u"]["cw_kk"]
    contact_add(actor=actor, person=person, data=ContactInput(kind="phone", value=" 0812345678 "))
    assert person.contacts.get().value == "0812345678"
    with pytest.raises(ValidationError):
        contact_add(actor=actor, person=person, data=ContactInput(kind="fax", value="1"))
    photo_set(actor=actor, person=person, photo=SimpleUploadedFile("me.png", PNG))
    assert person.photo.name.startswith("people/photos/") and "me" not in person.photo.name


@pytest.mark.parametrize(
    "content,name,code",
    [
        (b"%PDF-1.7 not a picture", "photo.jpg", "photo_wrong_type"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "photo.png", "photo_wrong_type"),  # no picture
        (JPEG + b"\x00" * (5 * 1024 * 1024), "big.jpg", "photo_too_large"),
    ],
)
def test_photo_type_and_size_are_checked(world, record, content, name, code):
    person = record("kk", ["สมชาย ใจดี"])
    with pytest.raises(ValidationError) as error:
        photo_set(actor=world["u"]["cw_kk"], person=person, photo=SimpleUploadedFile(name, content))
    assert error.value.error_list[0].code == code
    assert not Person.objects.get(pk=person.pk).photo


def test_quick_create_by_name_as_given_for_the_case_page(world):
    # The case page's form gives only the name; any role that works on cases may record it.
    person = person_create(actor=world["u"]["police_kk"], full_name="  มะลิ   ศรีขอนแก่น ")
    assert person.full_name == "มะลิ ศรีขอนแก่น"
    assert person.names.get().is_primary
    with pytest.raises(ValidationError):
        person_create(actor=world["u"]["cw_kk"], full_name="   ")


def test_backfill_gives_bare_persons_a_primary_name(world):
    from saphan.orgs.tests.factories import PersonFactory
    from saphan.people.services import primary_names_backfill

    bare = [PersonFactory(names=False) for _ in range(3)]
    PersonFactory()  # already has its name
    assert primary_names_backfill(batch_size=2) == 3
    for person in bare:
        name = person.names.get()
        assert name.is_primary and name.full_name == person.full_name and name.udom83
    assert primary_names_backfill() == 0


def test_quick_person_with_an_age_is_kept_as_an_estimate(world):
    person = person_create(actor=world["u"]["cw_kk"], full_name="Noy Keomany", age=15)
    assert person.birth_date_precision == "estimated"
    assert (person.age_estimate_min, person.age_estimate_max) == (15, 15)
    assert person.age_estimated_on == dt.date.today()
    plain = person_create(actor=world["u"]["cw_kk"], full_name="Noy Keomany")
    assert plain.birth_date_precision == "unknown" and plain.age_estimate_min is None
    with pytest.raises(ValidationError) as refused:
        person_create(actor=world["u"]["cw_kk"], full_name="Noy Keomany", age=121)
    assert "age" in refused.value.message_dict
