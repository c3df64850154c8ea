"""The case, its code, its timeline and the ways into it."""

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel
from saphan.geo.models import Province
from saphan.orgs.models import Agency

from ..enums import ExploitationType, TraffickingStatus
from ..process import Phase


# The victims' citizenships are a copy kept by the database (migration 0012), not an edit of the
# case: their changes make no history event of the case (the person's own history has them).
@pghistory.track(exclude=["victim_citizenships"])
class Case(BaseModel):
    """One protection case. Reads go through selectors, which ask orgs/access.py.

    The phase is the one thing that moves forward (process.py); everything else is a record
    on a parallel track. A few facts are kept here as well, written only by the services that
    own them, so lists can filter without joins: the latest trafficking status and the forms
    of exploitation found at screening.
    """

    code = models.CharField(_("case code"), max_length=20, unique=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="cases", verbose_name=_("province")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="cases", verbose_name=_("owning agency")
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_as_worker",
        verbose_name=_("case worker"),
    )
    phase = models.CharField(_("phase"), max_length=30, choices=Phase.choices, default=Phase.INTAKE)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    trafficking_status = models.CharField(
        _("trafficking status"), max_length=40, choices=TraffickingStatus.choices, blank=True
    )
    exploitation_types = ArrayField(
        models.CharField(max_length=40, choices=ExploitationType.choices),
        default=list,
        blank=True,
        verbose_name=_("forms of exploitation"),
    )
    # Every citizenship of the case's victims, kept by database triggers on the case's persons
    # and their citizenships (migration 0012), never written by the app: the list's nationality
    # filter reads it from the case row instead of asking each case for its victims.
    victim_citizenships = ArrayField(
        models.CharField(max_length=2),
        default=list,
        blank=True,
        editable=False,
        verbose_name=_("victims' citizenships"),
    )
    version = models.PositiveIntegerField(default=1)
    is_demo = models.BooleanField(_("synthetic demo record"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["province", "agency"]),
            # The victims' citizenships ride along: the list's count with a nationality reads
            # the province's open cases from this index alone (an index-only scan).
            models.Index(
                fields=["province", "phase"],
                include=["victim_citizenships"],
                name="case_province_phase",
            ),
            # The case list's order within a province (cases.selectors.case_list): a page
            # reads its 25 rows from here, not every case of the province sorted.
            models.Index(
                "province",
                models.F("opened_at").desc(nulls_last=True),
                models.F("created_at").desc(),
                name="case_province_list_order",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class CaseCodeCounter(models.Model):
    """The last number given in a province and Buddhist-Era year (codes like 40-2569-00012)."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT)
    be_year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "be_year"], name="one_counter_per_province_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province_id}-{self.be_year}: {self.last_number}"


class AccessReason(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to the case")
    REFERRAL = "referral", _("Accepted referral")
    SHELTER_RESIDENT = "shelter_resident", _("Resident of the shelter")
    NEED_TO_KNOW = "need_to_know", _("Need-to-know grant")


@pghistory.track()
class CaseAccess(BaseModel):
    """A way into one case beyond the province and agency rules: an assignment, an accepted
    referral, a shelter stay or an explicit need-to-know grant. Either to a user or an agency."""

    Reason = AccessReason  # for orgs/access.py, which reaches this model through the registry

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="case_accesses",
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="case_accesses"
    )
    reason = models.CharField(_("reason"), max_length=30, choices=AccessReason.choices)
    identity = models.BooleanField(_("may see identity"), default=False)
    note = models.TextField(_("why"), blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("case access")
        verbose_name_plural = _("case accesses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(agency__isnull=False),
                name="access_to_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.reason}"


class TimelineEvent(models.Model):
    """Everything that happened in a case, in order: who, when, what. Written by the services in
    the same transaction as the change it records; shown through timeline.py."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("event"), max_length=60)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"])]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class SubmissionKey(models.Model):
    """One row per submitted form: a second submit of the same form finds it and changes nothing."""

    key = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    result = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return str(self.key)
