from django import forms
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import StyledFormMixin


class TokenForm(StyledFormMixin, forms.Form):
    account = forms.ModelChoiceField(queryset=None, label=_("Integration account"))
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("Which system uses it, e.g. the 1300 hotline.")
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=90)

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts
        self.fields["account"].label_from_instance = lambda u: (
            f"{u.username} — {u.agency}" if u.agency_id else u.username
        )
        self._style()  # Bootstrap's full-width fields (the plain choice ran 839 px on a phone)
