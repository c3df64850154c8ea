"""Notes and documents, on any stage of a case."""

import uuid
from pathlib import PurePosixPath

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel

from ..process import Phase
from .case import Case

USER = settings.AUTH_USER_MODEL


@pghistory.track()
class CaseNote(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    phase = models.CharField(_("phase"), max_length=30, choices=Phase.choices)
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.case_id} {self.created_at:%Y-%m-%d}"


def document_path(document: "CaseDocument", filename: str) -> str:
    """case-documents/<case id>/<random name>.<ext>: nothing of the original name is kept on
    disk, and a name cannot be guessed. Served only through selectors.document_open."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"case-documents/{document.case_id}/{uuid.uuid4().hex}{suffix}"


@pghistory.track()
class CaseDocument(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    phase = models.CharField(_("phase"), max_length=30, choices=Phase.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    content_type = models.CharField(_("file type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self) -> str:
        return self.title
