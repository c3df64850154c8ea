"""The protection process: its phases in order. Transitions and guards are added with the
protection-process work; everything else asks this module what a phase means."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    INTAKE = "intake", _("Intake")
    SCREENING = "screening", _("Screening")
    IDENTIFICATION = "identification", _("Identification")
    PROTECTION = "protection", _("Protection and assistance")
    RETURN_REINTEGRATION = "return_reintegration", _("Return and reintegration")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")


OPEN_PHASES = [p for p in Phase.values if p != Phase.CLOSED]
