"""The person profile: its services (timeline on every case, version checks, the child's
guardian), its scoped and logged reads, its pages (and who gets none of them), the case page's
links, the screening PDF's part 1 filled from it, and the volunteer's visit address."""

from __future__ import annotations

import datetime as dt
import struct
import zlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from saphan.audit.models import ReadAccess
from saphan.cases.models import TimelineEvent
from saphan.core.errors import ConflictError
from saphan.geo.models import District, Subdistrict
from saphan.orgs.tests.factories import CaseAccessFactory, ProvinceFactory
from saphan.people import selectors, services
from saphan.people.models import Person
from saphan.people.services import (
    _DETAIL_FIELDS,
    ContactInput,
    DocumentInput,
    GuardianInput,
    NameInput,
    PersonDetails,
)

from .helpers import thai_id

THIS_YEAR = timezone.localdate().year


def wrong_check_digit() -> str:
    good = thai_id("110170020345")
    return good[:-1] + str((int(good[-1]) + 1) % 10)


def png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", raw)
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def areas(world):
    district = District.objects.create(
        code="4001", province=world["kk"], name_th="เมืองขอนแก่น", name_en="Mueang Khon Kaen"
    )
    sub = Subdistrict.objects.create(
        code="400101", district=district, name_th="ในเมือง", name_en="Nai Mueang"
    )
    return {"district": district, "subdistrict": sub}


@pytest.fixture
def child(record, world):
    """A boy in a Khon Kaen case, born (by the estimate) 14 years ago."""
    return record("kk", ["Sok Dara"], sex="Masculine", precision="year",
                  birth_date=dt.date(THIS_YEAR - 14, 1, 1))  # fmt: skip


def _cambodian_at_home(person, **more):
    """The person's details, now Cambodian, speaking Khmer through an interpreter, at home in
    village 5 of Nai Mueang, Mueang Khon Kaen."""
    details = person_details_of(person)
    return type(details)(
        **{
            **details.__dict__,
            "citizenships": ["KH"],
            "languages": ["km"],
            "interpreter_needed": True,
            "home_province_id": "40",
            "home_district_id": "4001",
            "home_subdistrict_id": "400101",
            "home_village_code": "40010105",
            **more,
        }
    )


def _events(person):
    return TimelineEvent.objects.filter(case=person.case, kind="person_profile_changed")


# --- services ----------------------------------------------------------------------------------
def test_profile_save_writes_everything_with_one_timeline_line(world, child, areas):
    actor = world["u"]["cw_kk"]
    details = _cambodian_at_home(child, address="12/3 ถนนมิตรภาพ")
    services.profile_save(
        actor=actor,
        person=child,
        details=details,
        guardian=GuardianInput(
            guardian_name="Sok Srey",
            guardian_relationship="parent",
            best_interests_note="อยู่กับแม่ปลอดภัยที่สุด",
        ),  # fmt: skip
        documents=[DocumentInput(kind="passport", number="n 1234567", issuing_country="KH")],
        contacts=[ContactInput(kind="phone", value="0812345678")],
        expected_version=child.version,
    )
    person = Person.objects.get(pk=child.pk)
    assert person.version == 2
    assert person.citizenships == ["KH"] and person.languages == ["km"]
    assert person.home_village_code == "40010105" and person.guardian_name == "Sok Srey"
    assert person.documents.get().number == "N1234567"
    assert person.contacts.get().value == "0812345678"
    event = _events(child).get()
    assert set(event.data["parts"]) == {"details", "address", "guardian", "documents", "contacts"}
    # The timeline says what changed, never what it says: it is read by roles without identity.
    assert "Sok" not in str(event.data) and "0812345678" not in str(event.data)


def test_profile_save_with_an_old_version_changes_nothing(world, child):
    actor = world["u"]["cw_kk"]
    services.contact_add(actor=actor, person=child, data=ContactInput(kind="line", value="dara"))
    with pytest.raises(ConflictError):
        services.profile_save(
            actor=actor,
            person=child,
            details=person_details_of(child),
            guardian=GuardianInput(guardian_name="Someone"),
            expected_version=1,  # read before the contact was added
        )
    assert Person.objects.get(pk=child.pk).guardian_name == ""


