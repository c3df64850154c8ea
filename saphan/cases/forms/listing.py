"""The case list's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import QuickSelect
from saphan.orgs.models import Agency
from saphan.people.codes import COUNTRY_CHOICES

from .. import enums
from ..process import Phase

# --- the case list -----------------------------------------------------------------------------


class CaseListForm(forms.Form):
    DEADLINE_CHOICES = [
        ("", _("Any deadline")),
        ("overdue", _("Overdue")),
        ("due_soon", _("Due soon")),
    ]

    scope = forms.ChoiceField(
        choices=[("mine", _("My cases")), ("all", _("All I can see"))],
        required=False,
        widget=QuickSelect,
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    # Every select of the list is written in Python (QuickSelect): the list is the page most
    # opened, and Django's widget renders one template per option.
    phase = forms.ChoiceField(
        label=_("Phase"),
        required=False,
        choices=[("", _("Open cases"))] + Phase.choices,
        widget=QuickSelect,
    )
    deadline = forms.ChoiceField(
        label=_("Deadline"), required=False, choices=DEADLINE_CHOICES, widget=QuickSelect
    )
    exploitation = forms.ChoiceField(
        label=_("Form of exploitation"),
        required=False,
        choices=[("", _("Any form"))] + enums.ExploitationType.choices,
        widget=QuickSelect,
    )
    # Country names in the reader's language (people.codes); the value kept is the ISO code
    # the citizenships are stored with. An old link with a lower-case code still works.
    nationality = forms.ChoiceField(
        label=_("Nationality"),
        required=False,
        choices=[("", _("Any nationality")), *COUNTRY_CHOICES],
        widget=QuickSelect,
    )
    agency = forms.ChoiceField(label=_("Owning agency"), required=False, widget=QuickSelect)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = (
            Agency.objects.filter(is_active=True, province_id=user.province_id).order_by(
                "kind", "name_th"
            )
            if user is not None and user.province_id
            else Agency.objects.none()
        )
        self.fields["agency"].choices = [("", _("Any agency"))] + [
            (a.code, a.name) for a in agencies
        ]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
        if not self.nationality_supported():
            del self.fields["nationality"]

    @staticmethod
    def nationality_supported() -> bool:
        """The nationality filter needs the people app's citizenships (ISO 3166 codes)."""
        from saphan.people.models import Person

        return any(f.name == "citizenships" for f in Person._meta.get_fields())

    def full_clean(self):
        # Codes typed by hand in older links ("mm") are read as the code they mean.
        if self.is_bound and "nationality" in self.fields:
            data = self.data.copy()
            data["nationality"] = (data.get("nationality") or "").strip().upper()
            self.data = data
        super().full_clean()
