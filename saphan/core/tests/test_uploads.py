"""Uploads are checked by parsing: a PDF must open in poppler and carry no active content, a
picture must decode with Pillow; the reason is given in Thai or English. Real crafted files."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from saphan.core import uploads
from saphan.core.tests import files

KINDS = (uploads.PDF, uploads.PNG, uploads.JPEG)


def check(name: str, data: bytes, limit: int = 10 * uploads.MB) -> str:
    return uploads.check_upload(
        SimpleUploadedFile(name, data), kinds=KINDS, limit=limit, refused="not accepted"
    )


def refusal(name: str, data: bytes, lang: str = "en") -> str:
    with translation.override(lang):
        with pytest.raises(ValidationError) as e:
            check(name, data)
        return " ".join(e.value.messages)


def test_a_real_pdf_and_real_pictures_are_accepted():
    assert check("report.pdf", files.pdf()) == "application/pdf"
    assert check("photo.png", files.PNG) == "image/png"
    assert check("photo.JPG", files.JPEG) == "image/jpeg"


def test_a_pdf_made_by_the_system_itself_is_accepted():
    from saphan.core.pdf import html_to_pdf  # WeasyPrint, Sarabun embedded

    assert check("summary.pdf", html_to_pdf("<p>สรุปรายงาน</p>")) == "application/pdf"


def test_a_pdf_that_opens_on_a_page_is_accepted():
    # Word and LibreOffice write /OpenAction as a destination in ordinary documents.
    assert check("minutes.pdf", files.pdf_opening_on_its_first_page()) == "application/pdf"
    assert check("minutes.pdf", files.pdf_with_goto_open_action()) == "application/pdf"


def test_html_with_a_pdf_prefix_is_refused():
    assert "not a PDF that can be opened" in refusal("page.pdf", files.HTML_AS_PDF)
    assert "ไม่ใช่ PDF" in refusal("page.pdf", files.HTML_AS_PDF, "th")


@pytest.mark.parametrize(
    "data",
    [
        files.pdf_with_javascript(),
        files.pdf_with_launch(),
        files.pdf_with_hidden_names(),
        files.pdf_with_embedded_file(),
        files.pdf_with_page_action(),
        files.pdf_with_uri_open_action(),
    ],
    ids=[
        "javascript",
        "launch",
        "hidden-in-object-stream",
        "embedded-file",
        "page-action",
        "uri-on-opening",
    ],  # fmt: skip
)
def test_pdfs_with_active_content_are_refused(data):
    # each opens as a PDF: the refusal is for what it carries
    assert "JavaScript" in refusal("form.pdf", data)
    assert "JavaScript" in refusal("form.pdf", data, "th")


def test_a_truncated_pdf_is_refused():
    assert "not a PDF" in refusal("cut.pdf", files.pdf()[:40])


def test_pictures_must_decode():
    broken_png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert "PNG or JPEG" in refusal("photo.png", broken_png)
    cut_jpeg = files.JPEG[: len(files.JPEG) // 2]
    assert "PNG or JPEG" in refusal("photo.jpg", cut_jpeg)
    assert "PNG หรือ JPEG" in refusal("photo.jpg", cut_jpeg, "th")
    # a PNG renamed .jpg is neither
    assert "not accepted" in refusal("photo.jpg", files.PNG)


def test_a_picture_of_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "IMAGE_MAX_PIXELS", 100)
    assert "megapixels" in refusal("photo.png", files.picture("PNG", (20, 20)))


def test_size_limit_says_the_size_and_the_limit():
    data = files.pdf() + b"%" + b"0" * (2 * uploads.MB)
    with translation.override("en"):
        with pytest.raises(ValidationError) as e:
            check("big.pdf", data, limit=2 * uploads.MB)
        assert e.value.messages == ["The file is 2 MB; the limit is 2 MB."]


def test_a_file_object_is_left_at_its_start():
    upload = SimpleUploadedFile("report.pdf", files.pdf())
    uploads.check_upload(upload, kinds=KINDS, limit=uploads.MB, refused="x")
    assert upload.read(5) == b"%PDF-"
    assert isinstance(upload.file, io.BytesIO)
