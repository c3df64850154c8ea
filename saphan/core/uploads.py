"""Checking an uploaded file before it is kept: its size, and its type by its first bytes and
its name together (a renamed executable is neither), then by parsing it: a PDF must open in
poppler's ``pdfinfo`` and carry no active content (JavaScript, actions that run on opening,
launch actions, embedded files); a picture must decode with Pillow. Each app says which kinds
it accepts."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    content_type: str
    suffixes: frozenset[str]
    magic: bytes  # the file's first bytes
    inside: Callable[[File], bool] | None = None  # a further look at the content


def _zip_holds(*names: str) -> Callable[[File], bool]:
    """An Office Open XML or OpenDocument file is a zip: it must hold these members."""

    def check(upload: File) -> bool:
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as z:
                members = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        finally:
            upload.seek(0)
        return all(any(m == n or m.startswith(n) for m in members) for n in names)

    return check


def _odf(mimetype: str) -> Callable[[File], bool]:
    def check(upload: File) -> bool:
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as z:
                return z.read("mimetype").decode("ascii", "replace").strip() == mimetype
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            return False
        finally:
            upload.seek(0)

    return check


# PDF names that make a reader run something or carry another file; /AA (additional actions,
# e.g. on opening a page) too. /OpenAction (on opening the file) is refused unless it only
# shows a page: Word and LibreOffice write `/OpenAction [3 0 R /XYZ null null 0]` in ordinary
# documents. A name may be written with #xx escapes (/J#61vaScript); they are undone first.
ACTIVE_PDF_NAMES = frozenset(
    {
        b"JS", b"JavaScript", b"AA", b"Launch", b"EmbeddedFile", b"EmbeddedFiles",
        b"RichMedia", b"XFA", b"SubmitForm", b"ImportData", b"GoToE", b"GoToR",
    }
)  # fmt: skip
_OPEN_ACTION = re.compile(rb"/OpenAction\s*")
_GOTO = re.compile(rb"^<<(?:(?!>>).)*?/S\s*/GoTo(?![A-Za-z])", re.S)
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_STREAM = re.compile(rb"stream\r?\n")
PDF_PARSE_SECONDS = 20
MAX_INFLATED = 200 * MB  # a stream that inflates beyond this is a bomb, not a document
IMAGE_MAX_PIXELS = 60_000_000  # 60 megapixels: a phone photo is 12-50


def _pdf_bodies(data: bytes) -> list[bytes]:
    """The file's plain bytes and every stream that inflates (object streams of PDF 1.5 hide
    dictionaries inside compressed streams), with #xx escapes in names undone."""
    bodies = [data]
    budget = MAX_INFLATED
    view = memoryview(data)
    for match in _PDF_STREAM.finditer(data):
        if data[max(0, match.start() - 3) : match.start()] == b"end":
            continue
        end = data.find(b"endstream", match.end())
        inflater = zlib.decompressobj()
        try:
            body = inflater.decompress(view[match.end() : end if end >= 0 else len(data)], budget)
        except zlib.error:
            continue
        budget -= len(body)
        bodies.append(body)
        if budget <= 0:
            raise ValidationError(_("The PDF could not be read as a PDF."))
    unescape = re.compile(rb"(/[^\s/<>\[\]()%{}]*)#([0-9A-Fa-f]{2})")
    out = []
    for body in bodies:
        while True:
            body, n = unescape.subn(lambda m: m[1] + bytes([int(m[2], 16)]), body)
            if not n:
                break
        out.append(body)
    return out


def _only_shows_a_page(bodies: list[bytes]) -> bool:
    """True when every /OpenAction is a destination (an array) or a GoTo action, written in
    place or in an object found in the file's plain text; anything else counts as active."""
    for body in bodies:
        for match in _OPEN_ACTION.finditer(body):
            value = body[match.end() : match.end() + 400]
            ref = re.match(rb"(\d+)\s+(\d+)\s+R", value)
            if ref:
                target = re.compile(rb"(?<![0-9])%s\s+%s\s+obj\s*" % (ref[1], ref[2]))
                found = next((b for b in bodies if target.search(b)), None)
                if found is None:
                    return False  # inside an object stream: not worth the risk
                start = target.search(found).end()
                value = found[start : start + 400]
            if not (value.startswith(b"[") or _GOTO.match(value)):
                return False
    return True