def test_a_guardian_is_for_a_child_only(world, record):
    adult = record("kk", ["สมชาย ใจดี"], birth_date=dt.date(1990, 5, 1))
    with pytest.raises(ValidationError) as error:
        services.profile_save(
            actor=world["u"]["cw_kk"],
            person=adult,
            details=person_details_of(adult),
            guardian=GuardianInput(guardian_name="Someone"),
            expected_version=adult.version,
        )
    assert "guardian_name" in error.value.message_dict


def test_child_and_adult_by_what_is_known(record):
    today = timezone.localdate()
    assert record("kk", ["ก"], ages=(15, 17)).is_child()
    assert record("kk", ["ข"], ages=(17, 19)).is_child()  # in doubt: treated as a child
    assert not record("kk", ["ค"], ages=(19, 22)).is_child()
    assert record("kk", ["ง"], birth_date=today.replace(year=today.year - 10)).is_child()
    unknown = record("kk", ["จ"])
    assert not unknown.is_child() and not unknown.is_adult()


def test_corrections_of_names_documents_and_contacts_go_on_the_timeline(world, child):
    actor = world["u"]["cw_kk"]
    name = services.name_add(actor=actor, person=child, data=NameInput(full_name="សុខ ដារ៉ា"))
    services.name_update(
        actor=actor, name=name, data=NameInput(full_name="សុខ ដារ៉ា", is_primary=True)
    )
    assert Person.objects.get(pk=child.pk).full_name == "សុខ ដារ៉ា"
    doc = services.document_add(
        actor=actor,
        person=child,
        data=DocumentInput(kind="thai_id", number=thai_id("110170020345")),
    )
    with pytest.raises(ValidationError):
        services.document_update(
            actor=actor,
            document=doc,
            data=DocumentInput(kind="thai_id", number=wrong_check_digit()),
        )
    services.document_update(
        actor=actor,
        document=doc,
        data=DocumentInput(kind="pink_card", number="00-1234-567890-1"),
        expected_version=Person.objects.get(pk=child.pk).version,
    )
    contact = services.contact_add(
        actor=actor, person=child, data=ContactInput(kind="phone", value="0811111111")
    )
    services.contact_update(
        actor=actor, contact=contact, data=ContactInput(kind="phone", value="0822222222")
    )
    with pytest.raises(ConflictError):
        services.contact_update(
            actor=actor, contact=contact, data=ContactInput(kind="phone", value="1"),
            expected_version=1,
        )  # fmt: skip
    parts = [e.data["parts"] for e in _events(child).order_by("at", "id")]
    assert parts == [["names"], ["names"], ["documents"], ["documents"], ["contacts"], ["contacts"]]


@pytest.mark.parametrize("who", ["police_kk", "vol_kk", "cw_tak", "central"])
def test_roles_without_identity_may_not_change_a_person(world, child, who):
    with pytest.raises(PermissionDenied):
        services.profile_save(
            actor=world["u"][who],
            person=child,
            details=person_details_of(child),
            guardian=GuardianInput(),
            expected_version=child.version,
        )


# --- reads -------------------------------------------------------------------------------------
def test_the_profile_read_is_scoped_and_logged(world, child):
    person = selectors.person_profile(actor=world["u"]["cw_kk"], person_id=child.pk, path="/p")
    assert person.pk == child.pk
    row = ReadAccess.objects.get(user=world["u"]["cw_kk"], record_id=str(child.pk))
    assert row.purpose == "profile" and row.scope == f"identity via {child.case.code}"
    for who in ("police_kk", "vol_kk", "cw_tak", "central"):
        with pytest.raises(PermissionDenied):
            selectors.person_profile(actor=world["u"][who], person_id=child.pk)
        assert not ReadAccess.objects.filter(user=world["u"][who]).exists()


