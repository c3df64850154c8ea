"""Notes and documents on any stage: PDF, PNG or JPEG up to 10 MB, checked by content and name;
nothing stored when refused; opened only through a checked, logged selector."""

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from saphan.audit.models import ReadAccess
from saphan.cases.models import CaseDocument, CaseNote, TimelineEvent
from saphan.cases.selectors import case_documents, document_open
from saphan.cases.services import case_note_add, document_attach
from saphan.core.tests import files

from .tracks_world import make_world


@pytest.fixture(autouse=True)
def english_messages():
    """These tests compare the services' messages in English; the Thai ones are in the catalogue."""
    with translation.override("en"):
        yield


PDF = files.pdf()
PNG, JPEG = files.PNG, files.JPEG


@pytest.fixture
def w(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = make_world()
    world["media"] = Path(settings.MEDIA_ROOT)
    return world


def _stored(w) -> list[Path]:
    return [p for p in w["media"].rglob("*") if p.is_file()] if w["media"].exists() else []


def test_a_pdf_is_stored_under_a_random_name_with_its_hash(w):
    doc = document_attach(
        actor=w["cw"], case=w["case"], upload=SimpleUploadedFile("บันทึกคำให้การ นางสาว ก.pdf", PDF),
        title="บันทึกคำให้การ",
    )  # fmt: skip
    assert doc.content_type == "application/pdf" and doc.size == len(PDF)
    assert doc.sha256 == hashlib.sha256(PDF).hexdigest()
    assert doc.phase == "protection"
    name = Path(doc.file.name)
    assert name.parts[:2] == ("case-documents", str(w["case"].pk))
    assert name.suffix == ".pdf" and "นางสาว" not in name.name and len(name.stem) == 32
    assert _stored(w) == [w["media"] / doc.file.name]
    event = TimelineEvent.objects.get(case=w["case"], kind="document_attached")
    assert "title" not in event.data  # titles can name people; the timeline is seen more widely


def test_png_and_jpeg_are_accepted(w):
    png = document_attach(actor=w["cw"], case=w["case"], upload=SimpleUploadedFile("a.PNG", PNG))
    jpg = document_attach(actor=w["cw"], case=w["case"], upload=SimpleUploadedFile("b.jpeg", JPEG))
    assert (png.content_type, jpg.content_type) == ("image/png", "image/jpeg")
    assert png.title == "a"


def test_the_same_file_twice_is_kept_once(w):
    first = document_attach(actor=w["cw"], case=w["case"], upload=SimpleUploadedFile("x.pdf", PDF))
    again = document_attach(actor=w["cw"], case=w["case"], upload=SimpleUploadedFile("x.pdf", PDF))
    assert first.pk == again.pk and CaseDocument.objects.count() == 1 and len(_stored(w)) == 1


def test_an_oversize_file_is_refused_with_its_size_and_nothing_is_stored(w):
    big = PDF + b"0" * int(14.2 * 1024 * 1024 - len(PDF))
    with translation.override("en"), pytest.raises(ValidationError) as e:
        document_attach(actor=w["cw"], case=w["case"], upload=SimpleUploadedFile("big.pdf", big))
    assert e.value.message_dict["file"] == ["The file is 14.2 MB; the limit is 10 MB."]
    assert not CaseDocument.objects.exists() and not _stored(w)


@pytest.mark.parametrize(
    "name,content",
    [
        ("report.pdf", b"MZ\x90\x00 an executable"),  # a program renamed to .pdf
        ("photo.pdf", PNG),  # a PNG pretending to be a PDF
        ("report.exe", PDF),  # a PDF with a name that would run
        ("report", PDF),  # no extension
        ("page.html", b"<html><script>alert(1)</script>"),
        ("empty.pdf", b""),
    ],
)
def test_wrong_types_are_refused_and_nothing_is_stored(w, name, content):
    with translation.override("en"), pytest.raises(ValidationError) as e:
        document_attach(actor=w["cw"], case=w["case"], upload=SimpleUploadedFile(name, content))
    assert e.value.message_dict["file"] == ["Only PDF, PNG or JPEG files can be attached."]
    assert not CaseDocument.objects.exists() and not _stored(w)
    assert not TimelineEvent.objects.filter(kind="document_attached").exists()


def test_the_refusal_reads_in_thai_too(w):
    with translation.override("th"), pytest.raises(ValidationError) as e:
        document_attach(actor=w["cw"], case=w["case"], upload=SimpleUploadedFile("x.gif", b"GIF8"))
    assert e.value.message_dict["file"]


@pytest.mark.parametrize("who", ["vol", "cw_kk"])
def test_who_may_not_attach(w, who):
    with pytest.raises(PermissionDenied):
        document_attach(actor=w[who], case=w["case"], upload=SimpleUploadedFile("x.pdf", PDF))
    assert not _stored(w)


def test_document_open_checks_access_and_logs_the_read(w):
    doc = document_attach(actor=w["cw"], case=w["case"], upload=SimpleUploadedFile("x.pdf", PDF))
    opened = document_open(actor=w["police_user"], case=w["case"], document_id=doc.pk)
    with opened.file.open("rb") as fh:
        assert fh.read() == PDF
    row = ReadAccess.objects.get(record_id=str(doc.pk))
    assert row.username == "pol" and row.record_type == "cases.casedocument"
    for who in ("cw_kk", "vol"):
        with pytest.raises(PermissionDenied):
            document_open(actor=w[who], case=w["case"], document_id=doc.pk)
    assert ReadAccess.objects.filter(record_id=str(doc.pk)).count() == 1
    assert list(case_documents(case=w["case"])) == [doc]


def test_notes_keep_the_phase_and_need_text(w):
    note = case_note_add(actor=w["cw"], case=w["case"], text="ผู้เสียหายขอพูดคุยกับมารดา")
    assert note.phase == "protection" and note.author == w["cw"]
    with pytest.raises(ValidationError) as e:
        case_note_add(actor=w["cw"], case=w["case"], text="  ")
    assert "text" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        case_note_add(actor=w["vol"], case=w["case"], text="x")
    assert CaseNote.objects.count() == 1
    assert TimelineEvent.objects.filter(case=w["case"], kind="note_added").count() == 1
