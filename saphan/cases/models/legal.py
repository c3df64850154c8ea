"""Stage 8: support in the legal proceedings against the offenders."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel

from ..enums import ProceedingStatus, ProtectionMeasureKind, VictimRole, WitnessTestimonyKind
from .case import Case

USER = settings.AUTH_USER_MODEL


@pghistory.track()
class LegalProceeding(BaseModel):
    """One criminal case, from the police report to the final judgment, and the person's part."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_proceedings")
    police_case_number = models.CharField(_("police case number"), max_length=100, blank=True)
    police_station = models.CharField(_("police station"), max_length=200, blank=True)
    prosecutor = models.CharField(_("public prosecutor's office"), max_length=200, blank=True)
    court = models.CharField(_("court"), max_length=200, blank=True)
    court_case_number = models.CharField(_("court case number"), max_length=100, blank=True)
    victim_role = models.CharField(
        _("the person's role"), max_length=30, choices=VictimRole.choices
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProceedingStatus.choices,
        default=ProceedingStatus.INVESTIGATION,
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("legal proceeding")
        verbose_name_plural = _("legal proceedings")

    def __str__(self) -> str:
        return self.court_case_number or self.police_case_number or str(self.pk)


@pghistory.track()
class TestimonyDate(BaseModel):
    """A date the person gives evidence: a statement, a pre-trial deposition, court, video."""

    __test__ = False  # a model, not a pytest test class

    proceeding = models.ForeignKey(
        LegalProceeding, on_delete=models.CASCADE, related_name="testimonies"
    )
    scheduled_at = models.DateTimeField(_("date and time"))
    kind = models.CharField(
        _("kind of testimony"), max_length=30, choices=WitnessTestimonyKind.choices
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    done = models.BooleanField(_("given"), default=False)

    class Meta:
        ordering = ["scheduled_at"]
        verbose_name = _("testimony date")
        verbose_name_plural = _("testimony dates")

    def __str__(self) -> str:
        return f"{self.kind} {self.scheduled_at:%Y-%m-%d}"


@pghistory.track()
class ProtectionMeasure(BaseModel):
    """A measure protecting the person as a witness, for as long as it lasts."""

    proceeding = models.ForeignKey(
        LegalProceeding, on_delete=models.CASCADE, related_name="protection_measures"
    )
    measure = models.CharField(_("measure"), max_length=30, choices=ProtectionMeasureKind.choices)
    details = models.TextField(_("details"), blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["started_on"]
        verbose_name = _("protection measure")
        verbose_name_plural = _("protection measures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="measure_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.measure
