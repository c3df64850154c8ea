from django.db import models
from django.utils.translation import gettext_lazy as _


class ClockUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class ClockSetting(models.Model):
    """Every duration of the process in one table (DOMAIN.md): practice and law change, and the
    central office changes them here, not in code. clocks.py reads them; a missing row falls
    back to clocks.DEFAULTS."""

    key = models.CharField(_("clock"), max_length=60, primary_key=True)
    value = models.PositiveIntegerField(_("duration"))
    unit = models.CharField(_("unit"), max_length=10, choices=ClockUnit.choices)
    note = models.CharField(_("legal basis or note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("process clock")
        verbose_name_plural = _("process clocks")

    def __str__(self) -> str:
        return f"{self.key}: {self.value} {self.unit}"
