"""Real files for upload tests: a PDF written object by object with a correct cross-reference
table (poppler opens it), the same with active content added, and pictures made by Pillow."""

from __future__ import annotations

import io
import zlib


def pdf(
    *, catalog_extra: bytes = b"", objects: tuple[bytes, ...] = (), text: str = "Saphan"
) -> bytes:
    """A one-page PDF. ``catalog_extra`` goes into the document catalogue (object 1);
    ``objects`` are further objects numbered from 5 on."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    body = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *objects,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(body, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, xref)
    )
    return out.getvalue()


def pdf_with_javascript() -> bytes:
    return pdf(
        catalog_extra=b"/OpenAction 5 0 R",
        objects=(b"<< /Type /Action /S /JavaScript /JS (app.alert\\('x'\\);) >>",),
    )


def pdf_opening_on_its_first_page() -> bytes:
    """As Word and LibreOffice write it: /OpenAction as a destination, in place and by reference."""
    return pdf(catalog_extra=b"/OpenAction 5 0 R", objects=(b"[3 0 R /XYZ null null 0]",))


def pdf_with_goto_open_action() -> bytes:
    return pdf(catalog_extra=b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>")


def pdf_with_uri_open_action() -> bytes:
    """Opening the file sends the reader to a web address."""
    return pdf(catalog_extra=b"/OpenAction << /S /URI /URI (http://evil.example/) >>")


def pdf_with_launch() -> bytes:
    return pdf(
        catalog_extra=b"/OpenAction 5 0 R",
        objects=(b"<< /Type /Action /S /Launch /F (cmd.exe) >>",),
    )


def pdf_with_hidden_names() -> bytes:
    """/OpenAction written with #xx escapes and the JavaScript inside a compressed object
    stream, as a hostile file would hide them from a plain text search."""
    inner = b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"
    header = b"6 0 "
    packed = zlib.compress(header + inner)
    return pdf(
        catalog_extra=b"/Open#41ction 6 0 R",
        objects=(
            b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
            % (len(header), len(packed))
            + packed
            + b"\nendstream",
        ),
    )


def pdf_with_embedded_file() -> bytes:
    data = b"MZ pretend executable"
    return pdf(
        catalog_extra=b"/Names << /EmbeddedFiles << /Names [(run.exe) 5 0 R] >> >>",
        objects=(
            b"<< /Type /Filespec /F (run.exe) /EF << /F 6 0 R >> >>",
            b"<< /Type /EmbeddedFile /Length %d >>\nstream\n" % len(data) + data + b"\nendstream",
        ),
    )


def pdf_with_page_action() -> bytes:
    """An additional action (/AA) on the page: runs when the page opens."""
    return pdf(
        catalog_extra=b"/AA << /O 5 0 R >>",
        objects=(b"<< /S /URI /URI (http://example.invalid/) >>",),
    )


HTML_AS_PDF = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"


def picture(fmt: str = "PNG", size: tuple[int, int] = (8, 8)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


PNG = picture("PNG")
JPEG = picture("JPEG")
