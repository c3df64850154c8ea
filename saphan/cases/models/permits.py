"""Stage 10, s.37: permission to stay (and work) in Thailand for a foreign victim."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel

from ..enums import PermitPurpose, PermitType
from .case import Case

USER = settings.AUTH_USER_MODEL


@pghistory.track()
class StayPermit(BaseModel):
    """One permission, from-to. A later permission that runs past this one renews it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stay_permits")
    purpose = models.CharField(_("purpose"), max_length=30, choices=PermitPurpose.choices)
    permit_type = models.CharField(_("permission"), max_length=20, choices=PermitType.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    issuing_office = models.CharField(_("issuing office"), max_length=200)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["valid_from", "created_at"]
        verbose_name = _("permission to stay (s.37)")
        verbose_name_plural = _("permissions to stay (s.37)")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__gt=models.F("valid_from")),
                name="permit_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.permit_type} {self.valid_from} – {self.valid_to}"
