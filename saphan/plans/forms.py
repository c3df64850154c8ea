"""Forms of the central office's plan editor. They only shape and check the input; the rules
that span records (years inside the plan, no duplicate assignment, nothing deleted that a report
refers to) live in services.py."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from saphan.core.forms import limit_texts
from saphan.geo.models import Province
from saphan.orgs.models import Agency

from . import computed
from .models import ActionPlan, Assignment, Indicator, IndicatorKind, Measure, Strategy

MAX = Decimal("999999999999")


class _Bootstrap:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_texts(self.fields)
        for field in self.fields.values():
            widget = field.widget
            css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control"
            if isinstance(widget, forms.Select):
                css = "form-select"
            widget.attrs.setdefault("class", css)

    def _post_clean(self):
        # The structure's services validate the model as a whole (years, uniqueness, what
        # reports refer to) and refuse with a message on the field; the form does not.
        pass


class PlanForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["title_th", "title_en", "start_year", "end_year", "approved_by", "is_active"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        for name in ("start_year", "end_year"):
            year = data.get(name)
            if year is not None and not 2500 <= year <= 2700:
                self.add_error(name, _("Write a Buddhist-Era year, such as 2569."))
        if start and end and end < start:
            self.add_error("end_year", _("The last fiscal year cannot come before the first."))
        return data


class StrategyForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["number", "kind", "title_th", "title_en"]


class MeasureForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["code", "number", "title_th", "title_en"]


class IndicatorForm(_Bootstrap, forms.ModelForm):
    """An indicator and, one field per fiscal year of the plan, its national targets."""

    class Meta:
        model = Indicator
        fields = [
            "code",
            "number",
            "title_th",
            "title_en",
            "kind",
            "insight_key",
            "unit",
            "direction",
            "adds_up",
            "baseline",
            "baseline_year",
            "how_to_report",
        ]
        widgets = {"how_to_report": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["insight_key"] = forms.ChoiceField(
            label=_("case-data figure (computed indicators)"),
            choices=[("", "—")] + computed.choices(),
            required=False,
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        existing = {}
        if self.instance.pk:
            existing = {t.fiscal_year: t.target for t in self.instance.targets.all()}
        self.years = list(range(plan.start_year, plan.end_year + 1))
        for year in self.years:
            self.fields[f"target_{year}"] = forms.DecimalField(
                label=_("Target %(y)s") % {"y": year},
                required=False,
                min_value=0,
                max_value=MAX,
                decimal_places=2,
                initial=existing.get(year),
                widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
            )

    def clean(self):
        data = super().clean()
        if data.get("kind") == IndicatorKind.COMPUTED and not data.get("insight_key"):
            self.add_error("insight_key", _("Choose which case-data figure this indicator counts."))
        return data

    @property
    def target_fields(self):
        return [self[f"target_{year}"] for year in self.years]

    def targets(self) -> dict:
        return {year: self.cleaned_data.get(f"target_{year}") for year in self.years}


class AssignmentForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["province", "agency", "fiscal_year", "target"]

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.order_by("name_th")
        self.fields["agency"].queryset = Agency.objects.order_by("name_th")
        self.fields["fiscal_year"] = forms.TypedChoiceField(
            label=_("fiscal year (B.E.)"),
            coerce=int,
            choices=[(y, y) for y in range(plan.start_year, plan.end_year + 1)],
            widget=forms.Select(attrs={"class": "form-select"}),
        )
        self.fields["target"].min_value = 0
        self.fields["province"].required = False
        self.fields["province"].help_text = _(
            "Leave empty for an assignment to a national agency itself (choose the agency)."
        )


def model_fields(form) -> dict:
    return {name: form.cleaned_data.get(name) for name in form.Meta.fields}
