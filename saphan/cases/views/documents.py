"""A case document, streamed to a user who may open the case (never a public /media URL)."""

from __future__ import annotations

import unicodedata

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404

from saphan.core.downloads import private_file

from .. import selectors
from .common import case_or_404

EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
KEEP = set(" -_.()")


def download_name(document) -> str:
    """The title as a file name: letters (Thai with its vowel and tone marks), digits and a few
    harmless marks; nothing that could be a path, a quote or a control character. The
    extension follows the checked content type, not the uploaded name."""
    chars = [
        ch if unicodedata.category(ch)[0] in "LMN" or ch in KEEP else "_"
        for ch in unicodedata.normalize("NFC", document.title or "")
    ]
    stem = " ".join("".join(chars).split()).strip(" ._")[:100] or "document"
    return stem + EXTENSIONS.get(document.content_type, "")


@login_required
def case_document(request, code: str, document_id):
    case = case_or_404(request, code, purpose="document")
    try:
        document = selectors.document_open(
            actor=request.user, case=case, document_id=document_id, path=request.path
        )
    except (PermissionDenied, ObjectDoesNotExist):
        raise Http404("no such document") from None
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("the stored file is missing") from None
    return private_file(
        handle, content_type=document.content_type, filename=download_name(document)
    )
