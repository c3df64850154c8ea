"""Staff capacity: the training catalogue, sessions, completions, and the competencies each role
needs (with how long a course counts), so that a province without a trained screening
interviewer is visible before a victim is interviewed by someone who was never taught how."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from saphan.core.models import BaseModel
from saphan.geo.models import Province, Region
from saphan.orgs.models import Agency
from saphan.orgs.roles import Role


class Bilingual(models.Model):
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "th").startswith("en") and self.name_en:
            return self.name_en
        return self.name_th


# The longest a course may count before it must be refreshed (services.competency_save).
MAX_VALIDITY_MONTHS = 240


def validity_text(months: int | None) -> str:
    """How long a course counts, in years and months ("3 ปี", "1 ปี 6 เดือน"; "1 year 6 months")."""
    if not months:
        return gettext("Never expires")
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(ngettext("%(n)d year", "%(n)d years", years) % {"n": years})
    if rest:
        parts.append(ngettext("%(n)d month", "%(n)d months", rest) % {"n": rest})
    return " ".join(parts)


@pghistory.track()
class Competency(Bilingual, BaseModel):
    """What a person must be able to do (e.g. conduct a screening interview), and how long a
    course that teaches it counts before it must be refreshed."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: a completed course never expires."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")

    def valid_until(self, completed_on: dt.date) -> dt.date | None:
        """The last day a course completed on ``completed_on`` counts for this competency."""
        if not self.validity_months:
            return None
        months = completed_on.month - 1 + self.validity_months
        year, month = completed_on.year + months // 12, months % 12 + 1
        # The same day of the month, or the month's last day (29 Feb + 12 months → 28 Feb).
        day = min(completed_on.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day)

    @property
    def validity_text(self) -> str:
        return validity_text(self.validity_months)

    def earliest_valid_completion(self, on: dt.date) -> dt.date | None:
        """The earliest completion date that still counts on ``on`` (None: any date counts)."""
        if not self.validity_months:
            return None
        months = on.year * 12 + on.month - 1 - self.validity_months
        year, month = months // 12, months % 12 + 1
        day = min(on.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day)


# The central office edits the table (services.requirements_change): unticking a role deletes its
# row, so deletions are kept as well as insertions.
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class CompetencyRequirement(BaseModel):
    """A role that needs a competency: the configurable table of "who must be trained in what"."""

    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    competency = models.ForeignKey(
        Competency,
        on_delete=models.CASCADE,
        related_name="requirements",
        verbose_name=_("competency"),
    )

    class Meta:
        ordering = ["competency__code", "role"]
        constraints = [
            models.UniqueConstraint(fields=["role", "competency"], name="capacity_role_once")
        ]
        verbose_name = _("competency requirement")
        verbose_name_plural = _("competency requirements")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.competency}"


@pghistory.track()
class Course(Bilingual, BaseModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), default=6)
    competencies = models.ManyToManyField(
        Competency, blank=True, related_name="courses", verbose_name=_("competencies it gives")
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def description(self) -> str:
        if (get_language() or "th").startswith("en") and self.description_en:
            return self.description_en
        return self.description_th


# Which courses give a competency is part of the competency table: its link rows are kept too
# (added and removed), like the models above.
CourseCompetenciesEvent = pghistory.create_event_model(
    Course.competencies.through,
    pghistory.InsertEvent(),
    pghistory.DeleteEvent(),
    obj_field=pghistory.ObjForeignKey(related_name="+", db_constraint=False),
    model_name="CourseCompetenciesEvent",
    abstract=False,
)


@pghistory.track()
class TrainingSession(BaseModel):
    """One running of a course: when, where, and which agency organised it."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("course")
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("province")
    )
    organiser = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("organising agency"),
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.course} ({self.starts_on:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.province_id and not self.region_id:
            self.region_id = Province.objects.only("region_id").get(pk=self.province_id).region_id
        super().save(*args, **kwargs)


class CompletionSource(models.TextChoices):
    RECORDED = "recorded", _("Recorded on a session")
    IMPORTED = "imported", _("Imported from a file")
    DEMO = "demo", _("Demo data")


def certificate_path(instance, filename: str) -> str:
    # The uploaded name may identify the person; the stored name does not.
    suffix = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"capacity/certificates/{uuid.uuid4()}.{suffix}"


@pghistory.track()
class Completion(BaseModel):
    """A staff member completed a course on a date (with the certificate to prove it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="training_completions",
        verbose_name=_("staff member"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="completions", verbose_name=_("course")
    )
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="completions",
        verbose_name=_("session"),
    )
    completed_on = models.DateField(_("completed on"))
    certificate_number = models.CharField(_("certificate number"), max_length=80, blank=True)
    certificate_file = models.FileField(
        _("certificate file"), upload_to=certificate_path, max_length=300, blank=True
    )
    source = models.CharField(
        _("source"), max_length=20, choices=CompletionSource.choices, default="recorded"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "completed_on"], name="capacity_completion_once"
            )
        ]
        indexes = [models.Index(fields=["user", "completed_on"])]
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")

    def __str__(self) -> str:
        return f"{self.user} — {self.course} ({self.completed_on:%Y-%m-%d})"
