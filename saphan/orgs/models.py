import uuid

import pghistory
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel
from saphan.geo.models import Province, Region

from .roles import Jurisdiction, Role


class AgencyKind(models.TextChoices):
    DATIP = "datip", _("Division of Anti-Trafficking in Persons")
    REGIONAL_OFFICE = "regional_office", _("Regional office")
    PSDHS = "psdhs", _("Provincial Office of Social Development and Human Security")
    SHELTER = "shelter", _("Children and family shelter")
    PROTECTION_CENTRE = "protection_centre", _("Protection and occupational development centre")
    POLICE = "police", _("Police")
    LABOUR_PROTECTION = "labour_protection", _("Labour protection and welfare office")
    EMPLOYMENT = "employment", _("Employment office")
    PUBLIC_HEALTH = "public_health", _("Public health office")
    IMMIGRATION = "immigration", _("Immigration")
    NGO = "ngo", _("Non-governmental organisation")
    OTHER = "other", _("Other agency")


@pghistory.track()
class Agency(BaseModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    level = models.CharField(_("level"), max_length=10, choices=Jurisdiction.choices)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("region")
    )
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("province")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["province_id", "kind", "name_th"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "th").startswith("en") else self.name_th

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.level == Jurisdiction.PROVINCE and not self.province_id:
            raise ValidationError({"province": _("A provincial agency needs its province.")})
        if self.province_id:
            self.region_id = self.province.region_id


class TeamKind(models.TextChoices):
    ONE_HOME = "one_home", _("One Home team")
    MDT = "mdt", _("Multidisciplinary team")


@pghistory.track()
class Team(BaseModel):
    kind = models.CharField(_("kind"), max_length=20, choices=TeamKind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="teams", verbose_name=_("province")
    )
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    agencies = models.ManyToManyField(Agency, through="TeamMembership", related_name="teams")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "province"], name="one_team_of_a_kind_per_province"
            )
        ]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "th").startswith("en") else self.name_th

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class TeamMembership(BaseModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "agency"], name="agency_once_per_team")
        ]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")

    def __str__(self) -> str:
        return str(self.agency)


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["password", "last_login"],
)
class User(AbstractUser):
    """A person who signs in: staff of an agency, a volunteer or a youth-council member."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("agency"),
    )
    roles = ArrayField(
        models.CharField(max_length=30, choices=Role.choices),
        default=list,
        blank=True,
        verbose_name=_("roles"),
    )
    jurisdiction = models.CharField(
        _("jurisdiction"),
        max_length=10,
        choices=Jurisdiction.choices,
        default=Jurisdiction.PROVINCE,
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("region")
    )
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("province")
    )
    language = models.CharField(_("language"), max_length=5, blank=True, default="")
    failed_login_count = models.PositiveSmallIntegerField(_("failed sign-ins in a row"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo account"), default=False)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "th").startswith("en") and self.name_en:
            return self.name_en
        return self.get_full_name() or self.username

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)

    def get_roles_display(self) -> list[str]:
        return [str(Role(r).label) for r in self.roles if r in Role.values]

    @property
    def is_locked(self) -> bool:
        return bool(self.locked_until and self.locked_until > timezone.now())

    def clean(self):
        super().clean()
        if self.jurisdiction == Jurisdiction.PROVINCE and not self.province_id:
            raise ValidationError({"province": _("A provincial account needs its province.")})
        if self.jurisdiction == Jurisdiction.REGION and not (self.region_id or self.province_id):
            raise ValidationError({"region": _("A regional account needs its region.")})
        if self.province_id:
            self.region_id = self.province.region_id
        unknown = set(self.roles) - set(Role.values)
        if unknown:
            raise ValidationError(
                {"roles": _("Unknown role: %(roles)s") % {"roles": ", ".join(sorted(unknown))}}
            )


# Who belongs to which permission group, and which model permissions an account holds, are
# access data too: their link tables are tracked like the models above.
UserGroupsEvent = pghistory.create_event_model(
    User.groups.through,
    pghistory.InsertEvent(),
    pghistory.DeleteEvent(),
    obj_field=pghistory.ObjForeignKey(related_name="+", db_constraint=False),
    model_name="UserGroupsEvent",
    abstract=False,
)
UserPermissionsEvent = pghistory.create_event_model(
    User.user_permissions.through,
    pghistory.InsertEvent(),
    pghistory.DeleteEvent(),
    obj_field=pghistory.ObjForeignKey(related_name="+", db_constraint=False),
    model_name="UserPermissionsEvent",
    abstract=False,
)


class SignInLock(models.Model):
    """Wrong passwords typed for a username that has no account, counted like an account's own
    (User.failed_login_count / locked_until), so the lockout answers alike whether the username
    exists or not."""

    username = models.CharField(_("username"), max_length=150, unique=True)
    failed_login_count = models.PositiveSmallIntegerField(_("failed sign-ins in a row"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("sign-in lock")
        verbose_name_plural = _("sign-in locks")

    def __str__(self) -> str:
        return self.username


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Replaced by a later change")


@pghistory.track()
class PendingRoleGrant(BaseModel):
    """A change of an account's roles or jurisdiction that opens case content. It takes effect
    only when a second person (a central officer, not the one who asked) approves it."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="role_grants", verbose_name=_("account")
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    reason = models.TextField(_("reason for the request"), max_length=1000, blank=True)
    # The account's access as it will be once approved.
    roles = ArrayField(
        models.CharField(max_length=30, choices=Role.choices), default=list, verbose_name=_("roles")
    )
    jurisdiction = models.CharField(_("jurisdiction"), max_length=10, choices=Jurisdiction.choices)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("region")
    )
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("province")
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("agency")
    )
    # The account's access when the request was made (roles, jurisdiction, area and agency ids).
    before = models.JSONField(_("access before"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.PENDING
    )
    decided_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_grant_per_account",
            )
        ]
        verbose_name = _("pending role grant")
        verbose_name_plural = _("pending role grants")

    def __str__(self) -> str:
        return f"{self.user} → {', '.join(self.roles)}"

    def get_roles_display(self) -> list[str]:
        return [str(Role(r).label) for r in self.roles if r in Role.values]
