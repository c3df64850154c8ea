import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel
from saphan.geo.models import Province
from saphan.orgs.models import Agency

from .process import Phase


@pghistory.track()
class Case(BaseModel):
    """One protection case. Reads go through selectors, which ask orgs/access.py."""

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
    is_demo = models.BooleanField(_("synthetic demo record"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["province", "agency"])]

    def __str__(self) -> str:
        return self.code


class AccessReason(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned to the case")
    REFERRAL = "referral", _("Accepted referral")
    SHELTER_RESIDENT = "shelter_resident", _("Resident of the shelter")
    NEED_TO_KNOW = "need_to_know", _("Need-to-know grant")


@pghistory.track()
class CaseAccess(BaseModel):
    """A way into one case beyond the province and agency rules: an assignment, an accepted
    referral, a shelter stay or an explicit need-to-know grant. Either to a user or an agency."""

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
