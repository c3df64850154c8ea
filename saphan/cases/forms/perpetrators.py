"""Forms of an alleged perpetrator's own record: correcting it, and merging two records of the
same perpetrator (and undoing the merge)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import StyledFormMixin

from ..forms_crime import PerpetratorFields, perpetrator_label
from .common import _text


class PerpetratorEditForm(StyledFormMixin, PerpetratorFields):
    # The version of the record the form was opened at: a save after someone else's is refused
    # and the form comes back with what was typed.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    details = _text(_("Details"), required=False, rows=4)

    SERVICE_FIELDS = ("name", "aliases", "roles", "sex", "nationality", "details")

    def __init__(self, *args, perpetrator, **kwargs):
        initial = {
            "version": perpetrator.version, "name": perpetrator.name,
            "aliases": perpetrator.aliases, "roles": list(perpetrator.roles),
            "sex": perpetrator.sex, "nationality": perpetrator.nationality,
            "details": perpetrator.details,
        }  # fmt: skip
        super().__init__(*args, initial=initial, **kwargs)
        self._style()


class PerpetratorMergeForm(StyledFormMixin, forms.Form):
    keep = forms.ChoiceField(label=_("Which record is kept"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why are these records the same perpetrator?"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(str(p.pk), perpetrator_label(p)) for p in records]
        self._style()


class PerpetratorMergeUndoForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the merge undone?"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
