"""The account-takeover chains of issue 12, replayed: a volunteer import and a set-password link
may touch only plain volunteer and youth-council accounts of the importer's own province that
have never chosen a password, and say so per row."""

import base64
import uuid

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from saphan.network.models import MemberKind, NetworkMember
from saphan.network.services import members_import
from saphan.network.services.passwords import tokens, user_for_link
from saphan.orgs.models import User
from saphan.orgs.roles import Role
from saphan.orgs.tests.factories import TEST_PASSWORD, UserFactory, national_user

from .test_members_import import xlsx


def _snapshot(user):
    user.refresh_from_db()
    return (
        list(user.roles),
        user.jurisdiction,
        user.province_id,
        user.agency_id,
        user.is_staff,
        user.is_superuser,
        user.password,
        sorted(user.user_permissions.values_list("codename", flat=True)),
    )


@pytest.fixture
def targets(net):
    admin = national_user("t_admin", Role.SYSTEM_ADMIN, is_staff=True)
    admin.user_permissions.add(Permission.objects.get(codename="change_user"))
    return {
        "admin": admin,
        "auditor": national_user("t_auditor", Role.AUDITOR),
        "km": national_user("t_km", Role.KNOWLEDGE_MANAGER),
        "central": net["central"],
        "cw": net["cw"],  # staff of the importer's own province
        "cw_tak": net["cw_tak"],
        "vol_tak": UserFactory(
            username="t_vol_tak", province=net["tak"], agency=None, roles=[Role.VOLUNTEER]
        ),  # fmt: skip
    }


@pytest.mark.parametrize("who", ["admin", "auditor", "km", "central", "cw", "cw_tak", "vol_tak"])
def test_an_import_row_naming_a_staff_national_or_other_province_account_is_refused(
    net, targets, who
):
    target = targets[who]
    before = _snapshot(target)
    data = xlsx([["vol.new", "ก", "ข", "อพม.", "40010104", "", ""],
                 [target.username, "ยึด", "บัญชี", "อพม.", "40010101", "", ""]])  # fmt: skip
    with translation.override("th"):
        result = members_import(actor=net["sup"], data=data)
    assert not result.ok and result.created == result.updated == 0
    assert [e.row for e in result.errors] == [3]
    assert target.username in result.errors[0].message
    assert "นำเข้าไม่สามารถเปลี่ยน" in result.errors[0].message  # a clear Thai message
    assert _snapshot(target) == before
    assert not NetworkMember.objects.filter(user=target).exists()
    assert not User.objects.filter(username="vol.new").exists()  # all or nothing


def test_a_row_in_other_letter_case_is_the_same_account(net, targets):
    data = xlsx([[targets["auditor"].username.upper(), "ก", "ข", "อพม.", "40010101", "", ""]])
    result = members_import(actor=net["sup"], data=data)
    assert not result.ok


def test_an_existing_member_keeps_role_and_password_and_each_row_says_what_was_done(net):
    vol = net["vol"]  # has a password (the factory's): the account is the volunteer's own
    youth = net["youth"]
    youth.set_unusable_password()
    youth.save()
    before_vol = _snapshot(vol)
    data = xlsx([[vol.username, "เปลี่ยน", "ชื่อ", "อพม.", "40010105", "", ""],
                 [youth.username, "มานี", "มีนา", "สภาเด็ก", "40010203", "0899999999", ""],
                 ["vol.fresh", "ใหม่", "", "อพม.", "40010106", "", ""]])  # fmt: skip
    with translation.override("th"):
        result = members_import(actor=net["sup"], data=data)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    notes = {n.username: n.message for n in result.notes}
    assert "ไม่เปลี่ยน" in notes[vol.username]
    assert "บทบาท" in notes[youth.username]
    assert _snapshot(vol) == before_vol and vol.first_name != "เปลี่ยน"
    assert NetworkMember.objects.get(user=vol).village_code == "40010103"  # untouched
    youth.refresh_from_db()
    assert youth.first_name == "มานี" and youth.roles == [Role.YOUTH_COUNCIL]
    assert NetworkMember.objects.get(user=youth).village_code == "40010203"


def test_an_import_does_not_change_a_members_kind(net):
    youth = net["youth"]
    youth.set_unusable_password()
    youth.save()
    result = members_import(
        actor=net["sup"], data=xlsx([[youth.username, "ก", "", "อพม.", "40010201", "", ""]])
    )
    assert not result.ok
    youth.refresh_from_db()
    assert youth.roles == [Role.YOUTH_COUNCIL]


def test_the_members_page_shows_the_row_notes_after_import(
    client, net, django_capture_on_commit_callbacks
):
    from saphan.network.tasks import members_import_run

    client.force_login(net["sup"])
    data = xlsx([[net["vol"].username, "ก", "ข", "อพม.", "40010103", "", ""]])
    with django_capture_on_commit_callbacks(execute=False):
        r = client.post(
            reverse("network:members"),
            {"file": SimpleUploadedFile("m.xlsx", data), "submission_key": str(uuid.uuid4())},
        )
    assert r.status_code == 302
    members_import_run(r["Location"].rstrip("/").rsplit("/", 1)[-1])
    page = client.get(r["Location"]).text
    assert 'id="import-notes"' in page and net["vol"].username in page


# --- set-password links ---------------------------------------------------------------------------
def test_a_second_link_for_a_member_with_a_password_is_refused_with_a_message(client, net):
    vol = net["vol"]  # has chosen a password
    member = NetworkMember.objects.get(user=vol)
    client.force_login(net["cw"])
    r = client.post(reverse("network:password_link", args=[member.pk]), follow=True)
    assert r.status_code == 200
    assert "/network/password/" not in r.text
    assert "ตั้งรหัสผ่านแล้ว" in r.text  # "has already chosen a password"
    vol.refresh_from_db()
    assert vol.check_password(TEST_PASSWORD)
    # Nor does a token made for it outside the pages open the form.
    uid = urlsafe_base64_encode(force_bytes(vol.pk))
    client.logout()
    r = client.get(reverse("network:set_password", args=[uid, tokens.make_token(vol)]))
    assert r.status_code == 404


def test_a_staff_account_behind_a_member_row_gets_no_link(client, net, targets):
    """The old import turned a national account into a 'member'; such a row opens nothing."""
    admin = targets["admin"]
    admin.set_unusable_password()
    admin.save()
    member = NetworkMember.objects.create(
        user=admin, kind=MemberKind.VOLUNTEER, province=net["kk"], district=net["district"],
        subdistrict=net["s1"], village_code="40010101",
    )  # fmt: skip
    client.force_login(net["cw"])
    r = client.post(reverse("network:password_link", args=[member.pk]))
    assert r.status_code == 403
    uid = urlsafe_base64_encode(force_bytes(admin.pk))
    assert user_for_link(uid, tokens.make_token(admin)) is None


def test_a_link_for_another_provinces_member_is_not_found(client, net):
    member = NetworkMember.objects.get(user=net["vol"])
    client.force_login(net["cw_tak"])
    assert client.post(reverse("network:password_link", args=[member.pk])).status_code == 404


@pytest.mark.parametrize("uid", ["not-a-uuid", "abc", "%%%", "MTIz"])
def test_a_link_whose_id_is_not_a_uuid_is_a_404_not_a_500(client, db, uid):
    encoded = base64.urlsafe_b64encode(b"12345").decode().rstrip("=") if uid == "abc" else uid
    r = client.get(f"/network/password/{encoded}/abc-123/")
    assert r.status_code == 404
