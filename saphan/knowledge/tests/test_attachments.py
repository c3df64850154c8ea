"""A practice's attachment is checked by its content and size, with the reason in Thai or
English (the same check as a case's documents, saphan/core/uploads.py)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from saphan.core import uploads
from saphan.core.tests import files
from saphan.knowledge.forms import ATTACHMENT_KINDS
from saphan.knowledge.models import GoodPractice
from saphan.orgs.tests.factories import TEST_PASSWORD

PDF = files.pdf()
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def _zip(**members: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name.replace("__", "/"), data)
    return buf.getvalue()


DOCX = _zip(**{"[Content_Types].xml": b"<Types/>", "word__document.xml": b"<w:document/>"})
XLSX = _zip(**{"[Content_Types].xml": b"<Types/>", "xl__workbook.xml": b"<workbook/>"})
ODT = _zip(mimetype=b"application/vnd.oasis.opendocument.text", content__xml=b"<x/>")


def _check(name: str, data: bytes) -> str:
    return uploads.check_upload(
        SimpleUploadedFile(name, data), kinds=ATTACHMENT_KINDS, limit=10 * uploads.MB, refused="no"
    )


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.JPG", files.JPEG, "image/jpeg"),
        ("steps.docx", DOCX, "wordprocessingml"),
        ("list.xlsx", XLSX, "spreadsheetml"),
        ("notes.odt", ODT, "opendocument.text"),
        ("old.doc", OLE, "msword"),
    ],
)
def test_documents_and_images_are_accepted_by_their_content(name, data, kind):
    assert kind in _check(name, data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", b"MZ\x90\x00 an executable"),  # renamed executable
        ("steps.docx", XLSX),  # a spreadsheet renamed: no word/ inside
        ("steps.docx", _zip(**{"a.txt": b"x"})),  # any zip
        ("list.xlsx", PDF),  # the right bytes, the wrong name
        ("script.js", b"alert(1)"),
    ],
)
def test_anything_else_is_refused(name, data):
    with pytest.raises(ValidationError) as refused:
        _check(name, data)
    assert refused.value.messages == ["no"]


@pytest.mark.django_db
def test_the_practice_form_keeps_a_good_file_and_explains_a_bad_one(
    world, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    form = {
        "title": "แนบคู่มือ", "context": "บริบท", "problem": "ปัญหา", "action": "สิ่งที่ทำ",
        "result": "ผลลัพธ์", "reuse_conditions": "เงื่อนไข", "phases": ["screening"],
        "nationalities": "", "province": "40",
    }  # fmt: skip
    client.login(username="cw_kk", password=TEST_PASSWORD)
    url = reverse("knowledge:practice-new")
    bad = client.post(url, {**form, "attachment": SimpleUploadedFile("คู่มือ.docx", b"MZ\x90")})
    assert bad.status_code == 200
    assert "แนบได้เฉพาะไฟล์ PDF, PNG หรือ JPEG" in bad.content.decode()
    big = PDF + b"0" * (10 * uploads.MB + 1)
    too_big = client.post(url, {**form, "attachment": SimpleUploadedFile("รายงาน.pdf", big)})
    assert "เกินขนาดสูงสุด 10 MB" in too_big.content.decode()
    assert not GoodPractice.objects.filter(title="แนบคู่มือ").exists()

    world["cw_kk"].language = "en"
    world["cw_kk"].save(update_fields=["language"])
    english = client.post(url, {**form, "attachment": SimpleUploadedFile("a.docx", b"MZ\x90")})
    assert "Only PDF, PNG or JPEG files, or Word, Excel" in english.content.decode()

    good = client.post(url, {**form, "attachment": SimpleUploadedFile("คู่มือ.docx", DOCX)})
    assert good.status_code == 302
    practice = GoodPractice.objects.get(title="แนบคู่มือ")
    assert practice.attachment.name.endswith(".docx")
    assert practice.attachment.read() == DOCX
