"""Case notes and documents."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .common import CaseActionForm, _line, _text

# --- notes and documents ------------------------------------------------------------------------


class CaseNoteForm(CaseActionForm):
    text = _text(
        _("Case note"),
        rows=5,
        help_text=_("Everyone working on the case reads notes: write facts and what was agreed."),
    )


DOCUMENT_ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


class DocumentForm(CaseActionForm):
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,  # the service says what is wrong with a file, empty or not
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )
    title = _line(
        _("Title"),
        required=False,
        help_text=_("What the document is, e.g. a medical certificate. Empty: the file's name."),
    )
