"""Notes and documents on any stage of a case.

Documents are PDF, PNG or JPEG up to settings.CASE_DOCUMENT_MAX_BYTES, checked by their first
bytes and their name together (a renamed executable is neither); a refused file leaves nothing
behind. They are stored under MEDIA_ROOT/case-documents/<case id>/ with random names and are
never served from /media: selectors.document_open checks access and logs each read.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from saphan.core import uploads

from ..models import Case, CaseDocument, CaseNote
from .common import case_write_guard, record_event

if TYPE_CHECKING:
    from saphan.orgs.models import User

MB = uploads.MB
DEFAULT_MAX_BYTES = 10 * MB
KINDS = (uploads.PDF, uploads.PNG, uploads.JPEG)


def max_bytes() -> int:
    return getattr(settings, "CASE_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_upload(upload: File) -> str:
    """The file's content type, or a ValidationError (on the form's file field) saying what is
    wrong with it."""
    try:
        return uploads.check_upload(
            upload,
            kinds=KINDS,
            limit=max_bytes(),
            refused=_("Only PDF, PNG or JPEG files can be attached."),
        )
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None


@transaction.atomic
def case_note_add(
    *, actor: User, case: Case, text: str, expected_version: int | None = None
) -> CaseNote:
    """A note adds to the case and changes nothing in it: a colleague's note or any other
    change made since the form was opened is no conflict (``expected_version`` is not held
    against the case; the version is still bumped)."""
    case_write_guard(actor=actor, case=case, expected_version=None)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    note = CaseNote.objects.create(case=case, phase=case.phase, text=text.strip(), author=actor)
    record_event(case=case, actor=actor, kind="note_added", phase=case.phase)
    return note


@transaction.atomic
def document_attach(
    *, actor: User, case: Case, upload: File, title: str = "", expected_version: int | None = None
) -> CaseDocument:
    """Attach a document to the case at its current phase. The same file twice is kept once.
    Like a note, an attachment changes nothing already recorded: a change made since the form
    was opened is no conflict."""
    case_write_guard(actor=actor, case=case, expected_version=None)
    content_type = check_upload(upload)
    sha256 = uploads.file_sha256(upload)
    existing = case.documents.filter(sha256=sha256).first()
    if existing is not None:
        return existing
    title = (title.strip() or PurePosixPath(upload.name or "").stem or str(sha256[:8]))[:200]
    document = CaseDocument(
        case=case, phase=case.phase, title=title, content_type=content_type, size=upload.size,
        sha256=sha256, uploaded_by=actor,
    )  # fmt: skip
    document.file.save(PurePosixPath(upload.name).name, upload, save=False)
    try:
        document.save()
        record_event(
            case=case, actor=actor, kind="document_attached", size=upload.size, phase=case.phase,
        )  # fmt: skip
    except Exception:
        document.file.delete(save=False)  # nothing stored when the record is not
        raise
    return document
