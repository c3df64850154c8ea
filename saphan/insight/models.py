"""Who exported or downloaded what: every standard export, official report and chart download
leaves a row (the read-access log in audit/ is for single records; these are aggregates and
bulk datasets)."""

from django.conf import settings
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


class DashboardSnapshot(models.Model):
    """A dashboard's charts as last computed (the rollup): written by the periodic refresh
    (tasks.py) for the heavy national and regional pages, and on first view for the others;
    read while younger than selectors.SNAPSHOT_MAX_AGE. Keyed by place, period, suppression
    and language, so it holds exactly what any user allowed to open that place sees."""

    key = models.CharField(max_length=200, primary_key=True)
    charts = models.JSONField(default=list)
    computed_at = models.DateTimeField(db_index=True)
    compute_ms = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.key