def test_an_mdt_member_sees_the_profile_only_with_identity_granted(world, child):
    police = world["u"]["police_kk"]
    CaseAccessFactory(case=child.case, user=police, identity=False)
    with pytest.raises(PermissionDenied):
        selectors.person_profile(actor=police, person_id=child.pk)
    CaseAccessFactory(case=child.case, user=police, identity=True)
    assert selectors.person_profile(actor=police, person_id=child.pk).pk == child.pk


# --- pages ---------------------------------------------------------------------------------------
def _edit_data(person, **changes) -> dict:
    data = {
        "version": person.version,
        "sex": "Masculine",
        "birth_date_precision": "year",
        "birth_year": str(THIS_YEAR + 543 - 14),
        "citizenships": ["KH"],
        "languages": ["km"],
        "interpreter_needed": "on",
        "home_province": "40",
        "home_district": "4001",
        "home_subdistrict": "400101",
        "home_village_code": "40010105",
        "address": "12/3 ถนนมิตรภาพ",
        "guardian_name": "Sok Srey",
        "guardian_relationship": "parent",
        "document_kind": "passport",
        "document_number": "N1234567",
        "document_country": "KH",
        "contact_kind": "phone",
        "contact_value": "0812345678",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_profile_edit_page_saves_with_a_be_year(signed_in, world, child, areas):
    client = signed_in("cw_kk")
    url = reverse("people:profile_edit", args=[child.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="home_province"' in page.content.decode()
    response = client.post(url, _edit_data(child))
    assert response.status_code == 302, response.content.decode()[:3000]
    person = Person.objects.get(pk=child.pk)
    assert person.birth_date == dt.date(THIS_YEAR - 14, 1, 1)
    assert person.birth_date_precision == "year" and person.interpreter_needed
    html = client.get(reverse("people:profile", args=[child.pk])).content.decode()
    for shown in ("กัมพูชา", "เขมร", "N1234567", "0812345678", "ในเมือง", "Sok Srey", "หมู่ที่ 5"):
        assert shown in html, shown
    assert f"เกิดปี {THIS_YEAR + 543 - 14}" in html


def test_a_ce_year_typed_in_thai_is_refused_with_the_arithmetic(signed_in, child, areas):
    client = signed_in("cw_kk")
    response = client.post(
        reverse("people:profile_edit", args=[child.pk]),
        _edit_data(child, birth_year=str(THIS_YEAR - 14)),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "พ.ศ." in html and str(THIS_YEAR - 14 + 543) in html
    assert 'value="Sok Srey"' in html  # nothing typed is lost
    assert Person.objects.get(pk=child.pk).version == child.version


def test_an_edit_conflict_keeps_what_was_typed(signed_in, world, child, areas):
    client = signed_in("cw_kk")
    opened = client.get(reverse("people:profile_edit", args=[child.pk])).content.decode()
    assert f'name="version" value="{child.version}"' in opened
    form_data = _edit_data(child, guardian_name="Typed", version=child.version)
    # Meanwhile the supervisor adds a contact.
    services.contact_add(
        actor=world["u"]["sup_kk"],
        person=Person.objects.get(pk=child.pk),
        data=ContactInput(kind="line", value="x"),
    )
    response = client.post(reverse("people:profile_edit", args=[child.pk]), form_data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="conflict"' in html and 'value="Typed"' in html
    current = Person.objects.get(pk=child.pk)
    assert f'name="version" value="{current.version}"' in html
    assert current.guardian_name == "" and current.version == child.version + 1
    # Pressing save again, over the current version, saves.
    again = client.post(
        reverse("people:profile_edit", args=[child.pk]),
        {**form_data, "version": current.version},
    )
    assert again.status_code == 302
    assert Person.objects.get(pk=child.pk).guardian_name == "Typed"


def test_an_invalid_thai_id_is_refused_on_the_page(signed_in, child):
    client = signed_in("cw_kk")
    url = reverse("people:item_add", args=[child.pk, "documents"])
    response = client.post(
        url, {"version": child.version, "kind": "thai_id", "number": wrong_check_digit()}
    )
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not child.documents.exists()
    good = thai_id("110170020345")
    assert (
        client.post(url, {"version": child.version, "kind": "thai_id", "number": good}).status_code
        == 302
    )
    assert child.documents.get().number == good


def test_names_are_added_corrected_and_made_primary_on_the_page(signed_in, child):
    client = signed_in("cw_kk")
    response = client.post(
        reverse("people:item_add", args=[child.pk, "names"]),
        {"version": child.version, "full_name": "สก ดารา", "script": ""},
    )
    assert response.status_code == 302
    name = child.names.get(full_name="สก ดารา")
    assert name.script == "thai"
    response = client.post(
        reverse("people:item_edit", args=[child.pk, "names", name.pk]),
        {"version": child.version + 1, "full_name": "ศก ดารา", "is_primary": "on"},
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=child.pk).full_name == "ศก ดารา"


def test_the_address_lists_follow_the_province(signed_in, child, areas):
    client = signed_in("cw_kk")
    url = reverse("people:address_fields")
    html = client.get(url, {"home_province": "40"}, HTTP_HX_TRIGGER_NAME="home_province").content
    assert b'value="4001"' in html and b'value="400101"' not in html
    html = client.get(
        url, {"home_province": "40", "home_district": "4001"}, HTTP_HX_TRIGGER_NAME="home_district"
    ).content
    assert b'value="400101"' in html
    html = client.get(
        url,
        {"home_province": "40", "home_district": "4001", "home_subdistrict": "400101"},
        HTTP_HX_TRIGGER_NAME="home_subdistrict",
    ).content.decode()
    assert 'value="40010105"' in html and "หมู่ที่ 5" in html


def test_a_photo_is_checked_kept_and_shown_only_through_the_profile(signed_in, world, child):
    client = signed_in("cw_kk")
    url = reverse("people:photo_edit", args=[child.pk])
    bad = SimpleUploadedFile("me.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    response = client.post(url, {"version": child.version, "photo": bad})
    assert response.status_code == 200 and "JPEG" in response.content.decode()
    good = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")
    assert client.post(url, {"version": child.version, "photo": good}).status_code == 302
    photo = client.get(reverse("people:photo_file", args=[child.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    client.logout()
    police = signed_in("police_kk")
    assert police.get(reverse("people:photo_file", args=[child.pk])).status_code == 404


@pytest.mark.parametrize("who", ["police_kk", "vol_kk", "cw_tak", "central"])
def test_roles_without_identity_get_no_profile(signed_in, world, child, who):
    if who == "police_kk":  # on the case, without identity: sees the case code only
        CaseAccessFactory(case=child.case, user=world["u"]["police_kk"], identity=False)
    client = signed_in(who)
    for url in (
        reverse("people:profile", args=[child.pk]),
        reverse("people:profile_edit", args=[child.pk]),
        reverse("people:item_add", args=[child.pk, "contacts"]),
        reverse("people:photo_edit", args=[child.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("people:profile_edit", args=[child.pk]), _edit_data(child))
    assert response.status_code == 404
    assert Person.objects.get(pk=child.pk).version == child.version
    assert not ReadAccess.objects.filter(user=world["u"][who], record_id=str(child.pk)).exists()
    if who == "police_kk":
        html = client.get(reverse("cases:detail", args=[child.case.code])).content.decode()
        assert child.case.code in html and "Sok Dara" not in html
        assert reverse("people:profile", args=[child.pk]) not in html


def test_the_case_page_links_the_profile_and_both_pdfs(signed_in, child):
    html = signed_in("cw_kk").get(reverse("cases:detail", args=[child.case.code])).content.decode()
    assert reverse("people:profile", args=[child.pk]) in html
    assert reverse("cases:pdf_screening_form", args=[child.case.code]) in html
    assert reverse("cases:pdf_summary", args=[child.case.code]) in html


# --- the screening PDF's part 1 ----------------------------------------------------------------
def test_the_screening_pdf_part_1_is_filled_from_the_profile(world, child, areas):
    from saphan.cases.documents_pdf import screening_form_pdf
    from saphan.cases.tests.test_pdf import contains, pdf_text

    actor = world["u"]["cw_kk"]
    details = _cambodian_at_home(child)
    services.profile_save(
        actor=actor, person=child, details=details,
        guardian=GuardianInput(guardian_name="Sok Srey", guardian_relationship="parent"),
        documents=[DocumentInput(kind="passport", number="N1234567", issuing_country="KH")],
        expected_version=child.version,
    )  # fmt: skip
    text = pdf_text(screening_form_pdf(actor=actor, case=child.case))
    for fact in (
        "Sok Dara", "ชาย", f"พ.ศ. {THIS_YEAR + 543 - 14}", "กัมพูชา", "เขมร", "ต้องใช้ล่าม",
        "N1234567", "หมู่ที่ 5", "ในเมือง", "เมืองขอนแก่น", "Sok Srey",
    ):  # fmt: skip
        assert contains(text, fact), fact


# --- the volunteer's visit ----------------------------------------------------------------------
def test_the_volunteer_sees_the_current_home_address_of_a_follow_up_and_nothing_else(
    world, child, areas
):
    from saphan.network.models import Visit, VisitKind
    from saphan.network.selectors import visit_address

    vol = world["u"]["vol_kk"]
    visit = Visit.objects.create(
        kind=VisitKind.FOLLOW_UP, assigned_to=vol, assigned_by=world["u"]["cw_kk"],
        province=ProvinceFactory(code="40"), case=child.case, visit_name=child.full_name,
        visit_address="", purpose="เยี่ยมติดตาม",
    )  # fmt: skip
    assert visit_address(actor=vol, visit=visit) == ""  # nothing recorded yet
    details = person_details_of(child)
    services.profile_save(
        actor=world["u"]["cw_kk"],
        person=child,
        details=type(details)(
            **{
                **details.__dict__,
                "home_province_id": "40",
                "home_district_id": "4001",
                "home_subdistrict_id": "400101",
                "home_village_code": "40010105",
                "address": "12/3",
            }
        ),  # fmt: skip
        expected_version=child.version,
        guardian=GuardianInput(),
    )
    address = visit_address(actor=vol, visit=visit)
    assert address.startswith("12/3") and "หมู่ 5" in address and "ต.ในเมือง" in address
    assert ReadAccess.objects.filter(user=vol, scope=f"visit:{visit.pk}").count() == 1
    # Another user (even the province's worker) gets the copy made at assignment, not a read.
    assert visit_address(actor=world["u"]["cw_kk"], visit=visit) == ""


def test_a_household_visit_shows_its_village_by_name(world, areas):
    from saphan.network.models import Visit, VisitKind
    from saphan.network.selectors import visit_address

    vol = world["u"]["vol_kk"]
    visit = Visit(
        kind=VisitKind.HOUSEHOLD, assigned_to=vol, visit_address="40010105", visit_name="x"
    )
    assert visit_address(actor=vol, visit=visit) == "หมู่ 5 ต.ในเมือง อ.เมืองขอนแก่น จ.ขอนแก่น"
    visit.visit_address = "99999999"  # not a known subdistrict: shown as it was copied
    assert visit_address(actor=vol, visit=visit) == "99999999"


def test_the_profile_reads_in_english(signed_in, world, child):
    html = signed_in("cw_kk", lang="en").get(reverse("people:profile", args=[child.pk]))
    text = html.content.decode()
    for label in ("Personal details", "Identity documents", "Home address", "Edit the record"):
        assert label in text, label
    assert f"Born in {THIS_YEAR - 14}" in text and "Child (under 18)" in text


def person_details_of(person):
    """What the record says now, as the input of profile_save (to change one part of it)."""
    return PersonDetails(**{name: getattr(person, name) for name in _DETAIL_FIELDS})
