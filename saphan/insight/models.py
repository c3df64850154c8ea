"""Who exported or downloaded what: every standard export, official report and chart download
leaves a row (the read-access log in audit/ is for single records; these are aggregates and
bulk datasets)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    HTCDS = "htcds", _("HTCDS tables")
    CTDC = "ctdc", _("CTDC-style de-identified dataset")
    CHART = "chart", _("Dashboard chart data")
    CABINET_REPORT = "cabinet_report", _("Annual report to the Cabinet (s.40)")
    STATISTICS = "statistics", _("Statistics table")


class ExportLog(models.Model):
    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    kind = models.CharField(_("what"), max_length=30, choices=ExportKind.choices)
    scope = models.CharField(_("scope"), max_length=200, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    suppressed = models.PositiveIntegerField(_("suppressed records or cells"), default=0)
    destination = models.CharField(_("file or format"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.kind}"


class Fact(models.Model):
    """One thing an indicator counts (a victim identified, a custody, an order, a visit…) with
    the dimensions the dashboards group by, materialised from the case records by facts.py.

    Never written by hand: facts.py rebuilds the rows of every case whose records changed
    (database triggers put the case in ``DirtyCase``) from the definitions in indicators.py.
    The columns a fact's value depends on "now" for (a follow-up's day, a referral's answer
    deadline, an open shelter stay) are kept raw and evaluated when the indicator is asked."""

    id = models.BigAutoField(primary_key=True)
    indicator = models.CharField(max_length=40)
    case_id = models.UUIDField(db_index=True)
    person_id = models.UUIDField(null=True)
    d = models.DateField()  # the fact's date (a shelter stay's first day)
    d_end = models.DateField(null=True)  # shelter stay's last day; follow-up visit's done day
    t_start = models.DateTimeField(null=True)  # referral sent
    t_end = models.DateTimeField(null=True)  # referral answered
    val = models.FloatField(null=True)
    flag = models.BooleanField(null=True)  # follow-up visit done
    province_id = models.CharField(max_length=10)
    region_id = models.CharField(max_length=30)
    sex = models.CharField(max_length=30)
    age_group = models.CharField(max_length=10)  # at the fact's date
    majority = models.CharField(max_length=10)  # minor, adult, unknown (at the fact's date)
    citizenship = models.CharField(max_length=10)
    exploitation = ArrayField(models.CharField(max_length=60), default=list)

    class Meta:
        indexes = [
            # covering: a dashboard's scans of the nation read the index alone
            models.Index(
                fields=["indicator", "d"],
                name="insight_fact_ind_d",
                include=[
                    "province_id",
                    "region_id",
                    "sex",
                    "age_group",
                    "citizenship",
                    "val",
                    "exploitation",
                ],
            ),
            models.Index(fields=["indicator", "province_id", "d"], name="insight_fact_ind_prov_d"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.case_id} {self.d}"


class DirtyCase(models.Model):
    """A case whose records changed since its facts were built (filled by triggers)."""

    id = models.BigAutoField(primary_key=True)
    case_id = models.UUIDField()

    def __str__(self) -> str:
        return str(self.case_id)


class FactState(models.Model):
    """One row: when the fact table was last built in full and last changed."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    built_at = models.DateTimeField(null=True)
    changed_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"facts built {self.built_at}"


class Rollup(models.Model):
    """The facts of whole months added up per province (and, for victims, per sex, age group,
    citizenship and form of exploitation): what a dashboard reads for the months before the
    current one. Rebuilt by facts.py for every (indicator, month, province) whose facts change;
    only the additive indicators whose facts do not depend on "now" within a past month."""

    id = models.BigAutoField(primary_key=True)
    indicator = models.CharField(max_length=40)
    month = models.DateField()  # the first day
    province_id = models.CharField(max_length=10)
    region_id = models.CharField(max_length=30)
    dim = models.CharField(
        max_length=20
    )  # "" (every fact), sex, age_group, citizenship, exploitation
    key = models.CharField(max_length=60)
    n = models.IntegerField()
    total = models.FloatField()

    class Meta:
        indexes = [
            models.Index(
                fields=["indicator", "month"],
                name="insight_rollup_ind_month",
                include=["province_id", "region_id", "dim", "key", "n", "total"],
            ),
            models.Index(
                fields=["indicator", "province_id", "month"], name="insight_rollup_ind_prov"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.month} {self.province_id} {self.dim}={self.key}"
