"""The action-plan cascade: national plan → strategies → measures → indicators → assignments to
provinces and agencies with their own targets → quarterly reporting periods → provincial
progress reports with their entries and evidence.

An indicator is either *computed* from case data (its value comes from
``saphan.insight.indicators`` under ``insight_key`` and is never typed by anyone) or *reported*
by the province. Years are Buddhist-Era fiscal years (periods.py).
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel
from saphan.geo.models import Province

from .periods import Quarter

USER = settings.AUTH_USER_MODEL


# The plan's structure is edited by the central office (services.py): every insert, change and
# deletion is kept with who made it (the request's pghistory context).
def structure_trackers() -> tuple:
    """Fresh tracker instances for each model (pghistory binds a tracker to its model)."""
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


class BilingualTitle(models.Model):
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if (get_language() or "th").startswith("en") and self.title_en:
            return self.title_en
        return self.title_th


@pghistory.track(*structure_trackers())
class ActionPlan(BilingualTitle, BaseModel):
    """A national action plan, approved for a span of B.E. fiscal years."""

    start_year = models.PositiveSmallIntegerField(_("first fiscal year (B.E.)"))
    end_year = models.PositiveSmallIntegerField(_("last fiscal year (B.E.)"))
    approved_by = models.CharField(_("approved by"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in force"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("national action plan")
        verbose_name_plural = _("national action plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="plan_years_in_order"
            )
        ]

    def covers(self, fiscal_year: int) -> bool:
        return self.start_year <= fiscal_year <= self.end_year


class StrategyKind(models.TextChoices):
    """The five strategies (the "5P") every Thai anti-trafficking plan is built on."""

    POLICY = "policy", _("Policy and management")
    PROSECUTION = "prosecution", _("Prosecution")
    PROTECTION = "protection", _("Protection and assistance of victims")
    PREVENTION = "prevention", _("Prevention")
    PARTNERSHIP = "partnership", _("Partnership and cooperation")


@pghistory.track(*structure_trackers())
class Strategy(BilingualTitle, BaseModel):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="strategies")
    kind = models.CharField(_("strategy"), max_length=20, choices=StrategyKind.choices)
    number = models.PositiveSmallIntegerField(_("number"))

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="one_strategy_of_a_kind_per_plan")
        ]


@pghistory.track(*structure_trackers())
class Measure(BilingualTitle, BaseModel):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(_("code"), max_length=20)  # "3.2"
    number = models.PositiveSmallIntegerField(_("number"))

    class Meta:
        ordering = ["strategy__number", "number"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")


class IndicatorKind(models.TextChoices):
    COMPUTED = "computed", _("Computed from case data")
    REPORTED = "reported", _("Reported by the province")


class Unit(models.TextChoices):
    PEOPLE = "people", _("people")
    CASES = "cases", _("cases")
    TIMES = "times", _("times")
    PERCENT = "percent", _("percent")
    DAYS = "days", _("days")
    HOURS = "hours", _("hours")
    BAHT = "baht", _("baht")
    ACTIVITIES = "activities", _("activities")
    HOUSEHOLDS = "households", _("households")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


@pghistory.track(*structure_trackers())
class Indicator(BilingualTitle, BaseModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)  # "3.2.1"
    number = models.PositiveSmallIntegerField(_("number"))
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    insight_key = models.CharField(_("indicator key (computed)"), max_length=60, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    # Counts and sums add up over the quarters to the year's figure; a share, a median or an
    # average does not (the year's figure is then the latest quarter's).
    adds_up = models.BooleanField(_("quarters add up to the year"), default=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year (B.E.)"), null=True, blank=True
    )
    how_to_report = models.TextField(_("what to report"), blank=True)

    class Meta:
        ordering = ["measure__strategy__number", "measure__number", "number"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="computed") & ~models.Q(insight_key=""))
                | (models.Q(kind="reported") & models.Q(insight_key="")),
                name="computed_indicator_has_key",
            )
        ]

    @property
    def is_computed(self) -> bool:
        return self.kind == IndicatorKind.COMPUTED

    @property
    def is_additive(self) -> bool:
        return self.adds_up


@pghistory.track(*structure_trackers())
class IndicatorTarget(BaseModel):
    """The national yearly target of an indicator."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["fiscal_year"]
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "fiscal_year"], name="one_target_per_indicator_year"
            )
        ]


