"""Stages 11-12: return (s.38-39), the family assessment before it, reintegration in the home
province and the follow-up visits that check the person is living normally."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel
from saphan.geo.models import District, Province
from saphan.orgs.models import Agency

from ..enums import FollowUpStatus, ReturnKind, SafeToReturn
from .case import Case

USER = settings.AUTH_USER_MODEL


@pghistory.track()
class FamilyAssessment(BaseModel):
    """Whether the family is a safe place to return to (before a return to the family)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.CharField(_("assessed by"), max_length=200)
    findings = models.TextField(_("findings"))
    safe_to_return = models.CharField(
        _("safe to return"), max_length=20, choices=SafeToReturn.choices
    )
    conditions = models.TextField(_("conditions"), blank=True)
    # Family tracing abroad goes through a counterpart of the directory (MoSVY, DSW, IOM...).
    counterpart = models.ForeignKey(
        "cases.Counterpart", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("family traced with"),
    )  # fmt: skip
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["assessed_on", "created_at"]
        verbose_name = _("family assessment")
        verbose_name_plural = _("family assessments")

    def __str__(self) -> str:
        return f"{self.case_id} {self.assessed_on} {self.safe_to_return}"


@pghistory.track()
class ReturnPlan(BaseModel):
    """A return: repatriation with the country of origin's counterpart (s.38), a Thai victim
    brought home from abroad (s.39), or a return to the family in Thailand."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="return_plans")
    kind = models.CharField(_("kind of return"), max_length=40, choices=ReturnKind.choices)
    destination_country = models.CharField(_("destination country"), max_length=2, default="TH")
    destination_province = models.ForeignKey(
        Province,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destination province"),
    )
    destination_district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destination district"),
    )
    destination_detail = models.CharField(_("destination"), max_length=300, blank=True)
    counterpart_org = models.CharField(
        _("counterpart organisation in the country of origin"), max_length=200, blank=True
    )
    counterpart = models.ForeignKey(
        "cases.Counterpart", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("counterpart organisation"),
    )  # fmt: skip
    counterpart_contact = models.CharField(_("counterpart's contact"), max_length=200, blank=True)
    family_assessment = models.ForeignKey(
        FamilyAssessment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("family assessment"),
    )
    planned_on = models.DateField(_("planned return date"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    escort = models.CharField(_("escorted by"), max_length=200, blank=True)
    handed_over_to = models.CharField(_("handed over to"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["planned_on", "created_at"]
        verbose_name = _("return plan")
        verbose_name_plural = _("return plans")

    def __str__(self) -> str:
        return f"{self.kind} {self.planned_on}"


@pghistory.track()
class ReintegrationPlan(BaseModel):
    """Reintegration with the home province's team and the village volunteer (อพม.)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="reintegration_plan")
    home_province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("home province")
    )
    home_district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home district"),
    )
    responsible_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible agency in the home province"),
    )
    volunteer_name = models.CharField(_("village volunteer (อพม.)"), max_length=200, blank=True)
    volunteer_contact = models.CharField(_("volunteer's contact"), max_length=200, blank=True)
    plan = models.TextField(_("plan"))
    started_on = models.DateField(_("reintegration started"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("reintegration plan")
        verbose_name_plural = _("reintegration plans")

    def __str__(self) -> str:
        return f"{self.case_id} {self.started_on}"


@pghistory.track()
class FollowUpVisit(BaseModel):
    """One of the scheduled follow-up visits (clocks follow_up_1..4 from the reintegration start).
    A visit past due and not done is an overdue deadline: an alert, not a silence."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_up_visits")
    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.CASCADE, related_name="visits")
    number = models.PositiveSmallIntegerField(_("visit number"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.SCHEDULED,
    )
    done_on = models.DateField(_("visited on"), null=True, blank=True)
    visited_by = models.CharField(_("visited by"), max_length=200, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    missed_reason = models.TextField(_("why the visit was missed"), blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "number"]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_visit_per_number")
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.number} {self.due_on}"
