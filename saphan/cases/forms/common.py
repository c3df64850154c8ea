"""What the case forms share: the action form (version and submission key), reference-data
choices, fields that choose one of the case's own records, and the one-line descriptions of
those records."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import StyledFormMixin
from saphan.geo.models import Province
from saphan.orgs.models import Agency, AgencyKind
from saphan.orgs.roles import Jurisdiction

# --- widgets and fields (the shared ones are core's: saphan/core/forms.py) -------------------


def today_initial() -> list:
    """A date-and-time field starts with today's date and no time: the time of a legal clock
    is typed on purpose, never assumed."""
    return [timezone.localdate(), None]


# --- choices from reference data -------------------------------------------------------------

# Languages a person is interviewed or told their rights in (ISO 639 codes; 639-3 where 639-1
# has none). The most common languages of victims and migrants in Thailand first.
LANGUAGES = [
    ("th", _("Thai")),
    ("my", _("Burmese")),
    ("shn", _("Shan")),
    ("kar", _("Karen")),
    ("lo", _("Lao")),
    ("km", _("Khmer")),
    ("vi", _("Vietnamese")),
    ("zh", _("Chinese")),
    ("ms", _("Malay")),
    ("id", _("Indonesian")),
    ("en", _("English")),
]
LANGUAGE_LABELS = dict(LANGUAGES)


def language_label(code: str) -> str:
    return str(LANGUAGE_LABELS.get(code, code)) if code else ""


def _own_province_first(qs, province_id):
    return qs.annotate(
        _here=SqlCase(
            When(province_id=province_id, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("_here", "province__name_th", "kind", "name_th")


def agencies_for(province_id):
    """Agencies of a province and the national and regional ones: who refers tips and sits
    on a provincial team."""
    qs = Agency.objects.filter(is_active=True).filter(
        Q(province_id=province_id) | Q(level__in=[Jurisdiction.NATION, Jurisdiction.REGION])
    )
    return _own_province_first(qs.select_related("province"), province_id)


def shelters_for(province_id):
    qs = Agency.objects.filter(
        is_active=True, kind__in=[AgencyKind.SHELTER, AgencyKind.PROTECTION_CENTRE]
    )
    return _own_province_first(qs.select_related("province"), province_id)


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CounterpartChoiceField(forms.ModelChoiceField):
    """A foreign counterpart or NGO from the directory the system administrator keeps (active
    ones only); it may be left empty."""

    def __init__(self, **kwargs):
        from ..models import Counterpart

        super().__init__(
            queryset=Counterpart.objects.filter(is_active=True),
            required=False,
            empty_label="—",
            **kwargs,
        )


class CaseActionForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, user=None, records=None, **kwargs):
        self.case = case
        self.user = user
        self._records = records
        initial = {"version": case.version, "submission_key": uuid.uuid4()}
        initial.update(self.initial_for(case))
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)
        self._style()

    def initial_for(self, case) -> dict:
        return {}

    @property
    def records(self):
        """The case's track records (selectors.CaseRecords), as the view loaded them."""
        if self._records is None:
            from ..selectors import case_records

            self._records = case_records(case=self.case)
        return self._records


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


# --- the parallel tracks (stages 7-12), referrals, notes and documents -------------------------
#
# Forms that act on one of the case's records (a service, a claim, a visit…) choose it among the
# records the view loaded through selectors.case_records: never a record of another case.


class RecordChoiceField(forms.ChoiceField):
    """One of the case's own records, chosen by its id; cleaned to the record itself."""

    def __init__(self, *, describe=str, **kwargs):
        self.describe = describe
        self.objects: dict = {}
        super().__init__(**kwargs)

    def set_records(self, records) -> None:
        self.objects = {str(r.pk): r for r in records}
        choices = [(str(r.pk), self.describe(r)) for r in records]
        self.choices = choices if len(choices) == 1 else [("", "—")] + choices
        if len(choices) == 1:
            self.initial = choices[0][0]

    def clean(self, value):
        value = super().clean(value)
        return self.objects.get(str(value)) if value else None


class AmountField(forms.CharField):
    """Baht as typed (12,500.50): the service reads and checks the amount, so that a negative
    or malformed figure gets the same message from every form and the API."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", _("In baht, e.g. 12,500.50"))
        super().__init__(
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            **kwargs,
        )


class AgencyGroupField(forms.ChoiceField):
    """Any active agency with a province, grouped by province (the user's own first), for
    referrals and reintegration in another province. Cleaned to the Agency."""

    def set_agencies(self, *, first_province_id=None, exclude=()) -> None:
        qs = (
            Agency.objects.filter(is_active=True, province__isnull=False)
            .exclude(pk__in=[pk for pk in exclude if pk])
            .select_related("province")
            .order_by("province__name_th", "kind", "name_th")
        )
        groups: dict = {}
        for agency in qs:
            groups.setdefault(agency.province, []).append((str(agency.pk), agency.name))
        ordered = sorted(groups.items(), key=lambda kv: kv[0].pk != first_province_id)
        self.choices = [("", "—")] + [(str(p.name), rows) for p, rows in ordered]

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return Agency.objects.filter(pk=value, is_active=True).first()


def _date(value) -> str:
    from saphan.core.thai import format_date

    return format_date(value)


def _datetime(value) -> str:
    from saphan.core.thai import format_datetime

    return format_datetime(value)


def _baht(amount) -> str:
    return f"{amount:,.2f}"


def describe_service(s) -> str:
    return _("%(type)s — %(provider)s (%(status)s)") % {
        "type": s.get_type_display(),
        "provider": s.provider or "—",
        "status": s.get_status_display(),
    }


def describe_proceeding(p) -> str:
    number = p.court_case_number or p.police_case_number or "—"
    return f"{number} · {p.get_status_display()}"


def describe_testimony(t) -> str:
    return f"{t.get_kind_display()} · {_datetime(t.scheduled_at)}"


def describe_claim(c) -> str:
    return _("%(kind)s: %(amount)s baht claimed on %(date)s") % {
        "kind": c.get_kind_display(),
        "amount": _baht(c.amount_claimed),
        "date": _date(c.claimed_on),
    }


def describe_return(r) -> str:
    return f"{r.get_kind_display()} · {_date(r.planned_on)}"


def describe_visit(v) -> str:
    return _("Visit %(number)s, due %(date)s") % {"number": v.number, "date": _date(v.due_on)}


def describe_referral(r) -> str:
    return _("To %(agency)s, sent %(date)s") % {"agency": r.to_agency, "date": _date(r.sent_at)}


def _today() -> dt.date:
    return timezone.localdate()


def _text(label, *, required=True, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _line(label, max_length=200, *, required=True, help_text=""):
    """A one-line text field (``_text`` is the one of several lines)."""
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text
    )


def _tick(label, *, help_text=""):
    """A box to tick, or leave empty."""
    return forms.BooleanField(label=label, required=False, help_text=help_text)


def _province(label, **kwargs):
    """A province of Thailand, in Thai alphabetical order."""
    return forms.ModelChoiceField(
        label=label, queryset=Province.objects.order_by("name_th"), **kwargs
    )


def _approve_or_send_back(approve, send_back, **kwargs):
    """A supervisor's answer to what waits for them: approve it, or send it back."""
    return forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", approve), ("send_back", send_back)],
        widget=forms.RadioSelect,
        **kwargs,
    )