def _run(command: list[str], path: str) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(
            [*command, path], capture_output=True, timeout=PDF_PARSE_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        return None


def check_pdf(upload: File) -> bool:
    """True for a PDF that poppler opens, has at least one page, is not password-protected
    and carries no active content; a ValidationError with the reason otherwise."""
    not_pdf = ValidationError(_("The file is not a PDF that can be opened."))
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:  # never accept what could not be checked
        raise ValidationError(
            _("PDF files cannot be checked on this server; ask the administrator.")
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        info = _run([pdfinfo], tmp.name)
        if info is None or info.returncode != 0:
            raise not_pdf
        fields = dict(
            line.split(":", 1)
            for line in info.stdout.decode("utf-8", "replace").splitlines()
            if ":" in line
        )
        if fields.get("Encrypted", "no").strip().startswith("yes"):
            raise ValidationError(
                _(
                    "The PDF is protected with a password. Save it without a password and attach it again."
                )
            )
        try:
            pages = int(fields.get("Pages", "0").strip())
        except ValueError:
            pages = 0
        if pages < 1:
            raise not_pdf
        active = bool(fields.get("JavaScript", "no").strip().startswith("yes"))
        detach = _run([shutil.which("pdfdetach") or "pdfdetach", "-list"], tmp.name)
        if detach is not None and detach.returncode == 0:
            first = detach.stdout.split(b"\n", 1)[0]
            active = active or not first.startswith(b"0 ")
    bodies = _pdf_bodies(data)
    names = {n for body in bodies for n in _PDF_NAME.findall(body)}
    if active or names & ACTIVE_PDF_NAMES or not _only_shows_a_page(bodies):
        raise ValidationError(
            _(
                "The PDF contains JavaScript, actions that run on opening, or embedded files, "
                "which are not accepted. Print it to a new PDF and attach that."
            )
        )
    return True


def _load_within_pixels(image: Any) -> None:
    """Decode the opened Pillow ``image`` fully, unless it has more than ``IMAGE_MAX_PIXELS``
    (then ValidationError, before its pixels are decoded)."""
    width, height = image.size
    if width * height > IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("The picture is %(pixels)s megapixels; the limit is %(limit)s.")
            % {"pixels": width * height // 1_000_000, "limit": IMAGE_MAX_PIXELS // 1_000_000}
        )
    image.load()


@contextmanager
def _decoded_image(upload: File, formats, unreadable: ValidationError) -> Iterator[Any]:
    """Inside: the Pillow image of ``upload``, which must be one of ``formats`` and decode fully
    within ``IMAGE_MAX_PIXELS``. Whatever else Pillow raises there, about the file or the work
    done on it inside, is ``unreadable``. The upload is read from its start and rewound after."""
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in formats:
                raise unreadable
            _load_within_pixels(image)
            yield image
    except ValidationError:
        raise
    except Exception:  # Pillow raises many kinds on a broken file; all mean "not a picture"
        raise unreadable from None
    finally:
        upload.seek(0)


def check_image(expected: str) -> Callable[[File], bool]:
    """The picture must decode fully with Pillow as ``expected`` (PNG or JPEG) and be of a
    sensible size in pixels."""

    def check(upload: File) -> bool:
        not_image = ValidationError(_("The picture could not be read as a PNG or JPEG."))
        with _decoded_image(upload, (expected,), not_image):
            pass
        return True

    return check


ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF = FileKind("application/pdf", frozenset({".pdf"}), b"%PDF-", check_pdf)
PNG = FileKind("image/png", frozenset({".png"}), b"\x89PNG\r\n\x1a\n", check_image("PNG"))
JPEG = FileKind("image/jpeg", frozenset({".jpg", ".jpeg"}), b"\xff\xd8\xff", check_image("JPEG"))
OFFICE = (
    FileKind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        frozenset({".docx"}), ZIP, _zip_holds("[Content_Types].xml", "word/"),
    ),
    FileKind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        frozenset({".xlsx"}), ZIP, _zip_holds("[Content_Types].xml", "xl/"),
    ),
    FileKind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        frozenset({".pptx"}), ZIP, _zip_holds("[Content_Types].xml", "ppt/"),
    ),
    FileKind(
        "application/vnd.oasis.opendocument.text", frozenset({".odt"}), ZIP,
        _odf("application/vnd.oasis.opendocument.text"),
    ),
    FileKind(
        "application/vnd.oasis.opendocument.spreadsheet", frozenset({".ods"}), ZIP,
        _odf("application/vnd.oasis.opendocument.spreadsheet"),
    ),
    # Word 97-2003, Excel 97-2003, PowerPoint 97-2003: an OLE compound file
    FileKind("application/msword", frozenset({".doc"}), OLE),
    FileKind("application/vnd.ms-excel", frozenset({".xls"}), OLE),
    FileKind("application/vnd.ms-powerpoint", frozenset({".ppt"}), OLE),
)  # fmt: skip


def megabytes(size: int) -> str:
    text = f"{size / MB:.1f}"
    return text[:-2] if text.endswith(".0") else text


def check_upload(upload: File, *, kinds: tuple[FileKind, ...], limit: int, refused) -> str:
    """The file's content type, or a ValidationError saying what is wrong with it: too large
    (its size and the limit), or not one of ``kinds`` (``refused``, the caller's message)."""
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": megabytes(size), "limit": megabytes(limit)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    suffix = PurePosixPath(upload.name or "").suffix.lower()
    for kind in kinds:
        if head.startswith(kind.magic) and suffix in kind.suffixes:
            if kind.inside is None or kind.inside(upload):
                return kind.content_type
    raise ValidationError(refused)


def file_sha256(upload: File) -> str:
    """The file's SHA-256 (hex), read in chunks; the file is rewound for whoever reads it next."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


PHOTO_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
PHOTO_MAX_SIDE = 2560  # pixels on the long side: plenty to see a place or a vehicle


def clean_photo(upload: File, *, limit: int) -> bytes:
    """A photo from a phone, made safe to keep: checked by its content (Pillow must decode it
    fully as JPEG, PNG or WebP — the file's name and the browser's type are not trusted), at
    most ``limit`` bytes and ``IMAGE_MAX_PIXELS``, turned upright by its EXIF orientation,
    scaled down to ``PHOTO_MAX_SIDE`` and re-encoded as a JPEG with no metadata at all (no EXIF,
    no GPS position, no camera serial, no embedded thumbnail). Returns the JPEG's bytes, or
    raises ValidationError saying what is wrong."""
    import io

    from PIL import Image, ImageOps

    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": megabytes(size), "limit": megabytes(limit)}
        )
    not_photo = ValidationError(_("The file is not a photo (JPEG, PNG or WebP)."))
    with _decoded_image(upload, PHOTO_FORMATS, not_photo) as image:
        upright = ImageOps.exif_transpose(image)
        upright = upright.convert("RGB")
        upright.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
        # A new image holds pixels only: nothing of the original's info travels with it.
        clean = Image.new("RGB", upright.size)
        clean.paste(upright)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()
