"""Charges brought against a trafficked person, and their waiver (s.41 and the
non-punishment principle; DOMAIN.md stage 5)."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel

from ..enums import VictimChargeOffence
from .case import Case


@pghistory.track()
class VictimCharge(BaseModel):
    """What the victim was charged with, by whom and when; whether it was waived and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="victim_charges")
    offence = models.CharField(_("offence"), max_length=40, choices=VictimChargeOffence.choices)
    details = models.TextField(_("details of the charge"), blank=True)
    charged_by = models.CharField(_("charged by"), max_length=200)
    charged_on = models.DateField(_("charged on"))
    waived = models.BooleanField(_("waived"), default=False)
    waived_on = models.DateField(_("waived on"), null=True, blank=True)
    reason = models.TextField(_("why waived or not"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["charged_on", "created_at"]
        verbose_name = _("charge against the victim")
        verbose_name_plural = _("charges against the victim")

    def __str__(self) -> str:
        return f"{self.case_id} {self.offence}"

    @property
    def under_s41(self) -> bool:
        from ..process import s41_covers

        return s41_covers(self.offence)
