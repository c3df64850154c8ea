import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import Workbook

from saphan.network.models import MemberKind, NetworkMember
from saphan.network.services import members_import
from saphan.orgs.models import User

HEADER = ["ชื่อผู้ใช้", "ชื่อ", "นามสกุล", "ประเภท", "รหัสหมู่บ้าน", "โทรศัพท์", "ผู้ประสานงาน"]


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_import_creates_members_with_area_and_coordinator(net):
    data = xlsx([
        ["vol.a", "สมศรี", "ใจดี", "อพม.", "40010104", "0811111111", "n_cw"],
        ["youth.b", "มานะ", "รักเรียน", "สภาเด็กและเยาวชน", 40010202, "", ""],
    ])  # fmt: skip
    result = members_import(actor=net["sup"], data=data)
    assert result.ok and result.created == 2
    a = NetworkMember.objects.get(user__username="vol.a")
    assert (a.kind, a.subdistrict_id, a.village_code, a.coordinator) == (
        MemberKind.VOLUNTEER, "400101", "40010104", net["cw"],
    )  # fmt: skip
    assert a.user.roles == ["volunteer"] and a.user.province_id == "40"
    assert not a.user.has_usable_password()
    b = NetworkMember.objects.get(user__username="youth.b")
    assert b.kind == MemberKind.YOUTH_COUNCIL and b.user.roles == ["youth_council"]
    # Re-importing the same file updates, never duplicates.
    again = members_import(actor=net["sup"], data=data)
    assert again.ok and again.updated == 2 and again.created == 0
    assert NetworkMember.objects.filter(user__username__in=["vol.a", "youth.b"]).count() == 2


def test_one_bad_row_imports_nothing_and_names_each_row_in_thai(net):
    data = xlsx([
        ["vol.ok", "สมศรี", "ใจดี", "อพม.", "40010104", "", ""],
        ["vol.bad", "", "", "ครู", "4001", "", ""],
        ["vol.far", "ก", "ข", "อพม.", "63010101", "", ""],
        ["n_cw", "ก", "ข", "อพม.", "40010101", "", ""],
        ["vol.ok", "ซ้ำ", "", "อพม.", "40010105", "", "nobody"],
    ])  # fmt: skip
    before = User.objects.count()
    with translation.override("th"):
        result = members_import(actor=net["sup"], data=data)
    assert not result.ok
    assert User.objects.count() == before
    assert not NetworkMember.objects.filter(user__username="vol.ok").exists()
    rows = {e.row for e in result.errors}
    assert rows == {3, 4, 5, 6}
    text = " ".join(e.message for e in result.errors)
    assert "ชื่อ" in text and "หมู่บ้าน" in text  # Thai messages
    assert any("vol.ok" in e.message and e.row == 6 for e in result.errors)


def test_missing_columns_and_not_an_excel_file(net):
    with translation.override("th"):
        r1 = members_import(actor=net["sup"], data=xlsx([["a"]], header=["ชื่อผู้ใช้"]))
        r2 = members_import(actor=net["sup"], data=b"not a spreadsheet")
    assert not r1.ok and r1.errors[0].row == 1
    assert not r2.ok and "Excel" in r2.errors[0].message


def test_only_a_supervisor_imports(net):
    for who in ("cw", "vol", "central"):
        with pytest.raises(PermissionDenied):
            members_import(actor=net[who], data=xlsx([]))
