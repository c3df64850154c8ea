"""Stage 7, s.33: the protection and assistance plan, its services and shelter stays."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel
from saphan.orgs.models import Agency

from ..enums import ServiceStatus, ShelterExitReason, SupportType
from .case import Case, CaseAccess

USER = settings.AUTH_USER_MODEL


@pghistory.track()
class AssistancePlan(BaseModel):
    """The s.33 plan made with the person (HTCDS Support Plan): what it is for and until when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assistance_plans")
    objectives = models.TextField(_("objectives"))
    action_plan = models.TextField(_("action plan"), blank=True)
    started_on = models.DateField(_("started"))
    planned_end = models.DateField(_("planned end"))
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["started_on", "created_at"]
        verbose_name = _("protection and assistance plan")
        verbose_name_plural = _("protection and assistance plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("started_on")),
                name="plan_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.started_on}"


@pghistory.track()
class PlannedService(BaseModel):
    """One service of the plan: who provides it, when, and how it went."""

    plan = models.ForeignKey(AssistancePlan, on_delete=models.CASCADE, related_name="services")
    type = models.CharField(_("type of support"), max_length=40, choices=SupportType.choices)
    description = models.TextField(_("what will be done"), blank=True)
    provider_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("providing agency"),
    )
    provider_name = models.CharField(_("provider"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.PLANNED
    )
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["planned_start", "created_at"]
        verbose_name = _("planned service")
        verbose_name_plural = _("planned services")

    def __str__(self) -> str:
        return f"{self.type} ({self.status})"

    @property
    def provider(self) -> str:
        return str(self.provider_agency) if self.provider_agency_id else self.provider_name


@pghistory.track()
class ShelterStay(BaseModel):
    """A stay in a shelter. While it lasts, the shelter's staff see the case (with identity)
    through ``access``; ending the stay revokes that access."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shelter_stays")
    shelter = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("shelter")
    )
    started_on = models.DateField(_("arrived"))
    ended_on = models.DateField(_("left"), null=True, blank=True)
    exit_reason = models.CharField(
        _("why the stay ended"), max_length=30, choices=ShelterExitReason.choices, blank=True
    )
    exit_note = models.TextField(_("about the exit"), blank=True)
    access = models.ForeignKey(
        CaseAccess, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["started_on", "created_at"]
        verbose_name = _("shelter stay")
        verbose_name_plural = _("shelter stays")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="stay_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.started_on}"