@pghistory.track(*structure_trackers())
class Assignment(BaseModel):
    """What one province (and its lead agency) must achieve on an indicator in a fiscal year;
    or, without a province, what a national agency (the Department of Special Investigation, the
    immigration bureau's headquarters...) must achieve itself."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="assignments")
    province = models.ForeignKey(
        Province,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_assignments",
        verbose_name=_("province"),
    )
    agency = models.ForeignKey(
        "orgs.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_assignments",
        verbose_name=_("lead agency"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = [
            "indicator__measure__strategy__number",
            "indicator__measure__number",
            "indicator__number",
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "province", "fiscal_year"],
                name="one_assignment_per_indicator_province_year",
            ),
            # Without a province the assignment is a national agency's own.
            models.CheckConstraint(
                condition=models.Q(province__isnull=False) | models.Q(agency__isnull=False),
                name="assignment_to_a_province_or_an_agency",
            ),
            models.UniqueConstraint(
                fields=["indicator", "agency", "fiscal_year"],
                condition=models.Q(province__isnull=True),
                name="one_national_assignment_per_indicator_agency_year",
            ),
        ]
        indexes = [models.Index(fields=["province", "fiscal_year"])]

    @property
    def is_national(self) -> bool:
        """Assigned to a national agency itself, not to a province."""
        return self.province_id is None


class ReportingPeriod(BaseModel):
    """A quarter of a Thai fiscal year (ไตรมาส 1 = October–December)."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    due_on = models.DateField(_("report due"))

    class Meta:
        ordering = ["fiscal_year", "quarter"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "quarter"], name="one_period_per_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="quarter_1_to_4"
            ),
        ]

    @property
    def as_quarter(self) -> Quarter:
        return Quarter(self.fiscal_year, self.quarter)

    @property
    def key(self) -> str:
        return self.as_quarter.key

    @property
    def label(self) -> str:
        return _("Quarter %(q)s, fiscal year %(y)s") % {"q": self.quarter, "y": self.fiscal_year}

    def __str__(self) -> str:
        return str(self.label)


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for the supervisor")
    APPROVED = "approved", _("Approved, waiting for the regional office")
    REVIEWED = "reviewed", _("Reviewed by the regional office")
    RETURNED = "returned", _("Returned for correction")


# States in which the province may still change the report.
EDITABLE_STATES = {ReportState.DRAFT, ReportState.RETURNED}
# States the region and the nation see (a draft stays inside the province).
SENT_STATES = {ReportState.SUBMITTED, ReportState.APPROVED, ReportState.REVIEWED}


class ProgressStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


@pghistory.track()
class ProgressReport(BaseModel):
    """A province's quarterly progress report on everything the plan assigns to it."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="reports")
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="plan_reports")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    status = models.CharField(
        _("overall status"), max_length=12, choices=ProgressStatus.choices, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    version = models.PositiveIntegerField(default=1)
    drafted_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("regional office's note"), blank=True)
    returned_reason = models.TextField(_("reason for returning"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["period__fiscal_year", "period__quarter", "province__name_th"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "province", "period"], name="one_report_per_province_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_sent(self) -> bool:
        return self.state in SENT_STATES


class ProgressEntry(BaseModel):
    """One assignment's result in one report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="entries")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="entries")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProgressStatus.choices, blank=True
    )
    narrative = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = [
            "assignment__indicator__measure__strategy__number",
            "assignment__indicator__measure__number",
            "assignment__indicator__number",
        ]
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "assignment"], name="one_entry_per_assignment"
            )
        ]


def evidence_path(evidence: Evidence, filename: str) -> str:
    """plan-evidence/<report id>/<random name>.<ext>: served only through a checked view."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"plan-evidence/{evidence.report_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(BaseModel):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    entry = models.ForeignKey(
        ProgressEntry,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("indicator"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    content_type = models.CharField(_("file type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
