"""Checking an uploaded file before it is kept: its size, and its type by its first bytes and
its name together (a renamed executable is neither). Each app says which kinds it accepts."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

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


ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF = FileKind("application/pdf", frozenset({".pdf"}), b"%PDF-")
PNG = FileKind("image/png", frozenset({".png"}), b"\x89PNG\r\n\x1a\n")
JPEG = FileKind("image/jpeg", frozenset({".jpg", ".jpeg"}), b"\xff\xd8\xff")
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
